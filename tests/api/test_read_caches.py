"""The API's remembered reads (issue 6): the caller's person, whether it may change an organization, pages of the
integration list and single integrations are remembered per process, and every change shows in the very next
request: a revoked grant, a removed administrator, a renamed, created, deleted or deactivated integration, a grant
to an integration, a deleted organization, and the end of a previous password's overlap."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.authentication import forget_persons
from api.devissuer import mint_token
from api.views import forget_integration_reads
from authz.models import Grant, Organization, Person, Privilege
from authz.selectors import forget_access, root_resource
from authz.services import grant_create, grant_revoke, person_get_or_create
from integrations.models import Integration
from integrations.services import (
    integration_create,
    integration_deactivate,
    integration_delete,
    integration_password_rotate,
    integration_update,
)
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, OTHER_ADMIN_PID, SYSTEM, VENDOR_ORGNR

from .conftest import Api, problem

ROOT = Path(__file__).resolve().parents[2]
LIST = f"organizations/{DEMO_ORGNR}/integrations/"


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    for forget in (forget_persons, forget_access, forget_integration_reads):
        forget()
    yield
    for forget in (forget_persons, forget_access, forget_integration_reads):
        forget()


@pytest.fixture
def second_admin(admin_ctx, demo_org):
    """OTHER_ADMIN_PID as a second administrator of Demo kommune; returns (Api, grant)."""
    grant, _ = grant_create(admin_ctx, privilege=Privilege.objects.get(code="ADMIN"), resource=root_resource(demo_org),
                            person=person_get_or_create(pid=OTHER_ADMIN_PID))
    return Api(mint_token(kind="idporten", pid=OTHER_ADMIN_PID), OTHER_ADMIN_PID), grant


def queries(call):
    with CaptureQueriesContext(connection) as captured:
        response = call()
    return len(captured), response


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_a_repeated_list_page_and_integration_read_nothing_from_the_database(admin_api, vendor_integration):
    integration = vendor_integration[0]
    detail = f"{LIST}{integration.pk}/"
    first_list, listed = queries(lambda: admin_api.get(LIST))
    again_list, listed_again = queries(lambda: admin_api.get(LIST))
    first_detail, shown = queries(lambda: admin_api.get(detail))
    again_detail, shown_again = queries(lambda: admin_api.get(detail))
    assert (first_list, again_list) == (4, 0)  # person, organization, count, page; then nothing
    assert first_detail == 1  # the person and the organization are remembered already
    assert again_detail == 0
    assert listed_again.json() == listed.json()
    assert shown_again.json() == shown.json()
    assert shown_again["ETag"] == shown["ETag"] == f'"{integration.version}"'


def test_revoking_the_administrator_shows_on_the_next_request(second_admin, vendor_integration):
    api, grant = second_admin
    detail = f"{LIST}{vendor_integration[0].pk}/"
    assert names(api.get(LIST)) == ["Fagsystem"]
    assert api.get(detail).status_code == 200
    grant_revoke(SYSTEM, grant=grant)
    for path in (LIST, detail):
        r = api.get(path)
        assert r.status_code == 404, r.content  # holds nothing there any more: the organization is not seen
        assert problem(r)["code"] == "not_found"


def test_an_administrator_left_with_another_privilege_gets_403_on_the_next_request(second_admin, admin_ctx, demo_org):
    api, grant = second_admin
    grant_create(admin_ctx, privilege=Privilege.objects.get(code="SVARUT.SEND"), resource=root_resource(demo_org),
                 person=Person.objects.get(pid=OTHER_ADMIN_PID))
    assert api.get(LIST).status_code == 200
    grant_revoke(SYSTEM, grant=grant)
    r = api.get(LIST)
    assert r.status_code == 403, r.content
    assert problem(r)["code"] == "permission_denied"


def test_an_integration_whose_configure_grant_is_revoked_is_refused_on_the_next_request(
        integration_api, vendor_integration, admin_ctx, demo_org):
    integration = vendor_integration[0]
    detail = f"{LIST}{integration.pk}/"
    grant_create(admin_ctx, privilege=Privilege.objects.get(code="MINSIDE_SOK.INDEX"),
                 resource=root_resource(demo_org), integration=integration)
    for _ in range(2):  # the second time from what the process remembered
        assert integration_api.get(detail).status_code == 200
        assert integration_api.get(LIST).status_code == 200
    grant_revoke(SYSTEM, grant=Grant.objects.get(integration=integration, privilege__code="KONFIG.CONFIGURE"))
    for path in (detail, LIST):
        r = integration_api.get(path)
        assert r.status_code == 403, r.content  # it still indexes there, so it sees the organization
        assert problem(r)["code"] == "permission_denied"


def test_a_person_granted_admin_after_a_refused_read_is_let_in_on_the_next_request(admin_ctx, demo_org):
    api = Api(mint_token(kind="idporten", pid=OTHER_ADMIN_PID), OTHER_ADMIN_PID)
    assert api.get(LIST).status_code == 404
    grant_create(admin_ctx, privilege=Privilege.objects.get(code="ADMIN"), resource=root_resource(demo_org),
                 person=person_get_or_create(pid=OTHER_ADMIN_PID))
    assert api.get(LIST).status_code == 200


def test_integration_changes_show_in_the_next_list_page_and_read(admin_api, admin_ctx, demo_org, vendor_integration):
    integration = vendor_integration[0]
    detail = f"{LIST}{integration.pk}/"
    assert names(admin_api.get(LIST)) == ["Fagsystem"]
    assert admin_api.get(detail).json()["grant_count"] == 1

    integration_update(admin_ctx, integration=integration, name="Arkiv")
    assert names(admin_api.get(LIST)) == ["Arkiv"]
    shown = admin_api.get(detail)
    assert shown.json()["name"] == "Arkiv"
    assert shown["ETag"] == f'"{Integration.objects.get(pk=integration.pk).version}"'

    grant_create(admin_ctx, privilege=Privilege.objects.get(code="MINSIDE_SOK.INDEX"),
                 resource=root_resource(demo_org), integration=integration)
    assert admin_api.get(LIST).json()["results"][0]["grant_count"] == 2
    assert admin_api.get(detail).json()["grant_count"] == 2
    assert admin_api.get(f"{LIST}?service=MINSIDE_SOK").json()["count"] == 1

    Grant.objects.filter(integration=integration, privilege__code="MINSIDE_SOK.INDEX").get().delete()
    assert admin_api.get(f"{LIST}?service=MINSIDE_SOK").json()["count"] == 0
    assert admin_api.get(detail).json()["grant_count"] == 1

    integration_create(admin_ctx, organization=demo_org, name="Budsjett", authorized_orgnr=VENDOR_ORGNR)
    body = admin_api.get(LIST).json()
    assert body["count"] == 2
    assert [row["name"] for row in body["results"]] == ["Arkiv", "Budsjett"]

    integration_deactivate(admin_ctx, integration=Integration.objects.get(pk=integration.pk))
    assert admin_api.get(detail).json()["is_active"] is False
    assert admin_api.get(LIST).json()["results"][0]["is_active"] is False

    integration_delete(admin_ctx, integration=Integration.objects.get(pk=integration.pk))
    assert admin_api.get(detail).status_code == 404
    assert names(admin_api.get(LIST)) == ["Budsjett"]


def test_a_grant_written_elsewhere_still_shows_in_the_owners_list(admin_api, vendor_integration, other_org):
    """A grant made outside the services (the model itself, as a data fix would) on another organization's resource
    still counts on the owning organization's page: the receiver bumps the owner's list counter."""
    integration = vendor_integration[0]
    assert admin_api.get(LIST).json()["results"][0]["grant_count"] == 1
    Grant.objects.create(privilege=Privilege.objects.get(code="MINSIDE_SOK.INDEX"),
                         resource=root_resource(other_org), integration=integration)
    assert admin_api.get(LIST).json()["results"][0]["grant_count"] == 2


def test_a_catalogue_change_shows_in_the_next_filtered_page(admin_api, admin_ctx, demo_org, vendor_integration):
    from authz.models import Service

    grant_create(admin_ctx, privilege=Privilege.objects.get(code="MINSIDE_SOK.INDEX"),
                 resource=root_resource(demo_org), integration=vendor_integration[0])
    assert admin_api.get(f"{LIST}?service=MINSIDE_SOK").json()["count"] == 1
    service = Service.objects.get(code="MINSIDE_SOK")
    service.code = "MINSIDE_SOK_NY"
    service.save()
    assert admin_api.get(f"{LIST}?service=MINSIDE_SOK").json()["count"] == 0
    assert admin_api.get(f"{LIST}?service=MINSIDE_SOK_NY").json()["count"] == 1


def test_a_deleted_organization_is_gone_on_the_next_request(admin_api, demo_org, vendor_integration):
    detail = f"{LIST}{vendor_integration[0].pk}/"
    assert admin_api.get(LIST).status_code == 200
    assert admin_api.get(detail).status_code == 200
    Organization.objects.get(pk=demo_org.pk).delete()
    assert admin_api.get(LIST).status_code == 404
    assert admin_api.get(detail).status_code == 404


def test_the_previous_password_disappears_from_a_remembered_page_when_its_overlap_ends(
        admin_api, admin_ctx, vendor_integration, monkeypatch):
    integration = vendor_integration[0]
    integration_password_rotate(admin_ctx, integration=Integration.objects.get(pk=integration.pk), overlap_minutes=5)
    detail = f"{LIST}{integration.pk}/"
    listed = admin_api.get(LIST).json()["results"][0]
    assert listed["previous_password_expires_at"] is not None
    assert admin_api.get(LIST).json()["results"][0] == listed  # remembered
    assert admin_api.get(detail).json()["previous_password_expires_at"] is not None

    later = timezone.now() + datetime.timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with CaptureQueriesContext(connection) as captured:
        shown = admin_api.get(LIST).json()["results"][0]
    assert shown["previous_password_expires_at"] is None
    assert shown["previous_password_set_at"] is None
    assert any(q["sql"].startswith("SELECT COUNT(*)") for q in captured.captured_queries)  # read afresh
    assert admin_api.get(detail).json()["previous_password_expires_at"] is None


def test_pages_with_other_parameters_are_remembered_apart(admin_api, admin_ctx, demo_org):
    for name in ("Arkiv", "Budsjett", "Post"):
        integration_create(admin_ctx, organization=demo_org, name=name, authorized_orgnr=VENDOR_ORGNR)
    assert names(admin_api.get(f"{LIST}?limit=2")) == ["Arkiv", "Budsjett"]
    second = admin_api.get(f"{LIST}?limit=2&offset=2").json()
    assert [row["name"] for row in second["results"]] == ["Post"]
    assert second["previous"].endswith(f"{LIST}?limit=2")
    assert names(admin_api.get(f"{LIST}?name=bud")) == ["Budsjett"]
    assert admin_api.get(f"{LIST}?limit=0").status_code == 400
    assert admin_api.get(f"{LIST}?limit=2").json()["next"].endswith(f"{LIST}?limit=2&offset=2")


# --- two app servers sharing Redis -----------------------------------------------------------------------------

WORKER = r"""
import json, sys
import django
django.setup()
from django.test import Client
client = Client()
for line in sys.stdin:
    call = json.loads(line)
    r = client.get("/api/v1/" + call["path"], HTTP_AUTHORIZATION="Bearer " + call["token"],
                   HTTP_ONBEHALFOF=call["on_behalf_of"])
    print(json.dumps({"status": r.status_code, "body": r.json()}), flush=True)
"""


@pytest.mark.django_db(transaction=True)
def test_changes_on_one_app_server_show_in_the_next_read_on_another(other_app_server):
    """Two processes share PostgreSQL and Redis: the other process remembers a page and an integration; this one
    renames the integration and then revokes the reader's ADMIN, and the other's very next reads show each."""
    from authz.context import Actor, Context
    from authz.services import organization_create

    system = Context(actor=Actor.system("tests"), channel="cli")
    organization = organization_create(system, orgnr=DEMO_ORGNR, name="Demo kommune", first_admin_pid=DEMO_ADMIN_PID)
    integration = integration_create(system, organization=organization, name="Fagsystem",
                                     authorized_orgnr=VENDOR_ORGNR)
    grant, _ = grant_create(system, privilege=Privilege.objects.get(code="ADMIN"),
                            resource=root_resource(organization), person=person_get_or_create(pid=OTHER_ADMIN_PID))
    worker = other_app_server(WORKER)
    token = mint_token(kind="idporten", pid=OTHER_ADMIN_PID)

    def get(path) -> dict:
        worker.stdin.write(json.dumps({"token": token, "on_behalf_of": OTHER_ADMIN_PID, "path": path}) + "\n")
        worker.stdin.flush()
        return json.loads(worker.stdout.readline())

    detail = f"{LIST}{integration.pk}/"
    try:
        for _ in range(2):  # the second time from what the other process remembered
            assert [row["name"] for row in get(LIST)["body"]["results"]] == ["Fagsystem"]
            assert get(detail)["body"]["name"] == "Fagsystem"
        integration_update(system, integration=integration, name="Arkiv")
        assert [row["name"] for row in get(LIST)["body"]["results"]] == ["Arkiv"]
        assert get(detail)["body"]["name"] == "Arkiv"
        grant_revoke(system, grant=grant)
        assert get(LIST)["status"] == 404
        assert get(detail)["status"] == 404
    finally:
        worker.stdin.close()
        worker.wait(timeout=30)
