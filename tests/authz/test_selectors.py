"""The "who may do what" reads: decide(), organizations_for(), delegations_for(), active_delegation_exists().

Each test asserts the verdict (permit, the organizations or delegations returned), not only a code.
"""

import datetime

import pytest
from django.utils import timezone

from authz.context import Actor
from authz.models import Delegation, Privilege, Resource, Service
from authz.selectors import (
    Decision,
    active_delegation_exists,
    can_change,
    change_privilege_code,
    decide,
    delegations_for,
    organizations_for,
    root_resource,
)
from authz.services import delegation_create, grant_create, person_get_or_create, service_resource
from integrations.services import integration_create, integration_update
from tests.conftest import DEMO_ORGNR, NOBODY_PID, OTHER_ORGNR, SYSTEM, VENDOR_ORGNR

# Not used as a party elsewhere in these tests.
THIRD_ORGNR = "889640782"
FOURTH_ORGNR = "991825827"


def _privilege(code: str) -> Privilege:
    return Privilege.objects.get(code=code)


def _person_with(ctx, organization, code: str, *, on_service: bool):
    """A new person (NOBODY_PID) holding `code` on the organization or on the privilege's service resource."""
    privilege = _privilege(code)
    if on_service:
        service = privilege.service or Service.objects.get(code="MINSIDE_SOK")
        resource = service_resource(organization=organization, service=service)
    else:
        resource = root_resource(organization)
    person = person_get_or_create(pid=NOBODY_PID)
    grant_create(ctx, privilege=privilege, resource=resource, person=person)
    return Actor.for_person(person)


def _integration_with(ctx, organization, code: str | None, *, name: str = "Sak og arkiv"):
    integration = integration_create(ctx, organization=organization, name=name, authorized_orgnr=VENDOR_ORGNR)
    if code:
        grant_create(ctx, privilege=_privilege(code), resource=root_resource(organization), integration=integration)
    return integration


# decide(): where a grant holds


def test_decide_grant_on_the_organization_covers_its_services(admin_ctx, demo_org):
    actor = _person_with(admin_ctx, demo_org, "MINSIDE_SOK.SEARCH", on_service=False)
    decision = decide(actor=actor, privilege=_privilege("MINSIDE_SOK.SEARCH"), organization=demo_org)
    assert decision == Decision(True, "granted", "MINSIDE_SOK.SEARCH er tildelt på organisasjonen.")


def test_decide_grant_on_the_privileges_service_resource_permits(admin_ctx, demo_org):
    actor = _person_with(admin_ctx, demo_org, "MINSIDE_SOK.SEARCH", on_service=True)
    decision = decide(actor=actor, privilege=_privilege("MINSIDE_SOK.SEARCH"), organization=demo_org)
    assert decision == Decision(True, "granted", "MINSIDE_SOK.SEARCH er tildelt på tjenesten.")


def test_decide_grant_on_one_services_resource_does_not_hold_for_another_service(admin_ctx, demo_org):
    # SEARCH granted on MinSide Søk's resource; asked for SvarUt's resource it must not hold.
    actor = _person_with(admin_ctx, demo_org, "MINSIDE_SOK.SEARCH", on_service=True)
    decision = decide(actor=actor, privilege=_privilege("MINSIDE_SOK.SEARCH"), organization=demo_org,
                      service=Service.objects.get(code="SVARUT"))
    assert decision.permit is False
    assert decision.code == "no_grant"


def test_decide_service_grant_of_an_organization_wide_privilege_is_not_organization_wide(admin_ctx, demo_org):
    # ADMIN (no service of its own) granted on MinSide Søk's resource holds there, not on the organization.
    actor = _person_with(admin_ctx, demo_org, "ADMIN", on_service=True)
    admin = _privilege("ADMIN")
    assert decide(actor=actor, privilege=admin, organization=demo_org).permit is False
    assert decide(actor=actor, privilege=admin, organization=demo_org,
                  service=Service.objects.get(code="MINSIDE_SOK")).permit is True


def test_decide_organization_grant_in_another_organization_does_not_hold(admin_ctx, demo_org, other_org):
    actor = _person_with(admin_ctx, demo_org, "MINSIDE_SOK.SEARCH", on_service=False)
    decision = decide(actor=actor, privilege=_privilege("MINSIDE_SOK.SEARCH"), organization=other_org)
    assert decision == Decision(False, "no_grant", f"Ingen tildelt tilgang MINSIDE_SOK.SEARCH for {OTHER_ORGNR}.")


def test_decide_service_grant_in_another_organization_does_not_hold(admin_ctx, demo_org, other_org):
    actor = _person_with(admin_ctx, demo_org, "MINSIDE_SOK.SEARCH", on_service=True)
    decision = decide(actor=actor, privilege=_privilege("MINSIDE_SOK.SEARCH"), organization=other_org)
    assert decision.permit is False and decision.code == "no_grant"


def test_decide_grant_of_another_privilege_does_not_hold(admin_ctx, demo_org):
    actor = _person_with(admin_ctx, demo_org, "MINSIDE_SOK.SEARCH", on_service=False)
    assert decide(actor=actor, privilege=_privilege("SVARUT.SEND"), organization=demo_org).permit is False


def test_decide_person_without_grants_is_denied(nobody_ctx, demo_org):
    decision = decide(actor=nobody_ctx.actor, privilege=_privilege("ADMIN"), organization=demo_org)
    assert decision == Decision(False, "no_grant", f"Ingen tildelt tilgang ADMIN for {DEMO_ORGNR}.")


# decide(): who can be decided at all


def test_decide_privilege_not_for_persons_is_denied_even_to_an_administrator(admin_ctx, demo_org):
    decision = decide(actor=admin_ctx.actor, privilege=_privilege("MINSIDE_SOK.INDEX"), organization=demo_org)
    assert decision == Decision(False, "actor_kind_not_allowed", "MINSIDE_SOK.INDEX kan ikke gis til personer.")


def test_decide_privilege_not_for_integrations_is_denied(admin_ctx, demo_org):
    integration = _integration_with(admin_ctx, demo_org, "KONFIG.CONFIGURE")
    decision = decide(actor=Actor.for_integration(integration), privilege=_privilege("ADMIN"),
                      organization=demo_org)
    assert decision == Decision(False, "actor_kind_not_allowed", "ADMIN kan ikke gis til integrasjoner.")


def test_decide_person_privilege_for_persons_is_decided_by_grants(admin_ctx, demo_org):
    assert decide(actor=admin_ctx.actor, privilege=_privilege("ADMIN"), organization=demo_org).permit is True


def test_decide_active_integration_with_grant_is_permitted(admin_ctx, demo_org):
    integration = _integration_with(admin_ctx, demo_org, "MINSIDE_SOK.INDEX")
    decision = decide(actor=Actor.for_integration(integration), privilege=_privilege("MINSIDE_SOK.INDEX"),
                      organization=demo_org)
    assert decision == Decision(True, "granted", "MINSIDE_SOK.INDEX er tildelt på organisasjonen.")


def test_decide_inactive_integration_is_denied_despite_its_grant(admin_ctx, demo_org):
    integration = _integration_with(admin_ctx, demo_org, "MINSIDE_SOK.INDEX")
    integration_update(admin_ctx, integration=integration, is_active=False)
    integration.refresh_from_db()
    decision = decide(actor=Actor.for_integration(integration), privilege=_privilege("MINSIDE_SOK.INDEX"),
                      organization=demo_org)
    assert decision == Decision(False, "inactive_integration", "Integrasjonen er deaktivert.")


def test_decide_inactive_integration_asked_for_a_privilege_not_for_integrations_is_denied(admin_ctx, demo_org):
    integration = _integration_with(admin_ctx, demo_org, None)
    integration_update(admin_ctx, integration=integration, is_active=False)
    integration.refresh_from_db()
    decision = decide(actor=Actor.for_integration(integration), privilege=_privilege("ADMIN"),
                      organization=demo_org)
    assert decision.permit is False and decision.code == "inactive_integration"


@pytest.mark.parametrize("actor", [Actor.for_operator("drift"), Actor.system("tests")])
@pytest.mark.parametrize("code", ["ADMIN", "MINSIDE_SOK.INDEX"])
def test_decide_operators_and_the_system_are_permitted(demo_org, actor, code):
    decision = decide(actor=actor, privilege=_privilege(code), organization=demo_org)
    assert decision == Decision(True, "granted", "Operatør.")


def test_decide_organization_actor_holds_no_grants(demo_org):
    decision = decide(actor=Actor.for_organization(VENDOR_ORGNR), privilege=_privilege("ADMIN"),
                      organization=demo_org)
    assert decision.permit is False and decision.code == "no_grant"


# organizations_for(): view and change


def test_change_privilege_of_persons_is_admin_and_of_integrations_configure(admin_ctx, demo_org):
    integration = _integration_with(admin_ctx, demo_org, None)
    assert change_privilege_code(admin_ctx.actor) == "ADMIN"
    assert change_privilege_code(Actor.for_integration(integration)) == "KONFIG.CONFIGURE"


def test_admin_only_on_a_service_resource_gives_no_change_rights_on_the_organization(admin_ctx, demo_org):
    actor = _person_with(admin_ctx, demo_org, "ADMIN", on_service=True)
    assert list(organizations_for(actor, "change")) == []
    assert list(organizations_for(actor, "view")) == [demo_org]
    assert can_change(actor, demo_org) is False


def test_admin_on_the_organization_gives_change_rights(admin_ctx, demo_org, other_org):
    assert list(organizations_for(admin_ctx.actor, "change")) == [demo_org]
    assert can_change(admin_ctx.actor, demo_org) is True
    assert can_change(admin_ctx.actor, other_org) is False


def test_integration_with_configure_on_the_organization_may_change_it(admin_ctx, demo_org, other_org):
    actor = Actor.for_integration(_integration_with(admin_ctx, demo_org, "KONFIG.CONFIGURE"))
    assert list(organizations_for(actor, "change")) == [demo_org]
    assert list(organizations_for(actor, "view")) == [demo_org]
    assert can_change(actor, demo_org) is True


def test_integration_with_another_privilege_may_view_but_not_change(admin_ctx, demo_org):
    actor = Actor.for_integration(_integration_with(admin_ctx, demo_org, "MINSIDE_SOK.INDEX"))
    assert list(organizations_for(actor, "view")) == [demo_org]
    assert list(organizations_for(actor, "change")) == []


def test_inactive_integration_sees_no_organization(admin_ctx, demo_org):
    integration = _integration_with(admin_ctx, demo_org, "KONFIG.CONFIGURE")
    integration_update(admin_ctx, integration=integration, is_active=False)
    integration.refresh_from_db()
    actor = Actor.for_integration(integration)
    assert list(organizations_for(actor, "view")) == []
    assert list(organizations_for(actor, "change")) == []


def test_organization_actor_sees_no_organization(demo_org):
    assert list(organizations_for(Actor.for_organization(DEMO_ORGNR), "view")) == []


@pytest.mark.parametrize("actor", [Actor.for_operator("drift"), Actor.system("tests")])
def test_operators_see_and_change_every_organization(demo_org, other_org, actor):
    assert set(organizations_for(actor, "view")) == {demo_org, other_org}
    assert set(organizations_for(actor, "change")) == {demo_org, other_org}


def test_unknown_action_is_a_programming_error(admin_ctx, demo_org):
    with pytest.raises(ValueError, match="unknown action 'delete'"):
        organizations_for(admin_ctx.actor, "delete")


def test_view_is_the_default_action(admin_ctx, demo_org):
    actor = _person_with(admin_ctx, demo_org, "MINSIDE_SOK.SEARCH", on_service=True)
    assert list(organizations_for(actor)) == [demo_org]


# delegations_for(): who sees which delegations


@pytest.fixture
def delegations(admin_ctx, demo_org):
    """Demo kommune delegates to the vendor; a third party delegates to Demo kommune; an unrelated pair."""
    return {
        "from_demo": delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR)[0],
        "to_demo": delegation_create(SYSTEM, represented=THIRD_ORGNR, representative=DEMO_ORGNR)[0],
        "unrelated": delegation_create(SYSTEM, represented=THIRD_ORGNR, representative=FOURTH_ORGNR)[0],
    }


def test_administrator_sees_delegations_from_and_to_the_organization(admin_ctx, delegations):
    assert set(delegations_for(admin_ctx.actor)) == {delegations["from_demo"], delegations["to_demo"]}


def test_view_grant_does_not_show_the_organizations_delegations(admin_ctx, demo_org, delegations):
    actor = _person_with(admin_ctx, demo_org, "MINSIDE_SOK.SEARCH", on_service=False)
    assert list(delegations_for(actor)) == []


def test_person_sees_delegations_naming_them(admin_ctx, demo_org, delegations):
    actor = _person_with(admin_ctx, demo_org, "MINSIDE_SOK.SEARCH", on_service=False)
    own, _created = delegation_create(SYSTEM, represented=NOBODY_PID, representative=THIRD_ORGNR)
    to_me, _created = delegation_create(SYSTEM, represented=FOURTH_ORGNR, representative=NOBODY_PID)
    assert set(delegations_for(actor)) == {own, to_me}


def test_organization_actor_sees_delegations_naming_its_orgnr(delegations):
    assert set(delegations_for(Actor.for_organization(VENDOR_ORGNR))) == {delegations["from_demo"]}


@pytest.mark.parametrize("actor", [Actor.for_operator("drift"), Actor.system("tests")])
def test_operators_see_every_delegation(delegations, actor):
    assert delegations_for(actor).count() == 3 == Delegation.objects.count()


# active_delegation_exists(): period, revocation, service


def test_delegation_within_its_period_is_active(admin_ctx, demo_org):
    now = timezone.now()
    delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR,
                      valid_from=now - datetime.timedelta(days=1), valid_to=now + datetime.timedelta(days=1))
    assert active_delegation_exists(represented=DEMO_ORGNR, representative=VENDOR_ORGNR) is True


def test_expired_delegation_is_not_active(admin_ctx, demo_org):
    now = timezone.now()
    # One that has run out since it was given (the services refuse giving one that ends in the past).
    Delegation.objects.create(represented=DEMO_ORGNR, representative=VENDOR_ORGNR,
                              valid_from=now - datetime.timedelta(days=2), valid_to=now - datetime.timedelta(seconds=1))
    assert active_delegation_exists(represented=DEMO_ORGNR, representative=VENDOR_ORGNR) is False


def test_delegation_restricted_to_a_service_holds_only_for_that_service(admin_ctx, demo_org):
    svarut = Service.objects.get(code="SVARUT")
    delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR, service=svarut)
    assert active_delegation_exists(represented=DEMO_ORGNR, representative=VENDOR_ORGNR, service=svarut) is True
    assert active_delegation_exists(represented=DEMO_ORGNR, representative=VENDOR_ORGNR,
                                    service=Service.objects.get(code="KONFIG")) is False


def test_delegation_without_service_holds_for_every_service(admin_ctx, demo_org):
    delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR)
    for service in Service.objects.all():
        assert active_delegation_exists(represented=DEMO_ORGNR, representative=VENDOR_ORGNR, service=service)


def test_delegation_is_active_from_its_first_instant_until_just_before_its_end(admin_ctx, demo_org, monkeypatch):
    # valid_from <= now < valid_to (authz.models.Delegation), checked at the exact boundaries.
    instant = timezone.now()
    delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR, valid_from=instant)
    # One ending at this very instant (made directly: the services refuse giving one whose end has passed).
    Delegation.objects.create(represented=THIRD_ORGNR, representative=VENDOR_ORGNR,
                              valid_from=instant - datetime.timedelta(days=1), valid_to=instant)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    assert active_delegation_exists(represented=DEMO_ORGNR, representative=VENDOR_ORGNR) is True
    assert active_delegation_exists(represented=THIRD_ORGNR, representative=VENDOR_ORGNR) is False


def test_root_resource_is_the_organization_even_when_it_has_service_resources(admin_ctx, demo_org):
    service = service_resource(organization=demo_org, service=Service.objects.get(code="SVARUT"))
    root = root_resource(demo_org)
    assert root.kind == "organization" and root != service and service.parent == root


def test_decide_integration_without_the_grant_is_denied_while_another_integration_holds_it(admin_ctx, demo_org):
    _integration_with(admin_ctx, demo_org, "MINSIDE_SOK.INDEX", name="Med tilgang")
    without = Actor.for_integration(_integration_with(admin_ctx, demo_org, None, name="Uten tilgang"))
    assert decide(actor=without, privilege=_privilege("MINSIDE_SOK.INDEX"), organization=demo_org).permit is False
    assert list(organizations_for(without, "view")) == []


def test_decide_person_unknown_to_the_portal_holds_no_grant_of_an_integration(admin_ctx, demo_org):
    # The decisions endpoint asks about a pid that has no Person row as Actor(kind="person") without a person.
    _integration_with(admin_ctx, demo_org, "MINSIDE_SOK.SEARCH")
    unknown = Actor(kind="person")
    assert decide(actor=unknown, privilege=_privilege("MINSIDE_SOK.SEARCH"), organization=demo_org).permit is False
    assert list(organizations_for(unknown, "view")) == []


def test_decide_grant_below_a_service_does_not_hold_for_the_whole_service(admin_ctx, demo_org):
    search = _privilege("MINSIDE_SOK.SEARCH")
    parent = service_resource(organization=demo_org, service=search.service)
    sub = Resource.objects.create(kind=Resource.Kind.SUB, organization=demo_org, service=search.service,
                                  parent=parent, name="Innsyn")
    person = person_get_or_create(pid=NOBODY_PID)
    grant_create(admin_ctx, privilege=search, resource=sub, person=person)
    decision = decide(actor=Actor.for_person(person), privilege=search, organization=demo_org)
    assert decision.permit is False and decision.code == "no_grant"
