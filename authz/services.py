"""Writes on organizations, grants and delegations. Each checks the actor's right and audits the change.

Keyword-only, called alike by web views, API views, the admin and management commands. All raise
`django.core.exceptions.PermissionDenied` when the actor may not make the change and `ValidationError` for bad
input; nothing is written in either case.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record
from .context import Context
from .identifiers import mask_pid, validate_orgnr, validate_pid
from .models import Delegation, Grant, Organization, Person, Privilege, Resource, Service
from .selectors import ADMIN, can_change, can_manage_grants_on, root_resource
from .text import normalize_text

NAME_MAX_LENGTH = 200


def require_change(ctx: Context, organization: Organization) -> None:
    """Raise `PermissionDenied` unless `ctx.actor` may change `organization`'s configuration."""
    if not can_change(ctx.actor, organization):
        raise PermissionDenied(_("Du har ikke tilgang til å endre denne organisasjonen."))


def require_manage_grants(ctx: Context, resource: Resource) -> None:
    """Raise `PermissionDenied` unless `ctx.actor` may grant and revoke on `resource` (`can_manage_grants_on`)."""
    if not can_manage_grants_on(ctx.actor, resource):
        raise PermissionDenied(_("Du har ikke tilgang til å endre tilgangene her."))


def person_get_or_create(*, pid: str) -> Person:
    """The `Person` with this pid, created if new (race-safe). Raises `ValidationError` for an invalid pid."""
    validate_pid(pid)
    try:
        with transaction.atomic():
            person, _created = Person.objects.get_or_create(pid=pid)
    except IntegrityError:  # a simultaneous first use of the same pid won
        person = Person.objects.get(pid=pid)
    return person


def person_name_from_claims(claims: dict) -> str:
    """The person's name from ID-porten claims: `name`, else `given_name` + `family_name`; "" when absent.

    Input: the id_token or userinfo claims. Output: the name in Unicode NFC (`normalize_text`), whitespace
    collapsed, at most 200 characters;
    values that are not strings are ignored (ID-porten sends names only with the `profile` scope).
    """
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("family_name")]
        name = " ".join(part for part in parts if isinstance(part, str))
    return " ".join(normalize_text(name).split())[:NAME_MAX_LENGTH]


def person_set_name(*, person: Person, name: str) -> Person:
    """Store the name a person had at their latest login (shown instead of the masked number).

    An empty name leaves the stored one (a login without the `profile` scope says nothing about the name).
    Not audited: it is the identity provider's data, not a change of any organization's configuration.
    """
    if name and person.name != name:
        person.name = name
        person.save(update_fields=["name"])
    return person


@transaction.atomic
def organization_create(ctx: Context, *, orgnr: str, name: str, first_admin_pid: str | None = None) -> Organization:
    """Create an organization with its root resource and, optionally, its first administrator.

    Only operators (and the system) may create organizations. Inputs: orgnr (validated), name (1-200 chars),
    the first administrator's pid (validated; gets `ADMIN` on the organization). Output: the organization.
    Raises `PermissionDenied`, or `ValidationError` for a bad or already registered orgnr or a bad pid.
    """
    if not ctx.actor.is_superuser:
        raise PermissionDenied(_("Bare operatører kan opprette organisasjoner."))
    validate_orgnr(orgnr)
    name = _clean_organization_name(name)
    if first_admin_pid:
        validate_pid(first_admin_pid)
    try:
        with transaction.atomic():
            organization = Organization.objects.create(orgnr=orgnr, name=name)
    except IntegrityError:
        raise ValidationError({"orgnr": _("Organisasjonen er allerede registrert.")}) from None
    root = Resource.objects.create(
        kind=Resource.Kind.ORGANIZATION, organization=organization, name=organization.name
    )
    root.path = f"{root.pk}/"
    root.save(update_fields=["path"])
    audit_record(ctx, action="organization.create", organization=organization, target=organization,
                 after={"orgnr": orgnr, "name": name})
    if first_admin_pid:
        person = person_get_or_create(pid=first_admin_pid)
        grant_create(ctx, privilege=Privilege.objects.get(code=ADMIN), resource=root, person=person)
    return organization


def _clean_organization_name(name: str | None) -> str:
    """The name normalized (`normalize_text`) and checked: 1-200 characters. Raises `ValidationError`."""
    name = normalize_text(name)
    if not name or len(name) > 200:
        raise ValidationError({"name": _("Navnet må ha 1-200 tegn.")})
    return name


@transaction.atomic
def organization_rename(ctx: Context, *, organization: Organization, name: str) -> Organization:
    """Give an organization a new name (operators only); its root resource is renamed with it. Audited.

    Input: the new name (normalized, 1-200 characters). Output: the organization; a name equal to the current
    one after normalization changes nothing and writes no event. Raises `PermissionDenied` or `ValidationError`.
    """
    if not ctx.actor.is_superuser:
        raise PermissionDenied(_("Bare operatører kan endre navn på organisasjoner."))
    name = _clean_organization_name(name)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.name == name:
        return organization
    before = {"name": organization.name}
    organization.name = name
    organization.save(update_fields=["name"])
    Resource.objects.filter(organization=organization, kind=Resource.Kind.ORGANIZATION).update(name=name)
    audit_record(ctx, action="organization.update", organization=organization, target=organization,
                 before=before, after={"name": name})
    return organization


def service_resource(*, organization: Organization, service: Service) -> Resource:
    """The resource of `service` under `organization`, created on first use (race-safe)."""
    root = root_resource(organization)
    try:
        with transaction.atomic():
            resource, created = Resource.objects.get_or_create(
                organization=organization, kind=Resource.Kind.SERVICE, service=service,
                defaults={"parent": root, "name": service.name},
            )
    except IntegrityError:
        return Resource.objects.get(organization=organization, kind=Resource.Kind.SERVICE, service=service)
    if created:
        resource.path = f"{root.path}{resource.pk}/"
        resource.save(update_fields=["path"])
    return resource


def _grant_snapshot(grant: Grant) -> dict:
    actor = (f"person:{mask_pid(grant.person.pid)}" if grant.person_id
             else f"integration:{grant.integration_id}")
    return {"actor": actor, "privilege": grant.privilege.code, "resource": grant.resource.path}


@transaction.atomic
def grant_create(
    ctx: Context,
    *,
    privilege: Privilege,
    resource: Resource,
    person: Person | None = None,
    integration=None,
    check_permission: bool = True,
) -> tuple[Grant, bool]:
    """Grant `privilege` on `resource` to a person or an integration (exactly one). Idempotent.

    Output: (grant, created); granting what already exists returns the existing grant and `created=False`
    without an audit event. Raises `ValidationError` if the privilege cannot be given to that kind of actor,
    if the privilege belongs to another service than the resource, or if the integration belongs to another
    organization; `PermissionDenied` if the actor may not manage grants on the resource (organization
    administrators anywhere in the tree, service administrators on their service: `can_manage_grants_on`).
    """
    if (person is None) == (integration is None):
        raise ValueError("give exactly one of person and integration")
    organization = resource.organization
    if check_permission:
        require_manage_grants(ctx, resource)
    if person is not None and not privilege.for_persons:
        raise ValidationError(_("%(code)s kan ikke gis til personer.") % {"code": privilege.code})
    if integration is not None:
        if not privilege.for_integrations:
            raise ValidationError(_("%(code)s kan ikke gis til integrasjoner.") % {"code": privilege.code})
        if integration.organization_id not in (None, organization.pk):
            raise ValidationError(_("Integrasjonen tilhører en annen organisasjon."))
    if resource.kind == Resource.Kind.SERVICE and privilege.service_id not in (None, resource.service_id):
        raise ValidationError(_("Privilegiet hører til en annen tjeneste."))
    lookup = {"privilege": privilege, "resource": resource, "person": person, "integration": integration}
    try:
        with transaction.atomic():
            grant, created = Grant.objects.get_or_create(**lookup, defaults={"granted_by": ctx.actor.display})
    except IntegrityError:  # a simultaneous identical grant won
        return Grant.objects.get(**lookup), False
    if created:
        audit_record(ctx, action="grant.create", organization=organization, service=resource.service,
                     target=grant, after=_grant_snapshot(grant))
    return grant, created


@transaction.atomic
def grant_revoke(ctx: Context, *, grant: Grant, check_permission: bool = True) -> None:
    """Revoke a grant and audit it. Raises `PermissionDenied` if the actor may not manage grants on its resource.

    An administrator cannot revoke the last `ADMIN` grant on an organization (raises `ValidationError`), so an
    organization is never left without an administrator by mistake; operators can.
    """
    organization = grant.resource.organization
    if check_permission:
        require_manage_grants(ctx, grant.resource)
    if (grant.privilege.code == ADMIN and grant.resource.kind == Resource.Kind.ORGANIZATION
            and not ctx.actor.is_superuser):
        admins = Grant.objects.select_for_update().filter(
            privilege=grant.privilege, resource=grant.resource, person__isnull=False
        )
        if len(admins) <= 1:
            raise ValidationError(_("Organisasjonen må ha minst én administrator."))
    snapshot = _grant_snapshot(grant)
    audit_record(ctx, action="grant.revoke", organization=organization, service=grant.resource.service,
                 target=grant, before=snapshot)
    grant.delete()


@transaction.atomic
def person_grant_create(
    ctx: Context, *, organization: Organization, pid: str, privilege: Privilege, service: Service | None = None,
) -> tuple[Grant, bool]:
    """Give a person (by fødselsnummer) a privilege on the organization, or on one of its services.

    Inputs: the organization, the pid (validated, synthetic numbers only in a test environment), a privilege
    that may be given to persons, and the service (None: the whole organization, e.g. `ADMIN` for an
    organization administrator). Output: (grant, created) as `grant_create`; `created=False` means the person
    already held it (nothing written). Raises `ValidationError` with the field named (`pid`, `privilege`,
    `service`) or `PermissionDenied`; the person is only created once everything else holds.
    """
    try:
        validate_pid(pid)
    except ValidationError as error:
        raise ValidationError({"pid": error.messages}) from None
    if privilege.service_id is not None and service is not None and privilege.service_id != service.pk:
        raise ValidationError({"privilege": _("Privilegiet hører til en annen tjeneste.")})
    service = service or privilege.service
    resource = service_resource(organization=organization, service=service) if service else root_resource(
        organization)
    require_manage_grants(ctx, resource)
    if not privilege.for_persons:
        raise ValidationError({"privilege": _("%(code)s kan ikke gis til personer.") % {"code": privilege.code}})
    return grant_create(ctx, privilege=privilege, resource=resource, person=person_get_or_create(pid=pid))


def _validate_party(field: str, value: str) -> dict[str, list[str]]:
    """Field errors for a party that is neither a valid orgnr (9 digits) nor a valid pid (11 digits)."""
    try:
        if isinstance(value, str) and len(value) == 9:
            validate_orgnr(value)
        else:
            validate_pid(value)
    except ValidationError as error:
        return {field: error.messages}
    return {}


def _may_delegate_for(actor, represented: str, organization: Organization | None) -> bool:
    return actor.is_superuser or (actor.kind == "person" and actor.party == represented) or (
        organization is not None and can_change(actor, organization)
    )


def _identical_delegation(*, represented, representative, service, valid_to) -> dict:
    """The lookup of the unrevoked delegation that a new one with these values would be (see `Delegation`)."""
    return {"represented": represented, "representative": representative, "service": service,
            "valid_to": valid_to, "revoked_at__isnull": True}


def _check_same_start(existing: Delegation, valid_from: datetime.datetime | None, now: datetime.datetime) -> None:
    """Raise `ValidationError` on `valid_from` if `existing` does not start when a new request asks."""
    same = existing.valid_from == valid_from if valid_from is not None else existing.valid_from <= now
    if not same:
        raise ValidationError({"valid_from": _(
            "Det finnes allerede en fullmakt for de samme partene og tjenesten med samme slutt, gyldig fra "
            "%(start)s. Trekk den tilbake først hvis den skal begynne på et annet tidspunkt."
        ) % {"start": timezone.localtime(existing.valid_from).strftime("%d.%m.%Y %H:%M")}})


def delegation_check(
    *,
    represented: str,
    representative: str,
    service: Service | None = None,
    valid_from: datetime.datetime | None = None,
    valid_to: datetime.datetime | None = None,
) -> Delegation | None:
    """Validate a new delegation's values; output: the identical existing delegation, or None if it is new.

    Raises `ValidationError` with the fields named: a party that is neither a valid orgnr nor a valid pid
    (`represented`, `representative`), the same party twice (`representative`), an end in the past or not
    after the start (`valid_to`), or an identical unrevoked delegation (same parties, service and end) that
    starts otherwise than asked (`valid_from`). Used by `delegation_create` and by forms that want every error
    before saving.
    """
    errors = {**_validate_party("represented", represented), **_validate_party("representative", representative)}
    if not errors and represented == representative:
        errors["representative"] = [_("En part kan ikke ha fullmakt for seg selv.")]
    now = timezone.now()
    if valid_to is not None:
        if valid_to <= now:
            errors["valid_to"] = [_("Slutten kan ikke være i fortiden.")]
        elif valid_to <= (valid_from or now):
            errors["valid_to"] = [_("Slutten må være etter starten.")]
    if errors:
        raise ValidationError(errors)
    existing = Delegation.objects.filter(**_identical_delegation(
        represented=represented, representative=representative, service=service, valid_to=valid_to)).first()
    if existing is not None:
        _check_same_start(existing, valid_from, now)
    return existing


@transaction.atomic
def delegation_create(
    ctx: Context,
    *,
    represented: str,
    representative: str,
    service: Service | None = None,
    valid_from: datetime.datetime | None = None,
    valid_to: datetime.datetime | None = None,
) -> tuple[Delegation, bool]:
    """Record that `representative` may act on behalf of `represented` (orgnr or pid each). Idempotent.

    Who may: operators for anyone; a person for themself; an administrator of the represented organization.
    Inputs: parties, optional service, validity (`valid_from` default now, `valid_to` default no end).
    Output: (delegation, created). An unrevoked delegation with the same parties, service and end is the same
    delegation — a database constraint holds it, also against concurrent requests — and is returned with
    `created=False` (nothing written, not audited) when it starts as asked (see `delegation_check`).
    Raises `ValidationError` (see `delegation_check`) or `PermissionDenied` if the actor may not delegate for
    `represented`. Nothing is written when it raises.
    """
    existing = delegation_check(represented=represented, representative=representative, service=service,
                                valid_from=valid_from, valid_to=valid_to)
    organization = Organization.objects.filter(orgnr=represented).first()
    if not _may_delegate_for(ctx.actor, represented, organization):
        raise PermissionDenied(_("Du kan ikke gi fullmakt på vegne av denne parten."))
    if existing is not None:
        return existing, False
    now = timezone.now()
    try:
        with transaction.atomic():
            delegation = Delegation.objects.create(
                represented=represented, representative=representative, service=service,
                valid_from=valid_from or now, valid_to=valid_to, created_by=ctx.actor.display,
            )
    except IntegrityError:  # a simultaneous identical create won
        existing = Delegation.objects.get(**_identical_delegation(
            represented=represented, representative=representative, service=service, valid_to=valid_to))
        # The winner wrote its own "now", later than ours: compare "from now" with the time after the conflict.
        _check_same_start(existing, valid_from, timezone.now())
        return existing, False
    audit_record(ctx, action="delegation.create", organization=organization, service=service,
                 target=delegation, after=_delegation_snapshot(delegation))
    return delegation, True


def _delegation_snapshot(d: Delegation) -> dict:
    def show(value: str) -> str:
        return mask_pid(value) if len(value) == 11 else value

    return {
        "represented": show(d.represented), "representative": show(d.representative),
        "service": d.service.code if d.service_id else None,
        "valid_from": d.valid_from.isoformat(), "valid_to": d.valid_to.isoformat() if d.valid_to else None,
        "revoked_at": d.revoked_at.isoformat() if d.revoked_at else None,
    }


@transaction.atomic
def delegation_revoke(ctx: Context, *, delegation: Delegation) -> Delegation:
    """Revoke a delegation (sets `revoked_at`; idempotent). Same permission rule as `delegation_create`."""
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    organization = Organization.objects.filter(orgnr=delegation.represented).first()
    actor = ctx.actor
    if not (actor.party in (delegation.represented, delegation.representative)
            or _may_delegate_for(actor, delegation.represented, organization)):
        raise PermissionDenied(_("Du kan ikke trekke tilbake denne fullmakten."))
    if delegation.revoked_at is None:
        before = _delegation_snapshot(delegation)
        delegation.revoked_at = timezone.now()
        delegation.save(update_fields=["revoked_at"])
        audit_record(ctx, action="delegation.revoke", organization=organization, service=delegation.service,
                     target=delegation, before=before, after=_delegation_snapshot(delegation))
    return delegation
