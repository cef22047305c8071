"""The audit log as a tool: who in words, filters and search (shared with the API), grouping, CSV export."""

from __future__ import annotations

import csv
import datetime
import io
import tracemalloc
import uuid

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from authz.context import Actor, Context
from authz.models import AuditEvent, Person, Privilege
from authz.services import delegation_create, grant_create, person_get_or_create, person_set_name, root_resource
from integrations.services import integration_create, integration_delete
from portal.audit_views import export_rows
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, OTHER_ADMIN_PID, VENDOR_ORGNR


def url(name, *args):
    return reverse(f"portal:{name}", args=args)


def events_table(html: str) -> str:
    """The events table of the audit page (the filter form above it lists every event name)."""
    return html.split('<table class="audit">', 1)[1] if '<table class="audit">' in html else ""


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


@pytest.fixture
def kari(demo_org) -> Person:
    return person_set_name(person=Person.objects.get(pid=DEMO_ADMIN_PID), name="Kari Nordmann")


def test_who_in_words_name_system_operator_and_integration(admin_client, admin_ctx, kari, demo_org):
    integration_create(admin_ctx, organization=demo_org, name="Arkiv", authorized_orgnr=VENDOR_ORGNR)
    operator = Context(actor=Actor.for_operator("drift1"), channel="admin")
    integration_create(operator, organization=demo_org, name="Fra drift", authorized_orgnr=VENDOR_ORGNR)
    html = events_table(admin_client.get(url("audit_log", DEMO_ORGNR)).content.decode())
    assert "Kari Nordmann (218794*****)" in html
    assert "Systemet (tests)" in html  # the organization's creation by the test suite's system context
    assert "Operatør drift1 (plattformens drift)" in html
    assert DEMO_ADMIN_PID not in html


def test_no_on_behalf_of_when_it_is_the_same_party(admin_client, kari, demo_org):
    same = Context(actor=Actor.for_person(kari), channel="api", on_behalf_of=DEMO_ADMIN_PID)
    integration_create(same, organization=demo_org, name="Eget kall", authorized_orgnr=VENDOR_ORGNR)
    html = events_table(admin_client.get(url("audit_log", DEMO_ORGNR)).content.decode())
    assert "på vegne av" not in html
    other = Context(actor=Actor.for_person(kari), channel="api", on_behalf_of=VENDOR_ORGNR)
    integration_create(other, organization=demo_org, name="For en annen", authorized_orgnr=VENDOR_ORGNR)
    html = events_table(admin_client.get(url("audit_log", DEMO_ORGNR)).content.decode())
    assert html.count("på vegne av") == 1 and f"på vegne av {VENDOR_ORGNR}" in html


def test_times_have_seconds_and_targets_link_while_they_exist(admin_client, admin_ctx, demo_org):
    kept = integration_create(admin_ctx, organization=demo_org, name="Beholdt", authorized_orgnr=VENDOR_ORGNR)
    gone = integration_create(admin_ctx, organization=demo_org, name="Borte", authorized_orgnr=VENDOR_ORGNR)
    integration_delete(admin_ctx, integration=gone)
    html = events_table(admin_client.get(url("audit_log", DEMO_ORGNR)).content.decode())
    event = AuditEvent.objects.filter(action="integration.create").first()
    assert timezone.localtime(event.time).strftime("%d.%m.%Y %H:%M:%S") in html
    assert f'href="{url("integration", DEMO_ORGNR, kept.pk)}"' in html
    assert url("integration", DEMO_ORGNR, gone.pk) not in html


def test_events_of_one_request_are_grouped(admin_client, kari, demo_org):
    ctx = Context(actor=Actor.for_person(kari), channel="web", request_id="req-abc")
    integration = integration_create(ctx, organization=demo_org, name="Gruppe", authorized_orgnr=VENDOR_ORGNR)
    integration_delete(ctx, integration=integration)
    html = events_table(admin_client.get(url("audit_log", DEMO_ORGNR)).content.decode())
    assert "2 endringer i samme forespørsel" in html
    only = events_table(admin_client.get(url("audit_log", DEMO_ORGNR) + "?request_id=req-abc").content.decode())
    assert only.count("<time ") == 2


def test_update_shows_before_and_after_side_by_side(admin_client, admin_ctx, demo_org):
    from integrations.services import integration_update

    integration = integration_create(admin_ctx, organization=demo_org, name="Gammelt", authorized_orgnr=VENDOR_ORGNR)
    integration_update(admin_ctx, integration=integration, expected_version=integration.version, name="Nytt",
                       description="", authorized_orgnr=VENDOR_ORGNR)
    html = events_table(admin_client.get(url("audit_log", DEMO_ORGNR)).content.decode())
    assert '<tr class="changed"><th scope="row">Navn <span class="visually-hidden">(endret)</span></th>' \
           "<td>Gammelt</td><td>Nytt</td></tr>" in html


def test_filters_by_period_actor_action_target_and_text(admin_client, admin_ctx, kari, demo_org):
    other = person_get_or_create(pid=OTHER_ADMIN_PID)
    person_set_name(person=other, name="Ola Testvik")
    grant_create(admin_ctx, privilege=Privilege.objects.get(code="ADMIN"), resource=root_resource(demo_org),
                 person=other)
    arkiv = integration_create(admin_ctx, organization=demo_org, name="Arkiv", authorized_orgnr=VENDOR_ORGNR)
    ola = Context(actor=Actor.for_person(other), channel="web")
    integration_create(ola, organization=demo_org, name="Olas system", authorized_orgnr=VENDOR_ORGNR)

    def shown(query: str) -> str:
        response = admin_client.get(url("audit_log", DEMO_ORGNR) + "?" + query)
        assert response.status_code == 200, response.content
        return events_table(response.content.decode())

    by_ola = shown(f"actor=person:{other.pk}")
    assert "Olas system" in by_ola and "Arkiv" not in by_ola
    assert OTHER_ADMIN_PID not in admin_client.get(url("audit_log", DEMO_ORGNR)).content.decode()
    grants = shown("action=grant.create")
    assert "Tilgang gitt" in grants and "Integrasjon opprettet" not in grants
    target = shown(f"target_type=integration&target_id={arkiv.pk}")
    assert target.count("<time ") == 1 and "Arkiv" in target
    assert "Olas system" in shown("q=ola") and "Arkiv" not in shown("q=ola")  # by the person's name
    assert "Olas system" in shown("q=olas sys")
    assert "Tilgang gitt" in shown("q=tilgang gitt")  # by the event's name in words
    today = timezone.localdate()
    assert "Arkiv" in shown(f"since={today}&until={today}")  # a bare end date includes that day
    assert shown(f"since={today + datetime.timedelta(days=1)}") == ""


@pytest.mark.parametrize(("query", "field"), [
    ("since=2026-02-30", "since"),
    ("until=2026-13-01", "until"),
    ("since=i+går", "since"),
    ("since=2026-12-10&until=2026-12-01", "until"),
])
def test_bad_filters_are_field_errors(admin_client, demo_org, query, field):
    response = admin_client.get(url("audit_log", DEMO_ORGNR) + "?" + query)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html and f'href="#id_{field}"' in html
    assert events_table(html) == ""
    export = admin_client.get(url("audit_export", DEMO_ORGNR) + "?" + query)
    assert export.status_code == 400 and not export.streaming


def test_api_audit_list_refuses_the_same_bad_filters(admin_api_token, demo_org):
    from tests.api.conftest import Api

    api = Api(admin_api_token, DEMO_ADMIN_PID)
    r = api.get(f"organizations/{DEMO_ORGNR}/audit-events/?since=2026-12-10T00:00:00Z&until=2026-12-01T00:00:00Z")
    assert r.status_code == 400 and "until" in str(r.json()) and "since" not in str(r.json())
    assert api.get(f"organizations/{DEMO_ORGNR}/audit-events/?since=2026-02-30T00:00:00Z").status_code == 400
    r = api.get(f"organizations/{DEMO_ORGNR}/audit-events/?q=organisasjon+opprettet")
    assert r.status_code == 200 and [e["action"] for e in r.json()["results"]] == ["organization.create"]


@pytest.fixture
def admin_api_token(demo_org) -> str:
    from api.devissuer import mint_token

    return mint_token(kind="idporten", pid=DEMO_ADMIN_PID)


def test_csv_export_of_the_filtered_view(admin_client, admin_ctx, kari, demo_org):
    integration_create(admin_ctx, organization=demo_org, name="Arkiv", authorized_orgnr=VENDOR_ORGNR)
    delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=OTHER_ADMIN_PID)
    response = admin_client.get(url("audit_export", DEMO_ORGNR) + "?action=delegation.create")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="logg-{DEMO_ORGNR}-')
    assert isinstance(response, StreamingHttpResponse)
    rows = read_csv(response)
    assert rows[0][:4] == ["Tid", "Hvem", "På vegne av", "Hendelse"]
    assert len(rows) == 2 and rows[1][1] == "Kari Nordmann (218794*****)" and rows[1][3] == "Fullmakt gitt"
    text = ";".join(rows[1])
    assert OTHER_ADMIN_PID not in text and "128985*****" in text  # the representative's number masked
    assert DEMO_ADMIN_PID not in text


def test_csv_cells_never_start_a_formula(admin_client, kari, demo_org):
    ctx = Context(actor=Actor.for_person(kari), channel="web", request_id="=cmd|' /C calc'!A0")
    integration_create(ctx, organization=demo_org, name="Arkiv", authorized_orgnr=VENDOR_ORGNR)
    rows = read_csv(admin_client.get(url("audit_export", DEMO_ORGNR) + "?action=integration.create"))
    assert rows[1][7] == "'=cmd|' /C calc'!A0"


def _traced_peak(rows) -> tuple[int, int]:
    """(bytes of CSV produced, peak traced memory in bytes) while consuming `rows`."""
    size = 0
    tracemalloc.start()
    try:
        for line in rows:
            size += len(line)
        return size, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_csv_export_streams_in_chunks_with_memory_and_queries_bounded(admin_client, demo_org):
    """10,000 events (10 chunks): the response streams, a handful of queries, and the memory peak is that of a
    1,000-event export — it does not grow with the log, so 100,000 events cost the same."""
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        (AuditEvent(id=uuid.uuid4(), time=now, channel="cli", principal=f"system:batch{i % 10}",
                    principal_display=f"system batch{i % 10}", organization=demo_org, action="integration.update",
                    target_type="integration", target_id=str(i), target_display=f"Integrasjon nummer {i:06d}",
                    before={"name": f"Gammelt navn {i}"}, after={"name": f"Nytt navn {i}"})
         for i in range(10_000)),
        batch_size=5000,
    )
    response = admin_client.get(url("audit_export", DEMO_ORGNR))
    assert isinstance(response, StreamingHttpResponse)
    assert next(iter(response.streaming_content)).decode().startswith("\ufeffTid;Hvem;")

    events = AuditEvent.objects.filter(organization=demo_org).select_related("service").order_by("-time", "-id")
    small_size, small_peak = _traced_peak(export_rows(events[:1000], {}, "nb"))
    with CaptureQueriesContext(connection) as queries:
        full_size, full_peak = _traced_peak(export_rows(events, {}, "nb"))
    assert full_size > 9 * small_size  # ten times the data ...
    assert full_peak < 2 * small_peak  # ... in the same memory
    assert len(queries) < 50  # chunked: a few queries per 1,000 rows, not one per row
