"""Organizations, grants, delegations and the audit trail."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from authz.audit import audit_record
from authz.models import AuditEvent, Delegation, Grant, Organization, Privilege, Resource
from authz.selectors import active_delegation_exists, decide, organizations_for, root_resource
from authz.services import (
    delegation_create,
    delegation_revoke,
    grant_create,
    grant_revoke,
    organization_create,
    person_get_or_create,
)
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, NOBODY_PID, OTHER_ORGNR, SYSTEM


def test_organization_create_makes_root_resource_first_admin_and_audit(demo_org):
    root = root_resource(demo_org)
    assert root.kind == Resource.Kind.ORGANIZATION and root.path == f"{root.pk}/"
    grant = Grant.objects.get(resource=root)
    assert (grant.person.pid, grant.privilege.code) == (DEMO_ADMIN_PID, "ADMIN")
    assert list(AuditEvent.objects.order_by("time").values_list("action", flat=True)) == [
        "organization.create", "grant.create"]
    assert DEMO_ADMIN_PID not in str(AuditEvent.objects.get(action="grant.create").after)


def test_only_operators_create_organizations(admin_ctx):
    with pytest.raises(PermissionDenied):
        organization_create(admin_ctx, orgnr=OTHER_ORGNR, name="Testvik kommune")
    assert not Organization.objects.filter(orgnr=OTHER_ORGNR).exists()


@pytest.mark.parametrize(("orgnr", "pid"), [("123456789", None), (OTHER_ORGNR, "15108695077")])
def test_bad_orgnr_or_pid_creates_nothing(db, orgnr, pid):
    with pytest.raises(ValidationError):
        organization_create(SYSTEM, orgnr=orgnr, name="X kommune", first_admin_pid=pid)
    assert not Organization.objects.exists() and not AuditEvent.objects.exists()


def test_registering_an_orgnr_twice_is_a_validation_error(demo_org):
    with pytest.raises(ValidationError):
        organization_create(SYSTEM, orgnr=DEMO_ORGNR, name="Kopi")
    assert Organization.objects.count() == 1


def test_visibility_follows_grants(admin_ctx, other_admin_ctx, nobody_ctx, demo_org, other_org):
    assert list(organizations_for(admin_ctx.actor, "change")) == [demo_org]
    assert list(organizations_for(other_admin_ctx.actor, "change")) == [other_org]
    assert not organizations_for(nobody_ctx.actor, "view").exists()
    assert organizations_for(SYSTEM.actor, "change").count() == 2


def test_admin_on_service_inherits_nothing_upwards_but_org_grant_covers_services(admin_ctx, demo_org):
    from authz.services import service_resource

    search = Privilege.objects.get(code="MINSIDE_SOK.SEARCH")
    person = person_get_or_create(pid=NOBODY_PID)
    resource = service_resource(organization=demo_org, service=search.service)
    grant_create(admin_ctx, privilege=search, resource=resource, person=person)
    actor = type(admin_ctx.actor).for_person(person)
    assert decide(actor=actor, privilege=search, organization=demo_org).permit
    assert not organizations_for(actor, "change").exists()  # a service grant is not organization ADMIN
    assert organizations_for(actor, "view").get() == demo_org


def test_last_administrator_cannot_be_revoked_by_an_administrator(admin_ctx, demo_org):
    grant = Grant.objects.get(privilege__code="ADMIN", resource__organization=demo_org)
    with pytest.raises(ValidationError):
        grant_revoke(admin_ctx, grant=grant)
    assert Grant.objects.filter(pk=grant.pk).exists()
    grant_revoke(SYSTEM, grant=grant)
    assert not Grant.objects.filter(pk=grant.pk).exists()


def test_delegation_lifecycle(admin_ctx, demo_org, nobody_ctx):
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        delegation_create(nobody_ctx, represented=DEMO_ORGNR, representative="910753614")
    delegation, created = delegation_create(admin_ctx, represented=DEMO_ORGNR, representative="910753614",
                                            valid_to=now + datetime.timedelta(days=1))
    assert created
    assert active_delegation_exists(represented=DEMO_ORGNR, representative="910753614")
    assert not active_delegation_exists(represented="910753614", representative=DEMO_ORGNR)
    delegation_revoke(admin_ctx, delegation=delegation)
    assert not active_delegation_exists(represented=DEMO_ORGNR, representative="910753614")
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="delegation").order_by("time")] == [
        "delegation.create", "delegation.revoke"]


def test_person_manages_own_delegations_and_period_is_checked(nobody_ctx):
    start = timezone.now()
    with pytest.raises(ValidationError):
        delegation_create(nobody_ctx, represented=NOBODY_PID, representative=DEMO_ORGNR, valid_from=start,
                          valid_to=start - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError):
        delegation_create(nobody_ctx, represented=NOBODY_PID, representative=NOBODY_PID)
    delegation_create(nobody_ctx, represented=NOBODY_PID, representative=DEMO_ORGNR)
    assert Delegation.objects.count() == 1
    future, _created = delegation_create(nobody_ctx, represented=NOBODY_PID, representative="910753614",
                                         valid_from=start + datetime.timedelta(days=2))
    assert not active_delegation_exists(represented=NOBODY_PID, representative="910753614")
    assert future.revoked_at is None


def test_audit_events_are_append_only(demo_org):
    event = AuditEvent.objects.first()
    event.action = "forged"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="forged")
    assert not AuditEvent.objects.filter(action="forged").exists()


@pytest.mark.django_db(transaction=True)
def test_audit_outside_a_transaction_is_refused():
    with pytest.raises(transaction.TransactionManagementError):
        audit_record(SYSTEM, action="organization.create", organization=None)
    assert not AuditEvent.objects.exists()
