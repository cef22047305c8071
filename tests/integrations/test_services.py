"""Integration services: field rules, permissions, audit events, passwords, global activation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from authz.demo import GLOBAL_CODE, load_demo
from authz.models import AuditEvent, Grant, Privilege
from authz.selectors import decide
from authz.services import grant_create, service_resource
from integrations.models import Integration
from integrations.selectors import integration_authenticate, integrations_for
from integrations.services import (
    ConcurrentUpdate,
    global_integration_activate,
    global_integration_deactivate,
    integration_create,
    integration_delete,
    integration_password_rotate,
    integration_update,
)
from tests.conftest import VENDOR_ORGNR, check_password


def test_create_writes_integration_and_audit_event_with_request_id(admin_ctx, demo_org):
    integration = integration_create(admin_ctx, organization=demo_org, name="Sak/arkiv - Ås, 2.0_b",
                                     authorized_orgnr=VENDOR_ORGNR, description="Arkivsystem")
    assert integration.organization == demo_org and not integration.has_password
    event = AuditEvent.objects.get(action="integration.create")
    assert event.target_id == str(integration.pk)
    assert event.request_id == "test-request-1"
    assert event.principal_display == "person 218794*****"
    assert event.after["authorized_orgnr"] == VENDOR_ORGNR


@pytest.mark.parametrize(
    ("field", "value"),
    [("authorized_orgnr", "12345678"), ("authorized_orgnr", "123456789"), ("authorized_orgnr", "000000000"),
     ("name", ""), ("name", "x" * 101), ("name", "Bad<script>"), ("name", "tab\tname")],
)
def test_bad_fields_are_field_errors_and_write_nothing(admin_ctx, demo_org, field, value):
    fields = {"name": "Fagsystem", "authorized_orgnr": VENDOR_ORGNR} | {field: value}
    with pytest.raises(ValidationError) as exc:
        integration_create(admin_ctx, organization=demo_org, **fields)
    assert field in exc.value.message_dict
    assert not Integration.objects.exists()
    assert not AuditEvent.objects.filter(action="integration.create").exists()


def test_duplicate_name_in_same_organization_is_refused_case_insensitively(admin_ctx, demo_org):
    integration_create(admin_ctx, organization=demo_org, name="Fagsystem", authorized_orgnr=VENDOR_ORGNR)
    with pytest.raises(ValidationError) as exc:
        integration_create(admin_ctx, organization=demo_org, name="FAGSYSTEM", authorized_orgnr=VENDOR_ORGNR)
    assert "name" in exc.value.message_dict
    assert Integration.objects.count() == 1


def test_same_name_in_another_organization_is_fine(admin_ctx, other_admin_ctx, demo_org, other_org):
    integration_create(admin_ctx, organization=demo_org, name="Fagsystem", authorized_orgnr=VENDOR_ORGNR)
    integration_create(other_admin_ctx, organization=other_org, name="Fagsystem", authorized_orgnr=VENDOR_ORGNR)
    assert Integration.objects.count() == 2


def test_other_organizations_admin_may_neither_change_nor_see(admin_ctx, other_admin_ctx, demo_org, other_org):
    integration = integration_create(admin_ctx, organization=demo_org, name="Fagsystem", authorized_orgnr=VENDOR_ORGNR)
    with pytest.raises(PermissionDenied):
        integration_create(other_admin_ctx, organization=demo_org, name="Inntrenger", authorized_orgnr=VENDOR_ORGNR)
    with pytest.raises(PermissionDenied):
        integration_delete(other_admin_ctx, integration=integration)
    assert not integrations_for(other_admin_ctx.actor).filter(pk=integration.pk).exists()
    assert integrations_for(admin_ctx.actor).filter(pk=integration.pk).exists()


def test_person_without_grants_cannot_create(nobody_ctx, demo_org):
    with pytest.raises(PermissionDenied):
        integration_create(nobody_ctx, organization=demo_org, name="Fagsystem", authorized_orgnr=VENDOR_ORGNR)


def test_password_rotation_without_overlap_stores_only_a_digest_and_old_password_stops_working(admin_ctx, demo_org):
    integration = integration_create(admin_ctx, organization=demo_org, name="Fagsystem", authorized_orgnr=VENDOR_ORGNR)
    first = integration_password_rotate(admin_ctx, integration=integration)
    integration.refresh_from_db()
    assert first not in integration.password_digest and check_password(first, integration.password_digest)
    assert integration_authenticate(integration_id=str(integration.pk), password=f"  {first}\n",
                                    consumer_orgnr=VENDOR_ORGNR) == integration
    second = integration_password_rotate(admin_ctx, integration=integration, overlap_minutes=0)
    assert second != first
    assert integration_authenticate(integration_id=str(integration.pk), password=first,
                                    consumer_orgnr=VENDOR_ORGNR) is None
    assert integration_authenticate(integration_id=str(integration.pk), password=second,
                                    consumer_orgnr="123456785") is None
    events = AuditEvent.objects.filter(action="integration.password_rotate")
    assert events.count() == 2
    assert all(first not in str(e.after) and second not in str(e.after) for e in events)


def test_update_with_stale_version_is_refused(admin_ctx, demo_org):
    integration = integration_create(admin_ctx, organization=demo_org, name="Fagsystem", authorized_orgnr=VENDOR_ORGNR)
    integration_update(admin_ctx, integration=integration, expected_version=1, description="ny")
    with pytest.raises(ConcurrentUpdate):
        integration_update(admin_ctx, integration=integration, expected_version=1, name="Annet")
    integration.refresh_from_db()
    assert (integration.name, integration.description, integration.version) == ("Fagsystem", "ny", 2)


def test_grant_is_idempotent_inherited_and_removed_with_the_integration(admin_ctx, demo_org):
    integration = integration_create(admin_ctx, organization=demo_org, name="Fagsystem", authorized_orgnr=VENDOR_ORGNR)
    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    resource = service_resource(organization=demo_org, service=index.service)
    _grant, created = grant_create(admin_ctx, privilege=index, resource=resource, integration=integration)
    _again, created_again = grant_create(admin_ctx, privilege=index, resource=resource, integration=integration)
    assert (created, created_again) == (True, False)
    assert Grant.objects.filter(integration=integration).count() == 1
    actor = type(admin_ctx.actor).for_integration(integration)
    assert decide(actor=actor, privilege=index, organization=demo_org).permit
    search = Privilege.objects.get(code="MINSIDE_SOK.SEARCH")
    assert decide(actor=actor, privilege=search, organization=demo_org).code == "no_grant"
    assert integration_delete(admin_ctx, integration=integration) == ["MINSIDE_SOK.INDEX"]
    assert not Grant.objects.filter(privilege=index).exists()
    assert AuditEvent.objects.filter(action="grant.revoke").count() == 1


def test_admin_privilege_cannot_go_to_an_integration(admin_ctx, demo_org):
    integration = integration_create(admin_ctx, organization=demo_org, name="Fagsystem", authorized_orgnr=VENDOR_ORGNR)
    from authz.selectors import root_resource

    with pytest.raises(ValidationError):
        grant_create(admin_ctx, privilege=Privilege.objects.get(code="ADMIN"), resource=root_resource(demo_org),
                     integration=integration)
    assert not Grant.objects.filter(integration=integration).exists()


def test_activating_a_global_integration_grants_exactly_its_requested_privileges(db):
    load_demo()
    from authz.context import Actor, Context
    from authz.models import Organization
    from authz.services import person_get_or_create

    ctx = Context(actor=Actor.for_person(person_get_or_create(pid="21879498012")), channel="web")
    org = Organization.objects.get(orgnr="123456785")
    other = Organization.objects.get(orgnr="314168267")
    glob = Integration.objects.get(code=GLOBAL_CODE)
    global_integration_activate(ctx, integration=glob, organization=org)
    global_integration_activate(ctx, integration=glob, organization=org)
    codes = sorted(Grant.objects.filter(integration=glob).values_list("privilege__code", flat=True))
    assert codes == ["MINSIDE_SOK.INDEX", "SVARUT.READ"]
    assert not Grant.objects.filter(integration=glob, resource__organization=other).exists()
    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    assert decide(actor=Actor.for_integration(glob), privilege=index, organization=org).permit
    assert not decide(actor=Actor.for_integration(glob), privilege=index, organization=other).permit
    with pytest.raises(PermissionDenied):
        global_integration_activate(ctx, integration=glob, organization=other)
    assert global_integration_deactivate(ctx, integration=glob, organization=org) is True
    assert not Grant.objects.filter(integration=glob).exists()
    assert not decide(actor=Actor.for_integration(glob), privilege=index, organization=org).permit


def test_delete_with_stale_version_is_refused_and_keeps_the_integration(admin_ctx, demo_org):
    integration = integration_create(admin_ctx, organization=demo_org, name="Fagsystem", authorized_orgnr=VENDOR_ORGNR)
    integration_update(admin_ctx, integration=integration, expected_version=1, description="endret")
    with pytest.raises(ConcurrentUpdate):
        integration_delete(admin_ctx, integration=integration, expected_version=1)
    assert Integration.objects.filter(pk=integration.pk).exists()
    assert integration_delete(admin_ctx, integration=integration, expected_version=2) == []
    assert not Integration.objects.filter(pk=integration.pk).exists()
