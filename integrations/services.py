"""Writes on integrations: create, update, delete, passwords (rotation with overlap), deactivation, global
activation. Audited.

Keyword-only, called alike by web views, API views, the admin and management commands. Each raises
`PermissionDenied` when the actor may not change the organization and `ValidationError` for bad input; nothing
is written in either case.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from authz import versions
from authz.audit import audit_record
from authz.context import Context
from authz.identifiers import validate_orgnr
from authz.models import Grant, Organization, Privilege
from authz.selectors import root_resource
from authz.services import grant_create, grant_revoke, require_change
from authz.text import normalize_text

from . import passwords
from .models import Activation, Integration
from .validators import DESCRIPTION_MAX_LENGTH, validate_global_code, validate_integration_name


def integration_snapshot(integration: Integration) -> dict:
    """The audited fields of an integration (never the password or its hash)."""
    return {
        "id": str(integration.pk),
        "name": integration.name,
        "description": integration.description,
        "authorized_orgnr": integration.authorized_orgnr,
        "is_active": integration.is_active,
        "code": integration.code,
    }


def _clean_fields(*, name: str, description: str, authorized_orgnr: str) -> dict:
    """The fields normalized (`normalize_text`: NFC, no surrounding whitespace) and validated.

    Output: {"name", "description", "authorized_orgnr"} as they are stored. Raises `ValidationError` with an
    error per bad field.
    """
    name, description, authorized_orgnr = (normalize_text(v) for v in (name, description, authorized_orgnr))
    errors: dict[str, list] = {}
    for field, value, check in (
        ("name", name, validate_integration_name),
        ("authorized_orgnr", authorized_orgnr, validate_orgnr),
    ):
        try:
            check(value)
        except ValidationError as e:
            errors[field] = e.messages
    if len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = [_("Beskrivelsen kan ha høyst %(max)d tegn.") % {"max": DESCRIPTION_MAX_LENGTH}]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "description": description, "authorized_orgnr": authorized_orgnr}


def _duplicate_name_error() -> ValidationError:
    return ValidationError({"name": [_("Organisasjonen har allerede en integrasjon med dette navnet.")]},
                           code="duplicate_name")


@transaction.atomic
def integration_get_or_create(
    ctx: Context, *, organization: Organization, name: str, authorized_orgnr: str, description: str = ""
) -> tuple[Integration, bool]:
    """Register an integration for `organization`, or return the one an identical earlier request made.

    Inputs: name (see `validate_integration_name`), authorized orgnr (9 digits, mod-11), description
    (≤ 1000 chars); all normalized first (`normalize_text`). Output: (integration, created). A repeated request
    (double click, client retry) that names an integration the organization already has with exactly the same
    normalized name, authorized orgnr and description returns it with `created=False`, unchanged and without a
    new audit event (issue 9 item 8). The unique constraint on (organization, lower(name)) decides, so
    simultaneous identical requests make one row. Raises `PermissionDenied`, or `ValidationError` with field
    errors; a name already used in the organization by a different integration (case-insensitive) is a field
    error on `name`.
    """
    require_change(ctx, organization)
    fields = _clean_fields(name=name, description=description, authorized_orgnr=authorized_orgnr)
    try:
        with transaction.atomic():
            integration = Integration.objects.create(organization=organization, **fields)
    except IntegrityError:
        existing = Integration.objects.filter(organization=organization, **fields).first()
        if existing is None:
            raise _duplicate_name_error() from None
        return existing, False
    audit_record(ctx, action="integration.create", organization=organization, target=integration,
                 after=integration_snapshot(integration))
    return integration, True


def integration_create(
    ctx: Context, *, organization: Organization, name: str, authorized_orgnr: str, description: str = ""
) -> Integration:
    """Register a new integration for `organization` (see `integration_get_or_create` for the inputs).

    Output: the saved integration (no password yet; see `integration_password_rotate`). Raises
    `PermissionDenied`, or `ValidationError` with field errors, including the duplicate-name error when the
    organization already has an integration with this name (also an identical one: callers that treat a repeat
    as success use `integration_get_or_create`).
    """
    integration, created = integration_get_or_create(
        ctx, organization=organization, name=name, authorized_orgnr=authorized_orgnr, description=description,
    )
    if not created:
        raise _duplicate_name_error()
    return integration


def _lock_for_change(ctx: Context, integration: Integration) -> Integration:
    """The integration, locked for update, after checking the actor may change it.

    Global integrations: operators only. Local ones: the change right on their organization. Raises
    `PermissionDenied`.
    """
    integration = Integration.objects.select_for_update().get(pk=integration.pk)
    if integration.is_global:
        if not ctx.actor.is_superuser:
            raise PermissionDenied(_("Bare operatører kan endre globale integrasjoner."))
    else:
        require_change(ctx, integration.organization)
    return integration


@transaction.atomic
def integration_update(
    ctx: Context, *, integration: Integration, expected_version: int | None = None, **changes
) -> Integration:
    """Change name, description, authorized orgnr and/or is_active of an integration.

    `expected_version` (the API's If-Match) makes the update fail with `ConcurrentUpdate` when someone changed
    the integration meanwhile. Output: the updated integration (version + 1). Raises `PermissionDenied`,
    `ValidationError` (field errors, duplicate name) or `ConcurrentUpdate`.
    """
    allowed = {"name", "description", "authorized_orgnr", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({f: [_("Ukjent felt.")] for f in sorted(unknown)})
    integration = _lock_for_change(ctx, integration)
    if expected_version is not None and integration.version != expected_version:
        raise ConcurrentUpdate()
    before = integration_snapshot(integration)
    merged = {
        "name": changes.get("name", integration.name),
        "description": changes.get("description", integration.description),
        "authorized_orgnr": changes.get("authorized_orgnr", integration.authorized_orgnr),
    }
    fields = _clean_fields(**merged)
    for key, value in fields.items():
        setattr(integration, key, value)
    if "is_active" in changes:
        integration.is_active = bool(changes["is_active"])
    integration.version += 1
    try:
        with transaction.atomic():
            integration.save()
    except IntegrityError:
        raise _duplicate_name_error() from None
    audit_record(ctx, action="integration.update", organization=integration.organization,
                 target=integration, before=before, after=integration_snapshot(integration))
    return integration


class ConcurrentUpdate(Exception):
    """The object changed since the version the caller based its update on (HTTP 412)."""


@transaction.atomic
def integration_delete(ctx: Context, *, integration: Integration, expected_version: int | None = None) -> list[str]:
    """Delete a local integration and all its grants; it stops working at once.

    `expected_version` (the API's If-Match) makes the delete fail with `ConcurrentUpdate` when the integration
    changed meanwhile; it is compared under the row lock. Output: the privilege codes of the grants that went
    (for the confirmation message). Raises `PermissionDenied` (also for global integrations, which only
    operators remove, in the admin) or `ConcurrentUpdate`.
    """
    integration = _lock_for_change(ctx, integration)
    if expected_version is not None and integration.version != expected_version:
        raise ConcurrentUpdate()
    grants = list(integration.grants.select_related("privilege", "resource__service"))
    codes = [g.privilege.code for g in grants]
    for grant in grants:
        grant_revoke(ctx, grant=grant, check_permission=False)
    audit_record(ctx, action="integration.delete", organization=integration.organization,
                 target=integration, before=integration_snapshot(integration) | {"grants": codes})
    integration.delete()
    return codes


def _password_snapshot(integration: Integration) -> dict:
    """When the passwords were set and when the previous one stops working (never a password or digest)."""
    def iso(value):
        return value.isoformat() if value else None

    return {
        "password_set_at": iso(integration.password_set_at),
        "previous_password_set_at": iso(integration.previous_password_set_at),
        "previous_password_expires_at": iso(integration.previous_password_expires_at),
    }


def _clean_overlap(overlap_minutes) -> int:
    if overlap_minutes is None:
        return passwords.DEFAULT_OVERLAP_MINUTES
    if isinstance(overlap_minutes, bool) or not isinstance(overlap_minutes, int) or not (
        0 <= overlap_minutes <= passwords.MAX_OVERLAP_MINUTES
    ):
        raise ValidationError({"overlap_minutes": [
            _("Overlappen må være et helt antall minutter fra 0 til %(max)d (24 timer).")
            % {"max": passwords.MAX_OVERLAP_MINUTES}
        ]}, code="invalid_overlap")
    return overlap_minutes


@transaction.atomic
def integration_password_rotate(ctx: Context, *, integration: Integration, overlap_minutes: int | None = None) -> str:
    """Generate a new password; the current one stays valid for `overlap_minutes` more (rotation without downtime).

    Inputs: `overlap_minutes`, an int from 0 to 1440 (24 h); None means the default of 30 minutes (as ID-porten
    does for client secrets; DESIGN.md "Integration passwords"). 0 ends the old password at once; a password
    that was still in an earlier overlap stops at once (only the newest old password overlaps). Output: the new
    password (43 URL-safe characters, 256 bits from `secrets`), to be shown exactly once; only its keyed digest
    is stored (integrations/passwords.py). Audited ("integration.password_rotate": set times and the old
    password's end, never a password or digest). Raises `PermissionDenied`, or `ValidationError` on
    `overlap_minutes` for a value outside 0–1440.
    """
    overlap = _clean_overlap(overlap_minutes)
    integration = _lock_for_change(ctx, integration)
    before = _password_snapshot(integration)
    password, stored = passwords.generate()
    now = timezone.now()
    if integration.password_digest and overlap > 0:
        integration.previous_password_digest = integration.password_digest
        integration.previous_password_set_at = integration.password_set_at
        integration.previous_password_expires_at = now + datetime.timedelta(minutes=overlap)
    else:
        integration.previous_password_digest = ""
        integration.previous_password_set_at = integration.previous_password_expires_at = None
    integration.password_digest = stored
    integration.password_set_at = now
    integration.version += 1
    integration.save(update_fields=["password_digest", "password_set_at", "previous_password_digest",
                                    "previous_password_set_at", "previous_password_expires_at", "version",
                                    "updated_at"])
    audit_record(ctx, action="integration.password_rotate", organization=integration.organization,
                 target=integration, before=before,
                 after=_password_snapshot(integration) | {"overlap_minutes": overlap})
    return password


@transaction.atomic
def integration_password_end_previous(ctx: Context, *, integration: Integration) -> Integration:
    """End the previous password's overlap now: only the current password works from this moment.

    Idempotent: without a previous password still valid, nothing changes and nothing is audited. Output: the
    integration (version + 1 when something changed). Audited ("integration.password_end_previous").
    Raises `PermissionDenied`.
    """
    integration = _lock_for_change(ctx, integration)
    if integration.previous_password_valid_until(timezone.now()) is None:
        return integration
    before = _password_snapshot(integration)
    integration.previous_password_digest = ""
    integration.previous_password_set_at = integration.previous_password_expires_at = None
    integration.version += 1
    integration.save(update_fields=["previous_password_digest", "previous_password_set_at",
                                    "previous_password_expires_at", "version", "updated_at"])
    audit_record(ctx, action="integration.password_end_previous", organization=integration.organization,
                 target=integration, before=before, after=_password_snapshot(integration))
    return integration


def integration_password_upgrade(*, integration: Integration, password: str, stored: str) -> bool:
    """Replace a verified legacy stored password (Django hash, or an older pepper) by a keyed digest.

    Called after `password` was verified against `stored` (the current slot). The update is conditional on the
    row still holding `stored`, so a rotation meanwhile is never overwritten. Not audited: the password and
    everything a user sees stay the same (only the storage format changes). Output: True if updated.
    """
    updated = bool(Integration.objects.filter(pk=integration.pk, password_digest=stored).update(
        password_digest=passwords.make_stored(password)
    ))
    if updated:  # QuerySet.update sends no post_save: bump by hand, so no process keeps the old digest
        versions.bump(versions.actor_key("integration", integration.pk))
    return updated


def _set_active(ctx: Context, *, integration: Integration, active: bool) -> Integration:
    integration = _lock_for_change(ctx, integration)
    if integration.is_active == active:
        return integration
    before = integration_snapshot(integration)
    integration.is_active = active
    integration.version += 1
    integration.save(update_fields=["is_active", "version", "updated_at"])
    audit_record(ctx, action="integration.reactivate" if active else "integration.deactivate",
                 organization=integration.organization, target=integration, before=before,
                 after=integration_snapshot(integration))
    return integration


@transaction.atomic
def integration_deactivate(ctx: Context, *, integration: Integration) -> Integration:
    """Stop an integration at once: its calls answer 401 and every decision about it is deny
    (`inactive_integration`) on every app server from the commit on. Its grants and passwords are kept.

    Idempotent (an inactive integration is returned unchanged, nothing audited). Output: the integration.
    Audited ("integration.deactivate"). Raises `PermissionDenied`.
    """
    return _set_active(ctx, integration=integration, active=False)


@transaction.atomic
def integration_reactivate(ctx: Context, *, integration: Integration) -> Integration:
    """Let a deactivated integration call again, with the grants and passwords it had. Idempotent; audited
    ("integration.reactivate"). Output: the integration. Raises `PermissionDenied`."""
    return _set_active(ctx, integration=integration, active=True)


@transaction.atomic
def global_integration_create(
    ctx: Context, *, code: str, name: str, authorized_orgnr: str, description: str = "",
    requested_privileges: list[Privilege] | tuple = (),
) -> Integration:
    """Create a global integration (operators only). Raises `PermissionDenied` or `ValidationError`."""
    if not ctx.actor.is_superuser:
        raise PermissionDenied(_("Bare operatører kan opprette globale integrasjoner."))
    code = normalize_text(code)
    validate_global_code(code)
    fields = _clean_fields(name=name, description=description, authorized_orgnr=authorized_orgnr)
    bad = [p.code for p in requested_privileges if not p.for_integrations]
    if bad:
        raise ValidationError({"requested_privileges": [_("Kan ikke gis til integrasjoner: ") + ", ".join(bad)]})
    try:
        with transaction.atomic():
            integration = Integration.objects.create(code=code, **fields)
    except IntegrityError:
        raise ValidationError(_("En global integrasjon med denne koden eller dette navnet finnes allerede.")) from None
    integration.requested_privileges.set(requested_privileges)
    after = integration_snapshot(integration) | {"requested_privileges": [p.code for p in requested_privileges]}
    audit_record(ctx, action="global_integration.create", organization=None, target=integration, after=after)
    return integration


@transaction.atomic
def global_integration_activate(
    ctx: Context, *, integration: Integration, organization: Organization
) -> tuple[Activation, bool]:
    """Activate a global integration for an organization: grants exactly its requested privileges there.

    Idempotent (activating again changes nothing; the unique (integration, organization) constraint decides
    between simultaneous requests). Output: (activation, created) — created is False when it was already
    active. Raises `PermissionDenied` or `ValidationError` (not a global integration, or deactivated by the
    platform).
    """
    require_change(ctx, organization)
    if not integration.is_global:
        raise ValidationError(_("Bare globale integrasjoner kan aktiveres."))
    if not integration.is_active:
        raise ValidationError(_("Integrasjonen er deaktivert av plattformen."))
    try:
        with transaction.atomic():
            activation, created = Activation.objects.get_or_create(
                integration=integration, organization=organization,
                defaults={"activated_by": ctx.actor.display},
            )
    except IntegrityError:  # a simultaneous activation won
        return Activation.objects.get(integration=integration, organization=organization), False
    if created:
        root = root_resource(organization)
        privileges = list(integration.requested_privileges.all())
        audit_record(ctx, action="global_integration.activate", organization=organization, target=integration,
                     after={"privileges": [p.code for p in privileges]})
        for privilege in privileges:
            grant_create(ctx, privilege=privilege, resource=root, integration=integration, check_permission=False)
    return activation, created


@transaction.atomic
def global_integration_deactivate(ctx: Context, *, integration: Integration, organization: Organization) -> bool:
    """Deactivate a global integration for an organization: revokes every grant it holds there.

    Output: True if it was active. Raises `PermissionDenied`.
    """
    require_change(ctx, organization)
    deleted, _rows = Activation.objects.filter(integration=integration, organization=organization).delete()
    if not deleted:
        return False
    grants = Grant.objects.filter(integration=integration, resource__organization=organization).select_related(
        "privilege", "resource__service"
    )
    audit_record(ctx, action="global_integration.deactivate", organization=organization, target=integration,
                 before={"privileges": [g.privilege.code for g in grants]})
    for grant in grants:
        grant_revoke(ctx, grant=grant, check_permission=False)
    return True
