"""Audit events never change after insert, by any path (issue 9, item 3).

Events keep what they name as text (orgnr and name of the organization, code and name of the service, the target),
so deleting the object leaves the event whole; the ORM refuses updates and deletes; on PostgreSQL a trigger refuses
them for every other path (raw SQL, cascades, `_raw_delete`).
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django.forms.models import model_to_dict

from authz.audit import audit_record
from authz.models import AuditEvent, Organization, Service
from integrations.services import integration_create
from tests.conftest import DEMO_ORGNR, SYSTEM, VENDOR_ORGNR

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")


def _snapshot() -> list[dict]:
    """Every stored event, every column (`organization_id`/`service_id` included), in a stable order."""
    return [
        {**model_to_dict(event), "id": event.id, "time": event.time}
        for event in AuditEvent.objects.order_by("time", "id")
    ]


@pytest.fixture
def service_with_event(db):
    """A catalogue service and an event naming it, written as the admin writes catalogue changes."""
    service = Service.objects.create(code="TEST_SVC", name="Testtjeneste")
    with transaction.atomic():
        audit_record(SYSTEM, action="catalogue.service.create", organization=None, service=service, target=service,
                     after={"code": service.code, "name": service.name})
    return service


def test_events_store_what_they_name_as_text(demo_org, service_with_event):
    created = AuditEvent.objects.get(action="organization.create")
    assert (created.organization_orgnr, created.organization_name) == (DEMO_ORGNR, "Demo kommune")
    assert created.organization_display == f"Demo kommune ({DEMO_ORGNR})"
    event = AuditEvent.objects.get(action="catalogue.service.create")
    assert (event.service_code, event.service_name) == ("TEST_SVC", "Testtjeneste")
    assert (event.organization_orgnr, event.organization_display) == ("", "")


def test_deleting_an_organization_leaves_its_events_whole(demo_org):
    integration_create(SYSTEM, organization=demo_org, name="Sak og arkiv", authorized_orgnr=VENDOR_ORGNR)
    before = _snapshot()
    assert len(before) == 3 and all(e["organization"] == demo_org.pk for e in before)

    demo_org.delete()  # cascades to resources, grants and integrations

    assert not Organization.objects.exists()
    assert _snapshot() == before
    assert AuditEvent.objects.filter(organization_orgnr=DEMO_ORGNR).count() == 3
    assert AuditEvent.objects.filter(organization_id=before[0]["organization"]).count() == 3


def test_deleting_a_service_leaves_its_events_whole(service_with_event):
    before = _snapshot()
    service_with_event.delete()
    assert _snapshot() == before
    event = AuditEvent.objects.get(action="catalogue.service.create")
    assert (event.service_id, event.service_code, event.service_name) == (before[0]["service"], "TEST_SVC",
                                                                          "Testtjeneste")


def test_the_orm_refuses_every_change(demo_org):
    before = _snapshot()
    event = AuditEvent.objects.first()
    event.action = "tampered"
    for attempt in (
        event.save,
        event.delete,
        lambda: AuditEvent.objects.update(action="tampered"),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
        lambda: AuditEvent.objects.bulk_update([event], ["action"]),
        lambda: demo_org.audit_events.update(organization=None),
    ):
        with pytest.raises(PermissionError), transaction.atomic():
            attempt()
    assert _snapshot() == before


@on_postgresql
@pytest.mark.parametrize("statement", [
    "UPDATE authz_auditevent SET action = 'tampered'",
    "UPDATE authz_auditevent SET organization_id = NULL",  # what SET_NULL did
    "UPDATE authz_auditevent SET before = NULL, after = NULL",
    "DELETE FROM authz_auditevent",
    "DELETE FROM authz_auditevent WHERE action = 'grant.create'",
])
def test_postgresql_refuses_raw_sql_updates_and_deletes(demo_org, statement):
    before = _snapshot()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert _snapshot() == before


@on_postgresql
def test_postgresql_refuses_the_orms_raw_delete(demo_org):
    before = _snapshot()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all()._raw_delete(connection.alias)
    assert _snapshot() == before


@on_postgresql
def test_postgresql_still_takes_new_events(demo_org):
    with transaction.atomic():
        audit_record(SYSTEM, action="organization.update", organization=demo_org, target=demo_org,
                     before={"name": "Demo kommune"}, after={"name": "Demo kommune"})
    assert AuditEvent.objects.filter(action="organization.update").count() == 1
