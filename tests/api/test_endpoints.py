"""Every /api/v1/ endpoint: the main path, 404 for another organization's objects, 403 without the right."""

from urllib.parse import quote

import pytest

from authz.models import AuditEvent, Delegation, Grant, Privilege
from authz.selectors import root_resource
from authz.services import grant_create, person_get_or_create
from integrations.models import Activation, Integration
from integrations.services import global_integration_create, integration_create
from tests.api.conftest import problem
from tests.conftest import (
    DEMO_ADMIN_PID,
    DEMO_ORGNR,
    NOBODY_PID,
    OTHER_ADMIN_PID,
    OTHER_ORGNR,
    SYSTEM,
    VENDOR_ORGNR,
)

DEMO = f"organizations/{DEMO_ORGNR}"
OTHER = f"organizations/{OTHER_ORGNR}"


@pytest.fixture
def integration(admin_ctx, demo_org):
    return integration_create(admin_ctx, organization=demo_org, name="Sak", authorized_orgnr=VENDOR_ORGNR)


@pytest.fixture
def other_integration(other_admin_ctx, other_org):
    return integration_create(other_admin_ctx, organization=other_org, name="Annen", authorized_orgnr=VENDOR_ORGNR)


# --- me, organizations, catalogue --------------------------------------------------------------------------


def test_me_shows_caller_and_privileges_without_full_pid(admin_api):
    r = admin_api.get("me/")
    body = r.json()
    assert body["caller"]["type"] == "person"
    assert body["caller"]["pid"] == "218794*****"
    assert body["privileges"] == [{"privilege": "ADMIN", "orgnr": DEMO_ORGNR, "service": None}]
    assert DEMO_ADMIN_PID not in r.content.decode()


def test_me_of_an_integration(integration_api, vendor_integration):
    body = integration_api.get("me/").json()
    assert body["caller"]["integration"]["id"] == str(vendor_integration[0].pk)
    assert body["token"]["consumer_orgnr"] == VENDOR_ORGNR
    assert {"privilege": "KONFIG.CONFIGURE", "orgnr": DEMO_ORGNR, "service": None} in body["privileges"]


def test_organizations_lists_only_visible_ones(admin_api, other_org):
    body = admin_api.get("organizations/").json()
    assert [(o["orgnr"], o["can_change"]) for o in body["results"]] == [(DEMO_ORGNR, True)]
    assert admin_api.get(f"{DEMO}/").json()["name"] == "Demo kommune"
    assert problem(admin_api.get(f"{OTHER}/"))["code"] == "not_found"
    assert admin_api.get("organizations/999999999/").status_code == 404


def test_catalogue(admin_api):
    services = {s["code"]: s for s in admin_api.get("services/").json()["results"]}
    assert "MINSIDE_SOK.INDEX" in services["MINSIDE_SOK"]["privileges"]
    privileges = {p["code"]: p for p in admin_api.get("privileges/").json()["results"]}
    assert privileges["MINSIDE_SOK.INDEX"] == {
        "code": "MINSIDE_SOK.INDEX", "name": "MinSide Søk – indeksering",
        "description": "Legge meldinger og saker inn i søket, så innbyggerne finner dem på MinSide.",
        "service": "MINSIDE_SOK", "for_persons": False, "for_integrations": True,
    }
    assert privileges["ADMIN"]["service"] is None


# --- integrations ------------------------------------------------------------------------------------------


def test_integration_create_read_list_and_audit(admin_api):
    r = admin_api.post(f"{DEMO}/integrations/", {"name": "Sak og arkiv", "description": "ESA",
                                                "authorized_orgnr": VENDOR_ORGNR})
    assert r.status_code == 201
    created = r.json()
    assert r["ETag"] == '"1"'
    assert r["Location"].endswith(created["id"])
    assert created["organization"] == DEMO_ORGNR
    assert created["has_password"] is False
    got = admin_api.get(f"{DEMO}/integrations/{created['id']}/")
    assert got.json() == created
    assert got["ETag"] == '"1"'
    listed = admin_api.get(f"{DEMO}/integrations/").json()
    assert listed["count"] == 1
    assert listed["results"][0]["id"] == created["id"]
    event = AuditEvent.objects.get(action="integration.create")
    assert (event.channel, event.on_behalf_of, event.principal) == ("api", DEMO_ADMIN_PID, f"person:{DEMO_ADMIN_PID}")


def test_integration_filters(admin_api, admin_ctx, demo_org):
    a = integration_create(admin_ctx, organization=demo_org, name="Arkiv", authorized_orgnr=VENDOR_ORGNR)
    integration_create(admin_ctx, organization=demo_org, name="Sak", authorized_orgnr=OTHER_ORGNR)
    grant_create(admin_ctx, privilege=Privilege.objects.get(code="MINSIDE_SOK.INDEX"),
                 resource=root_resource(demo_org), integration=a)

    def names(query):
        r = admin_api.get(f"{DEMO}/integrations/?{query}")
        assert r.status_code == 200, r.content
        return [i["name"] for i in r.json()["results"]]

    assert names("name=ark") == ["Arkiv"]
    assert names(f"authorized_orgnr={OTHER_ORGNR}") == ["Sak"]
    assert names("service=MINSIDE_SOK") == ["Arkiv"]
    assert names("service=SVARUT") == []
    assert names("name=ark&service=MINSIDE_SOK") == ["Arkiv"]
    # A well-formed code that names no service matches nothing (the schema allows any code up to 50 characters);
    # a malformed orgnr is refused, as the schema's pattern says (issue 9 item 14).
    assert names("service=NO_SUCH") == []
    r = admin_api.get(f"{DEMO}/integrations/?authorized_orgnr=12345678x")
    assert r.status_code == 400
    assert "authorized_orgnr" in problem(r)["errors"]


def test_other_organizations_integrations_are_404(admin_api, other_integration):
    assert admin_api.get(f"{OTHER}/integrations/").status_code == 404
    assert admin_api.post(f"{OTHER}/integrations/", {"name": "X", "authorized_orgnr": VENDOR_ORGNR}).status_code == 404
    for path in (f"{OTHER}/integrations/{other_integration.pk}/", f"{DEMO}/integrations/{other_integration.pk}/"):
        assert admin_api.get(path).status_code == 404
        assert admin_api.patch(path, {"name": "Stjålet"}).status_code == 404
        assert admin_api.delete(path).status_code == 404
        assert admin_api.post(path + "password/").status_code == 404
    other_integration.refresh_from_db()
    assert other_integration.name == "Annen"
    assert not other_integration.has_password


def test_viewer_without_admin_gets_403_on_the_configuration(api_for_searcher, integration):
    r = api_for_searcher.post(f"{DEMO}/integrations/", {"name": "X", "authorized_orgnr": VENDOR_ORGNR})
    assert r.status_code == 403
    assert problem(r)["code"] == "permission_denied"
    # Holding a service privilege opens neither reading nor changing the organization's configuration.
    assert api_for_searcher.get(f"{DEMO}/").status_code == 200
    for path in ("integrations/", f"integrations/{integration.pk}/", "grants/", "audit-events/"):
        assert api_for_searcher.get(f"{DEMO}/{path}").status_code == 403
    assert api_for_searcher.delete(f"{DEMO}/integrations/{integration.pk}/").status_code == 403
    assert Integration.objects.filter(pk=integration.pk).exists()


@pytest.fixture
def api_for_searcher(admin_ctx, demo_org):
    """A person holding only MINSIDE_SOK.SEARCH in Demo kommune: may see it, not change it."""
    from api.devissuer import mint_token
    from tests.api.conftest import Api

    person = person_get_or_create(pid=NOBODY_PID)
    grant_create(admin_ctx, privilege=Privilege.objects.get(code="MINSIDE_SOK.SEARCH"),
                 resource=root_resource(demo_org), person=person)
    return Api(mint_token(kind="idporten", pid=NOBODY_PID), NOBODY_PID)


def test_patch_with_etag_and_stale_if_match_is_412(admin_api, integration):
    path = f"{DEMO}/integrations/{integration.pk}/"
    etag = admin_api.get(path)["ETag"]
    r = admin_api.patch(path, {"description": "Ny"}, HTTP_IF_MATCH=etag)
    assert r.status_code == 200
    assert r.json()["description"] == "Ny"
    assert r["ETag"] == '"2"'
    r = admin_api.patch(path, {"description": "Gammel"}, HTTP_IF_MATCH=etag)
    assert r.status_code == 412
    assert problem(r)["code"] == "precondition_failed"
    r = admin_api.patch(path, {"description": "Gammel"}, HTTP_IF_MATCH='W/"2"')  # weak tags never match
    assert r.status_code == 412
    integration.refresh_from_db()
    assert (integration.description, integration.version) == ("Ny", 2)
    r = admin_api.patch(path, {"is_active": False}, HTTP_IF_MATCH='"1", "2"')
    assert r.status_code == 200
    assert r.json()["is_active"] is False
    r = admin_api.patch(path, {"name": "Uten If-Match"})  # If-Match is honoured when sent, not required
    assert r.status_code == 200
    assert r.json()["version"] == 4


def test_patch_refuses_unknown_and_bad_fields(admin_api, integration):
    path = f"{DEMO}/integrations/{integration.pk}/"
    assert set(problem(admin_api.patch(path, {"version": 9}))["errors"]) == {"version"}
    assert set(problem(admin_api.patch(path, {"authorized_orgnr": "123"}))["errors"]) == {"authorized_orgnr"}
    integration.refresh_from_db()
    assert integration.version == 1


def test_delete_integration_with_stale_if_match_is_412_then_deletes(admin_api, integration):
    path = f"{DEMO}/integrations/{integration.pk}/"
    assert admin_api.delete(path, HTTP_IF_MATCH='"7"').status_code == 412
    assert Integration.objects.filter(pk=integration.pk).exists()
    assert admin_api.delete(path, HTTP_IF_MATCH='"1"').status_code == 204
    assert not Integration.objects.filter(pk=integration.pk).exists()
    assert admin_api.get(path).status_code == 404


def test_password_rotation_returns_the_password_once(admin_api, integration, vendor_integration):
    from integrations.selectors import integration_authenticate

    r = admin_api.post(f"{DEMO}/integrations/{integration.pk}/password/")
    assert r.status_code == 200
    assert r["Cache-Control"] == "no-store"
    password = r.json()["password"]
    assert len(password) == 43
    assert integration_authenticate(integration_id=str(integration.pk), password=password,
                                    consumer_orgnr=VENDOR_ORGNR) is not None
    assert password not in admin_api.get(f"{DEMO}/integrations/{integration.pk}/").content.decode()
    event = AuditEvent.objects.filter(action="integration.password_rotate", target_id=str(integration.pk)).get()
    assert password not in str(event.after)


# --- grants ------------------------------------------------------------------------------------------------


def test_grant_create_is_idempotent_and_listed(admin_api, integration):
    body = {"actor": {"type": "integration", "integration_id": str(integration.pk)}, "privilege": "MINSIDE_SOK.INDEX",
            "service": "MINSIDE_SOK"}
    r = admin_api.post(f"{DEMO}/grants/", body)
    assert r.status_code == 201, r.content
    grant = r.json()
    assert (grant["privilege"], grant["service"], grant["actor"]["integration_id"]) == (
        "MINSIDE_SOK.INDEX", "MINSIDE_SOK", str(integration.pk))
    r = admin_api.post(f"{DEMO}/grants", body)
    assert r.status_code == 200
    assert r.json()["id"] == grant["id"]
    assert Grant.objects.filter(integration=integration).count() == 1
    listed = admin_api.get(f"{DEMO}/grants/").json()["results"]
    assert {g["privilege"] for g in listed} == {"ADMIN", "MINSIDE_SOK.INDEX"}
    admin = next(g for g in listed if g["privilege"] == "ADMIN")
    assert admin["actor"]["pid"] == "218794*****"


def test_grant_to_person_and_bad_grants(admin_api, integration, other_integration):
    r = admin_api.post(f"{DEMO}/grants/", {"actor": {"type": "person", "pid": OTHER_ADMIN_PID}, "privilege": "ADMIN"})
    assert r.status_code == 201
    bad = [
        ({"actor": {"type": "person", "pid": OTHER_ADMIN_PID}, "privilege": "MINSIDE_SOK.INDEX"}, None),
        ({"actor": {"type": "integration", "integration_id": str(integration.pk)}, "privilege": "NOPE"}, "privilege"),
        ({"actor": {"type": "integration", "integration_id": str(other_integration.pk)}, "privilege": "SVARUT.SEND"},
         "actor.integration_id"),
        ({"actor": {"type": "person", "pid": "12345678901"}, "privilege": "ADMIN"}, "actor.pid"),
        ({"actor": {"type": "person"}, "privilege": "ADMIN"}, "actor.pid"),
        ({"actor": {"type": "integration", "integration_id": str(integration.pk)}, "privilege": "SVARUT.SEND",
          "service": "MINSIDE_SOK"}, None),
    ]
    for body, field in bad:
        r = admin_api.post(f"{DEMO}/grants/", body)
        assert r.status_code == 400, (body, r.content)
        if field:
            assert field in problem(r)["errors"], r.json()
    assert Grant.objects.filter(resource__organization__orgnr=DEMO_ORGNR).count() == 2


def test_grant_revoke_and_other_org_404(admin_api, other_admin_api, integration):
    grant, _ = grant_create(SYSTEM, privilege=Privilege.objects.get(code="SVARUT.SEND"),
                            resource=root_resource(integration.organization), integration=integration)
    assert other_admin_api.delete(f"{DEMO}/grants/{grant.pk}/").status_code == 404
    assert other_admin_api.delete(f"{OTHER}/grants/{grant.pk}/").status_code == 404
    assert other_admin_api.get(f"{DEMO}/grants/").status_code == 404
    assert Grant.objects.filter(pk=grant.pk).exists()
    assert admin_api.delete(f"{DEMO}/grants/{grant.pk}").status_code == 204
    assert not Grant.objects.filter(pk=grant.pk).exists()
    assert AuditEvent.objects.filter(action="grant.revoke", channel="api").exists()


# --- global integrations -----------------------------------------------------------------------------------


@pytest.fixture
def global_integration(db):
    return global_integration_create(
        SYSTEM, code="MINSIDE_INDEKSERER", name="MinSide indekserer", authorized_orgnr=VENDOR_ORGNR,
        requested_privileges=[Privilege.objects.get(code="MINSIDE_SOK.INDEX")],
    )


def test_global_integrations_activate_and_deactivate(admin_api, global_integration, demo_org):
    listed = admin_api.get("global-integrations/").json()["results"]
    assert listed[0]["code"] == "MINSIDE_INDEKSERER"
    assert listed[0]["requested_privileges"] == ["MINSIDE_SOK.INDEX"]
    path = f"{DEMO}/global-integrations/MINSIDE_INDEKSERER/activation"
    r = admin_api.put(path)
    assert r.status_code == 201
    assert r.json()["orgnr"] == DEMO_ORGNR
    assert admin_api.put(path + "/").status_code == 200
    assert Grant.objects.filter(integration=global_integration, privilege__code="MINSIDE_SOK.INDEX").count() == 1
    assert admin_api.delete(path).status_code == 204
    assert not Activation.objects.exists()
    assert not Grant.objects.filter(integration=global_integration).exists()
    assert admin_api.put(f"{DEMO}/global-integrations/NO_SUCH/activation").status_code == 404


def test_global_activation_for_another_org_is_404(admin_api, global_integration, other_org):
    assert admin_api.put(f"{OTHER}/global-integrations/MINSIDE_INDEKSERER/activation").status_code == 404
    assert not Activation.objects.exists()


# --- delegations -------------------------------------------------------------------------------------------


def test_delegations_create_list_revoke(admin_api, other_admin_api, demo_org):
    r = admin_api.post("delegations/", {"represented": DEMO_ORGNR, "representative": VENDOR_ORGNR,
                                        "service": "MINSIDE_SOK", "valid_to": "2099-01-01T00:00:00Z"})
    assert r.status_code == 201, r.content
    delegation = r.json()
    assert (delegation["represented"], delegation["service"], delegation["revoked_at"]) == (
        DEMO_ORGNR, "MINSIDE_SOK", None)
    assert [d["id"] for d in admin_api.get("delegations/").json()["results"]] == [delegation["id"]]
    assert other_admin_api.get("delegations/").json()["results"] == []
    assert other_admin_api.post(f"delegations/{delegation['id']}/revoke").status_code == 404
    r = admin_api.post(f"delegations/{delegation['id']}/revoke")
    assert r.status_code == 200
    assert r.json()["revoked_at"] is not None
    assert Delegation.objects.get().revoked_at is not None


def test_delegation_create_refusals(admin_api, other_org):
    r = admin_api.post("delegations/", {"represented": OTHER_ORGNR, "representative": VENDOR_ORGNR})
    assert r.status_code == 403
    r = admin_api.post("delegations/", {"represented": DEMO_ORGNR, "representative": DEMO_ORGNR})
    assert r.status_code == 400
    r = admin_api.post("delegations/", {"represented": DEMO_ORGNR, "representative": "123"})
    assert "representative" in problem(r)["errors"]
    r = admin_api.post("delegations/", {"represented": DEMO_ORGNR, "representative": VENDOR_ORGNR,
                                        "valid_from": "2030-01-01T00:00:00Z", "valid_to": "2029-01-01T00:00:00Z"})
    assert "valid_to" in problem(r)["errors"]
    r = admin_api.post("delegations/", {"represented": DEMO_ORGNR, "representative": VENDOR_ORGNR,
                                        "valid_from": "0001-01-01T00:00:00+14:00"})
    assert r.status_code == 400
    assert not Delegation.objects.exists()


def test_person_delegation_output_masks_pid(admin_api):
    r = admin_api.post("delegations/", {"represented": DEMO_ADMIN_PID, "representative": VENDOR_ORGNR})
    assert r.status_code == 201
    assert r.json()["represented"] == "218794*****"
    assert DEMO_ADMIN_PID not in admin_api.get("delegations/").content.decode()


# --- decisions ---------------------------------------------------------------------------------------------


def test_decisions_permit_and_deny_with_reasons(admin_api, integration, demo_org, other_org):
    grant_create(SYSTEM, privilege=Privilege.objects.get(code="MINSIDE_SOK.INDEX"),
                 resource=root_resource(demo_org), integration=integration)
    ask = {"actor": {"type": "integration", "integration_id": str(integration.pk)}, "privilege": "MINSIDE_SOK.INDEX",
           "orgnr": DEMO_ORGNR}
    r = admin_api.post("decisions/", ask)
    assert r.status_code == 200
    assert r.json()["decision"] == "permit"
    assert r.json()["code"] == "granted"
    assert admin_api.post("decisions/", {**ask, "privilege": "SVARUT.SEND"}).json()["code"] == "no_grant"
    assert admin_api.post("decisions/", {**ask, "privilege": "ADMIN"}).json()["code"] == "actor_kind_not_allowed"
    unknown = {**ask, "actor": {"type": "person", "pid": NOBODY_PID}, "privilege": "SVARUT.SEND"}
    assert admin_api.post("decisions/", unknown).json() == {
        "decision": "deny", "code": "no_grant", "reason": f"Ingen tildelt tilgang SVARUT.SEND for {DEMO_ORGNR}."}
    admin = {**ask, "actor": {"type": "person", "pid": DEMO_ADMIN_PID}, "privilege": "ADMIN"}
    assert admin_api.post("decisions/", admin).json()["decision"] == "permit"
    assert admin_api.post("decisions/", {**ask, "orgnr": OTHER_ORGNR}).status_code == 404
    assert "privilege" in problem(admin_api.post("decisions/", {**ask, "privilege": "X"}))["errors"]
    assert "service" in problem(admin_api.post("decisions/", {**ask, "service": "X"}))["errors"]


def test_platform_service_may_ask_about_any_organization(vendor_api, integration, settings):
    ask = {"actor": {"type": "integration", "integration_id": str(integration.pk)}, "privilege": "MINSIDE_SOK.INDEX",
           "orgnr": DEMO_ORGNR}
    assert vendor_api.post("decisions/", ask).status_code == 404
    settings.API_DECISION_ORGNRS = [VENDOR_ORGNR]
    r = vendor_api.post("decisions/", ask)
    assert r.status_code == 200
    assert r.json()["decision"] == "deny"


# --- audit events ------------------------------------------------------------------------------------------


def test_audit_events_filtered_and_masked(admin_api, other_admin_api, integration, vendor_integration):
    admin_api.patch(f"{DEMO}/integrations/{integration.pk}/", {"description": "Endret"})
    r = admin_api.get(f"{DEMO}/audit-events/")
    assert r.status_code == 200
    events = r.json()["results"]
    assert DEMO_ADMIN_PID not in r.content.decode()
    assert events[0]["action"] == "integration.update"
    assert events[0]["actor"] == "person 218794*****"
    assert events[0]["on_behalf_of"] == "218794*****"
    assert events[0]["channel"] == "api"
    only = admin_api.get(f"{DEMO}/audit-events/?action=integration.update").json()
    assert [e["action"] for e in only["results"]] == ["integration.update"]
    by_actor = admin_api.get(f"{DEMO}/audit-events/?actor=person:{DEMO_ADMIN_PID}").json()["results"]
    assert {e["action"] for e in by_actor} == {"integration.create", "integration.update",
                                               "integration.password_rotate", "grant.create"}
    assert admin_api.get(f"{DEMO}/audit-events/?since=2999-01-01T00:00:00Z").json()["count"] == 0
    assert admin_api.get(f"{DEMO}/audit-events/?until=2999-01-01T00:00:00Z").json()["count"] == len(
        AuditEvent.objects.filter(organization__orgnr=DEMO_ORGNR))
    assert "since" in problem(admin_api.get(f"{DEMO}/audit-events/?since=yesterday"))["errors"]
    assert other_admin_api.get(f"{DEMO}/audit-events/").status_code == 404


def test_audit_events_need_the_change_right(api_for_searcher):
    r = api_for_searcher.get(f"{DEMO}/audit-events/")
    assert r.status_code == 403


@pytest.mark.parametrize("since", ["1662-12-22T21:10:28.208457+20:29", "0001-01-01T00:00:00+14:00",
                                   "9999-12-31T23:59:59-14:00"])
def test_audit_event_time_filter_with_odd_offsets_is_answered_not_500(admin_api, since):
    r = admin_api.get(f"{DEMO}/audit-events/?since={quote(since)}")
    assert r.status_code in (200, 400), r.content
    if r.status_code == 400:
        assert "since" in problem(r)["errors"]
