"""Writing the audit trail (append-only), in the same transaction as the change it describes."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .context import Context
from .models import AuditEvent, Organization, Service

SECRET_KEYS = frozenset({"password", "password_hash", "secret", "token", "client_secret"})


def _scrub(snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
    if snapshot is None:
        return None
    return {k: v for k, v in snapshot.items() if k not in SECRET_KEYS}


def audit_record(
    ctx: Context,
    *,
    action: str,
    organization: Organization | None,
    target: object | None = None,
    target_type: str = "",
    service: Service | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event describing a change made by `ctx.actor`.

    Inputs: the context (actor, channel, request id, on-behalf-of party, extra facts), a dotted `action`
    name (e.g. "integration.create"), the organization and service concerned (referenced, and their orgnr/name
    and code/name stored as text), the target object (its pk and str() are stored) and JSON-serializable
    before/after snapshots; keys naming secrets are dropped.
    Output: the saved `AuditEvent`. Must run inside the caller's transaction (raises
    `TransactionManagementError` otherwise) so the event and the change commit or roll back together.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("audit_record must run inside the change's transaction")
    return AuditEvent.objects.create(
        channel=ctx.channel,
        request_id=ctx.request_id,
        principal=ctx.actor.principal,
        principal_display=ctx.actor.display,
        on_behalf_of=ctx.on_behalf_of,
        organization=organization,
        organization_orgnr=organization.orgnr if organization is not None else "",
        organization_name=organization.name if organization is not None else "",
        service=service,
        service_code=service.code if service is not None else "",
        service_name=service.name if service is not None else "",
        action=action,
        target_type=target_type or (type(target).__name__.lower() if target is not None else ""),
        target_id=str(getattr(target, "pk", "") or ""),
        target_display=str(target)[:300] if target is not None else "",
        before=_scrub(before),
        after=_scrub(after),
        extra=ctx.extra,
    )
