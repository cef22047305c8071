"""Reads about privileges and visibility: the one "what may this actor see" query for every channel."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from . import versions
from .context import Actor
from .models import Delegation, Grant, Organization, Privilege, Resource, Service

ADMIN = "ADMIN"
KONFIG_CONFIGURE = "KONFIG.CONFIGURE"


def _actor_grants(actor: Actor) -> QuerySet[Grant]:
    """Grants held by the actor (persons and integrations hold grants; other kinds hold none)."""
    if actor.kind == "person" and actor.person is not None:
        return Grant.objects.filter(person=actor.person)
    if actor.kind == "integration" and actor.integration is not None:
        return Grant.objects.filter(integration=actor.integration, integration__is_active=True)
    return Grant.objects.none()


def change_privilege_code(actor: Actor) -> str:
    """The privilege that lets this actor change an organization's configuration.

    `ADMIN` for persons, `KONFIG.CONFIGURE` for integrations (DESIGN.md, API / Authorization).
    """
    return KONFIG_CONFIGURE if actor.kind == "integration" else ADMIN


def organizations_for(actor: Actor, action: str = "view") -> QuerySet[Organization]:
    """Organizations the actor may see ("view"), change ("change") or administer in part ("administer").

    view: every organization in whose tree the actor holds any grant; change: those where the actor holds the
    change privilege (`change_privilege_code`) on the organization itself; administer: those where the actor
    holds `ADMIN` on the organization or on one of its services (service administrators, who manage that
    service's grants to persons). Operators and the system: all.
    Output: a QuerySet of `Organization`, ordered by name. Every lookup of an organization in the web UI, the
    API and the admin goes through this query; anything outside it answers 404.
    """
    if actor.is_superuser:
        return Organization.objects.all()
    grants = _actor_grants(actor)
    if action == "change":
        grants = grants.filter(privilege__code=change_privilege_code(actor), resource__kind="organization")
    elif action == "administer":
        grants = grants.filter(privilege__code=ADMIN, resource__kind__in=["organization", "service"])
    elif action != "view":
        raise ValueError(f"unknown action {action!r}")
    return Organization.objects.filter(pk__in=grants.values("resource__organization_id"))


@dataclass(frozen=True)
class Decision:
    """An access decision: `permit` True/False, a stable `code` and a human-readable `reason`."""

    permit: bool
    code: str
    reason: str


def root_resource(organization: Organization) -> Resource:
    """The organization's root resource (created with the organization)."""
    return Resource.objects.get(organization=organization, kind=Resource.Kind.ORGANIZATION)


def decide(
    *, actor: Actor, privilege: Privilege, organization: Organization, service: Service | None = None
) -> Decision:
    """Decide whether `actor` holds `privilege` on `organization` (or on its `service` resource).

    A grant on a resource holds for everything below it (DESIGN.md, resource tree), so a grant on the
    organization covers its services. A service-specific privilege is checked on that privilege's service
    when `service` is not given. Output: `Decision`; codes: "granted", "no_grant", "inactive_integration",
    "actor_kind_not_allowed".
    """
    if actor.kind == "integration" and actor.integration is not None and not actor.integration.is_active:
        return Decision(False, "inactive_integration", "Integrasjonen er deaktivert.")
    if actor.kind == "person" and not privilege.for_persons:
        return Decision(False, "actor_kind_not_allowed", f"{privilege.code} kan ikke gis til personer.")
    if actor.kind == "integration" and not privilege.for_integrations:
        return Decision(False, "actor_kind_not_allowed", f"{privilege.code} kan ikke gis til integrasjoner.")
    if actor.is_superuser:
        return Decision(True, "granted", "Operatør.")
    service = service or privilege.service
    resources = Q(resource__organization=organization, resource__kind=Resource.Kind.ORGANIZATION)
    if service is not None:
        resources |= Q(
            resource__organization=organization, resource__kind=Resource.Kind.SERVICE, resource__service=service
        )
    grant = _actor_grants(actor).filter(resources, privilege=privilege).select_related("resource").first()
    if grant is None:
        return Decision(False, "no_grant", f"Ingen tildelt tilgang {privilege.code} for {organization.orgnr}.")
    where = "organisasjonen" if grant.resource.kind == Resource.Kind.ORGANIZATION else "tjenesten"
    return Decision(True, "granted", f"{privilege.code} er tildelt på {where}.")


def can_change(actor: Actor, organization: Organization) -> bool:
    """True if the actor may change the organization's configuration (see `organizations_for`)."""
    return organizations_for(actor, "change").filter(pk=organization.pk).exists()


def administered_services(actor: Actor, organization: Organization) -> QuerySet[Service]:
    """The services of `organization` whose grants the actor manages.

    All services for those who may change the organization (`can_change`); otherwise the services on whose
    resource the actor holds `ADMIN` (a service administrator, DESIGN.md "Domain model"). Output: a QuerySet of
    `Service` ordered by name (empty for anyone else).
    """
    if can_change(actor, organization):
        return Service.objects.order_by("name")
    held = _actor_grants(actor).filter(
        privilege__code=ADMIN, resource__organization=organization, resource__kind=Resource.Kind.SERVICE
    )
    return Service.objects.filter(pk__in=held.values("resource__service_id")).order_by("name")


def can_manage_grants_on(actor: Actor, resource: Resource) -> bool:
    """True if the actor may grant and revoke privileges on `resource`.

    Those who may change the organization may do it anywhere in its tree; a service administrator (`ADMIN` on
    the service's resource) only on that service's resource.
    """
    if can_change(actor, resource.organization):
        return True
    if resource.kind != Resource.Kind.SERVICE:
        return False
    return _actor_grants(actor).filter(privilege__code=ADMIN, resource=resource).exists()


def person_grants(actor: Actor, organization: Organization) -> QuerySet[Grant]:
    """The grants to persons in `organization` that the actor may see and manage, administrators first.

    Everything for those who may change the organization; for a service administrator only the grants on
    the services they administer (`administered_services`). Output: grants with person, privilege and resource
    loaded, ordered organization-wide first, then by service name, privilege and person name.
    """
    grants = Grant.objects.filter(resource__organization=organization, person__isnull=False)
    if not can_change(actor, organization):
        grants = grants.filter(resource__kind=Resource.Kind.SERVICE,
                               resource__service__in=administered_services(actor, organization))
    return grants.select_related("person", "privilege", "resource__service").order_by(
        "resource__kind", "resource__service__name", "privilege__code", "person__name", "person__pid"
    )


def active_delegation_exists(
    *, represented: str, representative: str, service: Service | None = None
) -> bool:
    """True if an active delegation lets `representative` act for `represented` (optionally for `service`).

    Active: not revoked, `valid_from <= now`, and `valid_to` empty or in the future. A delegation without a
    service covers every service.
    """
    now = timezone.now()
    qs = Delegation.objects.filter(
        represented=represented, representative=representative, revoked_at__isnull=True, valid_from__lte=now
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=now))
    if service is not None:
        qs = qs.filter(Q(service__isnull=True) | Q(service=service))
    return qs.exists()


def delegations_for(actor: Actor) -> QuerySet[Delegation]:
    """Delegations the actor may see: those naming a party it is or administers; operators see all."""
    if actor.is_superuser:
        return Delegation.objects.all()
    parties = set(organizations_for(actor, "change").values_list("orgnr", flat=True))
    if actor.party:
        parties.add(actor.party)
    return Delegation.objects.filter(Q(represented__in=parties) | Q(representative__in=parties))


# --- remembered visibility (issue 6) -------------------------------------------------------------------------
# The answer of `organizations_for` about one organization, remembered per process under the shared version
# counters of what it depends on: the actor's (its grants; an integration's state), the organization's (grants
# on it, its existence and name) and the catalogue's (privilege codes). Every save or delete of those rows bumps
# a counter (authz/receivers.py, integrations/receivers.py), so a revoked grant or a removed administrator shows
# in the very next request on every app server.
ACCESS_CACHE_SIZE = 5_000  # about 1.5 KB each
ACCESS_CACHE_SECONDS = 300
_access = versions.VersionedLocalCache(ACCESS_CACHE_SIZE, ACCESS_CACHE_SECONDS)


def actor_counter(actor: Actor) -> str:
    """The name of the version counter bumped whenever what the actor holds changes (authz/versions.py)."""
    if actor.kind == "person" and actor.person is not None:
        return versions.actor_key("person", actor.person.pid)
    if actor.kind == "integration" and actor.integration is not None:
        return versions.actor_key("integration", actor.integration.pk)
    return versions.actor_key(actor.kind, actor.party or actor.username or "")


def access_counters(actor: Actor, orgnr: str) -> tuple[str, ...]:
    """The version counters `organization_access(actor, orgnr)` depends on (read them before the database)."""
    return actor_counter(actor), versions.organization_key(orgnr), versions.CATALOGUE


def organization_access(actor: Actor, orgnr: str, current: dict) -> tuple[Organization | None, bool]:
    """The organization `orgnr` if the actor may see it (else None), and whether it may also change it.

    The answer of `organizations_for(actor, "view")` and `(actor, "change")` for this organization, in one query,
    remembered in this process while the counters of `access_counters` are unchanged. `current`: the counters'
    values, read by the caller before any database read this answer could depend on (a mapping holding at least
    those names, e.g. `versions.current` or the request's `request_versions`). Output: a copy of the organization
    the caller may change freely (annotated `can_change`), or None; and the change right.
    """
    names = access_counters(actor, orgnr)
    stamp = tuple(current[name] for name in names)
    key = (actor.principal, orgnr)
    found = _access.get(key, stamp)
    if found is None:
        may_change = organizations_for(actor, "change").filter(pk=OuterRef("pk"))
        organization = organizations_for(actor, "view").annotate(can_change=Exists(may_change)) \
            .filter(orgnr=orgnr).first()
        found = (organization, organization is not None and bool(organization.can_change))
        _access.set(key, stamp, found)
    organization, can_change = found
    return (copy.copy(organization) if organization is not None else None), can_change


def forget_access() -> None:
    """Forget every remembered answer of `organization_access` in this process (tests)."""
    _access.clear()
