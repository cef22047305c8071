"""Reads on integrations, always restricted to what the actor may see."""

from __future__ import annotations

import copy
import uuid

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from authz import versions
from authz.context import Actor
from authz.models import Grant, Organization
from authz.selectors import organizations_for

from . import passwords
from .models import Activation, Integration
from .services import integration_password_upgrade


def integrations_for(actor: Actor, *, organization: Organization | None = None) -> QuerySet[Integration]:
    """Integrations of organizations whose configuration the actor may change, optionally of one organization.

    Reading an organization's configuration needs the same right as changing it (`ADMIN` for persons,
    `KONFIG.CONFIGURE` for integrations): an integration that may only index for a municipality does not see the
    municipality's other integrations. Output: QuerySet of local integrations (global ones:
    `global_integrations`), with `grant_count` annotated. Another organization's integrations are simply absent,
    so lookups by id answer 404.

    `grant_count` is a correlated subquery, not a COUNT over a join: a page of 50 counts the grants of those 50
    rows only (ordered by the (organization, name, id) index and cut off at the limit), and the paginator's
    COUNT(*) leaves the unused annotation out instead of grouping every integration of the organization.
    """
    qs = Integration.objects.local().filter(organization__in=organizations_for(actor, "change"))
    if organization is not None:
        qs = qs.filter(organization=organization)
    grants = (Grant.objects.filter(integration=OuterRef("pk")).order_by().values("integration")
              .annotate(n=Count("pk")).values("n"))
    return qs.select_related("organization").annotate(
        grant_count=Coalesce(Subquery(grants, output_field=IntegerField()), 0)
    )


def integration_search(qs: QuerySet[Integration], query: str) -> QuerySet[Integration]:
    """Filter integrations by a free-text query on name, description, authorized orgnr or id prefix."""
    query = (query or "").strip()
    if not query:
        return qs
    return qs.filter(
        Q(name__icontains=query) | Q(description__icontains=query) | Q(authorized_orgnr__startswith=query)
    )


def global_integrations(*, organization: Organization | None = None) -> QuerySet[Integration]:
    """The platform's global integrations (visible to every organization).

    With `organization`, each is annotated with `is_activated` (bool) for that organization.
    """
    qs = Integration.objects.global_().prefetch_related("requested_privileges__service")
    if organization is not None:
        qs = qs.annotate(
            is_activated=Exists(Activation.objects.filter(organization=organization, integration=OuterRef("pk")))
        )
    return qs


# Active integrations by id, as API callers authenticate (issue 6: "cache the caller's identity"). Entries are
# checked against the integration's shared version counter, which every save or delete of the integration bumps
# (integrations/receivers.py) and so does the password upgrade below: a deactivation, a rotation or a deletion on
# any app server is seen by the very next call here.
CALLER_CACHE_SIZE = 10_000
CALLER_CACHE_SECONDS = 300
_callers = versions.VersionedLocalCache(CALLER_CACHE_SIZE, CALLER_CACHE_SECONDS)


def parse_integration_id(value: str | None) -> uuid.UUID | None:
    """The UUID in an `IntegrasjonId` header (surrounding whitespace ignored), or None if it is not one."""
    try:
        return uuid.UUID(value.strip())
    except (ValueError, AttributeError):
        return None


def _active_integration(pk: uuid.UUID, versions_now=None) -> Integration | None:
    """The active integration `pk` with its organization, from this process's cache while its counter holds.

    `versions_now`: counter values the caller already read in this request (name → value), if any. Output: a copy
    the caller may change freely, or None (unknown or inactive; not remembered, so an integration created or
    reactivated since is found). Cost: one shared-cache round trip unless `versions_now` holds the integration's
    counter, plus one query on a miss.
    """
    name = versions.actor_key("integration", pk)
    stamp = (versions_now[name],) if versions_now and name in versions_now else versions.current(name)
    integration = _callers.get(pk, stamp)
    if integration is None:
        integration = Integration.objects.filter(pk=pk, is_active=True).select_related("organization").first()
        if integration is None:
            return None
        _callers.set(pk, stamp, integration)
    return copy.copy(integration)


def forget_callers() -> None:
    """Forget every remembered integration of this process (tests)."""
    _callers.clear()


def integration_authenticate(*, integration_id: str, password: str, consumer_orgnr: str,
                             versions_now=None) -> Integration | None:
    """The integration for the `IntegrasjonId`/`IntegrasjonPassord` headers, or None.

    None unless the id is a UUID of an existing active integration, the password (surrounding whitespace
    ignored, as pasted passwords often carry some) matches its current password or its previous one within the
    rotation overlap, and `consumer_orgnr` (the token's consumer) equals its authorized orgnr. Callers answer
    every None with the same generic 401. Cost: one shared-cache round trip and, the first time in this process
or after the integration changed, one query (none for a malformed id; `_active_integration`), and exactly
    `passwords.DIGESTS_PER_CHECK` digest computations whatever the outcome (integrations/passwords.py). A
    current password still stored in an old form is upgraded to a keyed digest on success.
    """
    pk = parse_integration_id(integration_id)
    integration = None
    if pk is not None:
        integration = _active_integration(pk, versions_now)
    slots = []
    if integration is not None:
        slots = [integration.password_digest]
        if integration.previous_password_valid_until(timezone.now()) is not None:
            slots.append(integration.previous_password_digest)
    matched = passwords.verify(password.strip(), slots)
    if matched is None or integration.authorized_orgnr != consumer_orgnr:
        return None
    if matched == 0 and passwords.needs_upgrade(integration.password_digest):
        integration_password_upgrade(integration=integration, password=password.strip(),
                                     stored=integration.password_digest)
    return integration
