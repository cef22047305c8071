"""Changes made in the admin go through the services, are audited with channel "admin", and mask identity numbers."""

from __future__ import annotations

import re

import pytest

from authz.models import AuditEvent, Delegation, Grant, Organization, Person, Privilege, Resource
from integrations.models import Integration
from integrations.services import integration_create
from tests.conftest import check_password

from ..conftest import DEMO_ADMIN_PID, DEMO_ORGNR, OTHER_ADMIN_PID, VENDOR_ORGNR

pytestmark = pytest.mark.django_db

NEW_ORGNR = "974760673"
NEW_ADMIN_PID = "03077240038"


def _html(response) -> str:
    return response.content.decode()


def test_operator_creates_organization_with_first_administrator(operator_client):
    response = operator_client.post(
        "/admin/authz/organization/add/",
        {"orgnr": NEW_ORGNR, "name": "Nyby kommune", "first_admin_pid": NEW_ADMIN_PID},
        HTTP_X_REQUEST_ID="admin-test-request-1",
    )
    assert response.status_code == 302, _html(response)
    organization = Organization.objects.get(orgnr=NEW_ORGNR)
    assert organization.name == "Nyby kommune"
    root = Resource.objects.get(organization=organization, kind=Resource.Kind.ORGANIZATION)
    grant = Grant.objects.get(resource=root, privilege__code="ADMIN")
    assert grant.person.pid == NEW_ADMIN_PID
    events = AuditEvent.objects.filter(organization=organization).order_by("time")
    assert [e.action for e in events] == ["organization.create", "grant.create"]
    assert {e.channel for e in events} == {"admin"}
    assert {e.principal for e in events} == {"operator:drift"}
    assert {e.request_id for e in events} == {"admin-test-request-1"}
    assert all(NEW_ADMIN_PID not in str(e.after) for e in events)

    # The administrator is shown masked, never in full, on every admin page about it.
    masked = NEW_ADMIN_PID[:6] + "*****"
    pages = [
        "/admin/authz/organization/",
        f"/admin/authz/organization/{organization.pk}/change/",
        "/admin/authz/grant/",
        f"/admin/authz/grant/{grant.pk}/change/",
        "/admin/authz/person/",
        f"/admin/authz/person/{grant.person.pk}/change/",
        "/admin/authz/auditevent/",
        f"/admin/authz/auditevent/{events[1].pk}/change/",
        "/admin/",
    ]
    for url in pages:
        page = operator_client.get(url)
        assert page.status_code == 200, url
        assert NEW_ADMIN_PID not in _html(page), url
    assert masked in _html(operator_client.get("/admin/authz/organization/"))
    assert masked in _html(operator_client.get(f"/admin/authz/organization/{organization.pk}/change/"))


@pytest.mark.parametrize(
    ("orgnr", "pid", "field"),
    [
        ("97476067", NEW_ADMIN_PID, "orgnr"),  # 8 digits
        ("9747606730", NEW_ADMIN_PID, "orgnr"),  # 10 digits
        ("974760674", NEW_ADMIN_PID, "orgnr"),  # wrong check digit
        ("000000000", NEW_ADMIN_PID, "orgnr"),  # all zeros
        ("97476 673", NEW_ADMIN_PID, "orgnr"),  # inner space
        ("９７４７６０６７３", NEW_ADMIN_PID, "orgnr"),  # non-ASCII digits
        (NEW_ORGNR, "03077240039", "first_admin_pid"),  # wrong check digit
        (NEW_ORGNR, "0307724003", "first_admin_pid"),  # 10 digits
        (NEW_ORGNR, "0307724003x", "first_admin_pid"),  # a letter
        (NEW_ORGNR, "", "first_admin_pid"),  # missing
    ],
)
def test_invalid_orgnr_or_pid_gives_form_error_and_writes_nothing(operator_client, orgnr, pid, field):
    counts = (Organization.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    response = operator_client.post(
        "/admin/authz/organization/add/", {"orgnr": orgnr, "name": "Nyby kommune", "first_admin_pid": pid}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field]
    assert "errorlist" in _html(response)
    assert (Organization.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == counts
    assert NEW_ADMIN_PID not in _html(response)  # a valid number typed is not echoed back


@pytest.mark.parametrize(("orgnr", "message"), [
    ("", "Skriv organisasjonsnummeret: ni sifre."),
    ("97476 67", "Ugyldig organisasjonsnummer: det må ha ni sifre, ikke 7."),
    ("974760674", "Ugyldig organisasjonsnummer: kontrollsifferet (det siste sifferet) stemmer ikke."),
    ("97476067x", "Ugyldig organisasjonsnummer: det kan bare inneholde sifrene 0–9."),
])
def test_admin_orgnr_errors_say_what_is_wrong(operator_client, orgnr, message):
    response = operator_client.post(
        "/admin/authz/organization/add/", {"orgnr": orgnr, "name": "Nyby kommune", "first_admin_pid": NEW_ADMIN_PID}
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["orgnr"])
    assert not Organization.objects.filter(name="Nyby kommune").exists()


def test_admin_accepts_orgnr_with_spaces(operator_client):
    response = operator_client.post(
        "/admin/authz/organization/add/",
        {"orgnr": "974 760\u00a0673", "name": "Nyby kommune", "first_admin_pid": NEW_ADMIN_PID},
    )
    assert response.status_code == 302
    assert Organization.objects.get(name="Nyby kommune").orgnr == "974760673"


def test_duplicate_orgnr_is_a_form_error(operator_client, demo_org):
    count = AuditEvent.objects.count()
    response = operator_client.post(
        "/admin/authz/organization/add/", {"orgnr": DEMO_ORGNR, "name": "Kopi", "first_admin_pid": NEW_ADMIN_PID}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["orgnr"]
    assert AuditEvent.objects.count() == count


def test_audit_events_cannot_be_added_changed_or_deleted(operator_client, demo_org):
    event = AuditEvent.objects.filter(organization=demo_org).first()
    before = (event.action, event.principal_display, AuditEvent.objects.count())
    listing = operator_client.get("/admin/authz/auditevent/")
    assert listing.status_code == 200
    html = _html(listing)
    assert "/admin/authz/auditevent/add/" not in html
    assert 'name="action"' not in html  # no bulk actions (no "delete selected")
    assert event.principal_display in html
    assert DEMO_ADMIN_PID not in html

    detail = operator_client.get(f"/admin/authz/auditevent/{event.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in _html(detail)
    assert f"/admin/authz/auditevent/{event.pk}/delete/" not in _html(detail)

    assert operator_client.get("/admin/authz/auditevent/add/").status_code == 403
    assert operator_client.post(f"/admin/authz/auditevent/{event.pk}/change/",
                                {"action": "forfalsket"}).status_code == 403
    assert operator_client.get(f"/admin/authz/auditevent/{event.pk}/delete/").status_code == 403
    assert operator_client.post(f"/admin/authz/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    operator_client.post("/admin/authz/auditevent/", {"action": "delete_selected", "_selected_action": [event.pk],
                                                      "post": "yes"})
    event.refresh_from_db()
    assert (event.action, event.principal_display, AuditEvent.objects.count()) == before


def test_audit_log_filters_by_action_channel_and_organization(operator_client, demo_org, other_org):
    response = operator_client.get(f"/admin/authz/auditevent/?organization__id__exact={other_org.pk}"
                                   "&channel__exact=cli&action__exact=organization.create")
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert len(shown) == 1
    assert shown[0].organization == other_org


def test_operator_creates_global_integration_with_requested_privileges(operator_client):
    index, search = Privilege.objects.filter(code__in=["MINSIDE_SOK.INDEX", "MINSIDE_SOK.SEARCH"]).order_by("code")
    response = operator_client.post("/admin/integrations/integration/add/", {
        "code": "ACME_ARKIV", "name": "Acme Arkiv", "authorized_orgnr": VENDOR_ORGNR,
        "description": "Arkivsystem", "requested_privileges": [index.pk, search.pk],
    })
    assert response.status_code == 302, _html(response)
    integration = Integration.objects.get(code="ACME_ARKIV")
    assert integration.is_global
    assert set(integration.requested_privileges.values_list("code", flat=True)) == {
        "MINSIDE_SOK.INDEX", "MINSIDE_SOK.SEARCH"}
    event = AuditEvent.objects.get(action="global_integration.create", target_id=str(integration.pk))
    assert event.channel == "admin"
    assert sorted(event.after["requested_privileges"]) == ["MINSIDE_SOK.INDEX", "MINSIDE_SOK.SEARCH"]


def test_global_integration_form_rejects_bad_input_and_person_only_privileges(operator_client):
    admin_privilege = Privilege.objects.get(code="ADMIN")
    response = operator_client.post("/admin/integrations/integration/add/", {
        "code": "acme lower", "name": "Acme<script>", "authorized_orgnr": "12345678",
        "requested_privileges": [admin_privilege.pk],
    })
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"code", "name", "authorized_orgnr", "requested_privileges"} <= set(errors)
    assert not Integration.objects.exists()


def test_global_integration_edit_goes_through_integration_update(operator_client):
    operator_client.post("/admin/integrations/integration/add/", {
        "code": "ACME", "name": "Acme", "authorized_orgnr": VENDOR_ORGNR, "description": ""})
    integration = Integration.objects.get(code="ACME")
    response = operator_client.post(f"/admin/integrations/integration/{integration.pk}/change/", {
        "name": "Acme Sak", "description": "Ny", "authorized_orgnr": VENDOR_ORGNR, "is_active": "on"})
    assert response.status_code == 302, _html(response)
    integration.refresh_from_db()
    assert (integration.name, integration.version) == ("Acme Sak", 2)
    event = AuditEvent.objects.get(action="integration.update", target_id=str(integration.pk))
    assert (event.channel, event.before["name"], event.after["name"]) == ("admin", "Acme", "Acme Sak")


def test_global_integration_orgnr_with_spaces_on_add_and_edit(operator_client):
    response = operator_client.post("/admin/integrations/integration/add/", {
        "code": "ACME", "name": "Acme", "authorized_orgnr": "910 753 614", "description": ""})
    assert response.status_code == 302, _html(response)
    integration = Integration.objects.get(code="ACME")
    assert integration.authorized_orgnr == VENDOR_ORGNR
    response = operator_client.post(f"/admin/integrations/integration/{integration.pk}/change/", {
        "name": "Acme", "description": "", "authorized_orgnr": "314 168 26", "is_active": "on"})
    assert "Ugyldig organisasjonsnummer: det må ha ni sifre, ikke 8." in _html(response)
    response = operator_client.post(f"/admin/integrations/integration/{integration.pk}/change/", {
        "name": "Acme", "description": "", "authorized_orgnr": "314 168 267", "is_active": "on"})
    assert response.status_code == 302, _html(response)
    integration.refresh_from_db()
    assert integration.authorized_orgnr == "314168267"


def test_password_rotation_shows_the_password_once(operator_client, demo_org, admin_ctx):
    integration = integration_create(admin_ctx, organization=demo_org, name="Sak", authorized_orgnr=VENDOR_ORGNR)
    response = operator_client.post("/admin/integrations/integration/",
                                    {"action": "rotate_password", "_selected_action": [str(integration.pk)]})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = re.search(r'class="new-password">([^<]+)<', _html(response)).group(1)
    integration.refresh_from_db()
    assert check_password(password, integration.password_digest)
    event = AuditEvent.objects.get(action="integration.password_rotate", target_id=str(integration.pk))
    assert event.channel == "admin"
    assert password not in str(event.after)
    assert password not in _html(operator_client.get(f"/admin/integrations/integration/{integration.pk}/change/"))


def test_bulk_delete_of_integrations_goes_through_the_service(operator_client, demo_org, admin_ctx):
    from integrations.services import global_integration_activate

    local = integration_create(admin_ctx, organization=demo_org, name="Sak", authorized_orgnr=VENDOR_ORGNR)
    operator_client.post("/admin/integrations/integration/add/", {
        "code": "ACME", "name": "Acme", "authorized_orgnr": VENDOR_ORGNR,
        "requested_privileges": [Privilege.objects.get(code="SVARUT.SEND").pk]})
    global_ = Integration.objects.get(code="ACME")
    global_integration_activate(admin_ctx, integration=global_, organization=demo_org)
    assert Grant.objects.filter(integration=global_).count() == 1
    response = operator_client.post("/admin/integrations/integration/", {
        "action": "delete_selected", "_selected_action": [str(local.pk), str(global_.pk)], "post": "yes"})
    assert response.status_code == 302
    assert not Integration.objects.exists()
    deletes = AuditEvent.objects.filter(action="integration.delete", channel="admin")
    assert {e.target_id for e in deletes} == {str(local.pk), str(global_.pk)}
    assert AuditEvent.objects.filter(action="grant.revoke", channel="admin").count() == 1


def test_local_integration_is_read_only_in_the_admin(operator_client, demo_org, admin_ctx):
    local = integration_create(admin_ctx, organization=demo_org, name="Sak", authorized_orgnr=VENDOR_ORGNR)
    url = f"/admin/integrations/integration/{local.pk}/change/"
    assert 'name="_save"' not in _html(operator_client.get(url))
    assert operator_client.post(url, {"name": "Endret", "authorized_orgnr": VENDOR_ORGNR}).status_code == 403
    local.refresh_from_db()
    assert local.name == "Sak"


def test_grants_added_and_revoked_through_the_services(operator_client, demo_org):
    privilege = Privilege.objects.get(code="ADMIN")
    response = operator_client.post("/admin/authz/grant/add/", {
        "privilege": privilege.pk, "organization": demo_org.pk, "person_pid": OTHER_ADMIN_PID})
    assert response.status_code == 302, _html(response)
    grant = Grant.objects.get(person__pid=OTHER_ADMIN_PID, resource__organization=demo_org)
    assert AuditEvent.objects.get(action="grant.create", target_id=str(grant.pk)).channel == "admin"
    listing = _html(operator_client.get("/admin/authz/grant/"))
    assert OTHER_ADMIN_PID[:6] + "*****" in listing
    assert OTHER_ADMIN_PID not in listing

    response = operator_client.post(f"/admin/authz/grant/{grant.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Grant.objects.filter(pk=grant.pk).exists()
    assert AuditEvent.objects.get(action="grant.revoke", target_id=str(grant.pk)).channel == "admin"


def test_grant_form_refuses_privilege_for_wrong_actor_kind(operator_client, demo_org):
    count = Grant.objects.count()
    response = operator_client.post("/admin/authz/grant/add/", {
        "privilege": Privilege.objects.get(code="MINSIDE_SOK.INDEX").pk, "organization": demo_org.pk,
        "person_pid": OTHER_ADMIN_PID})
    assert response.status_code == 200
    assert "kan ikke gis til personer" in _html(response)
    assert OTHER_ADMIN_PID not in _html(response)
    assert Grant.objects.count() == count


def test_person_found_by_exact_pid_without_the_number_in_urls(operator_client, demo_org):
    person = Person.objects.get(pid=DEMO_ADMIN_PID)
    response = operator_client.post("/admin/authz/person/find/", {"pid": DEMO_ADMIN_PID})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/authz/person/{person.pk}/change/"
    page = _html(operator_client.get(response["Location"]))
    assert DEMO_ADMIN_PID[:6] + "*****" in page
    assert DEMO_ADMIN_PID not in page
    response = operator_client.post("/admin/authz/person/find/", {"pid": "12898540187"}, follow=True)
    assert "Ingen person med dette fødselsnummeret." in _html(response)


def test_catalogue_change_is_audited(operator_client):
    privilege = Privilege.objects.get(code="SVARUT.SEND")
    response = operator_client.post(f"/admin/authz/privilege/{privilege.pk}/change/", {
        "name": "SvarUt – sende post", "description": privilege.description, "service": privilege.service_id,
        "for_persons": "on", "for_integrations": "on"})
    assert response.status_code == 302, _html(response)
    privilege.refresh_from_db()
    assert privilege.name == "SvarUt – sende post"
    assert privilege.code == "SVARUT.SEND"
    event = AuditEvent.objects.get(action="catalogue.privilege.update")
    assert (event.channel, event.before["name"], event.after["name"]) == (
        "admin", "SvarUt – sende", "SvarUt – sende post")


def test_delegation_created_and_revoked_in_the_admin(operator_client, demo_org):
    response = operator_client.post("/admin/authz/delegation/add/", {
        "represented": DEMO_ORGNR, "representative": VENDOR_ORGNR,
        "valid_from_0": "2025-01-01", "valid_from_1": "00:00:00"})
    assert response.status_code == 302, _html(response)
    delegation = Delegation.objects.get(represented=DEMO_ORGNR)
    assert AuditEvent.objects.get(action="delegation.create").channel == "admin"
    operator_client.post("/admin/authz/delegation/", {"action": "revoke",
                                                      "_selected_action": [delegation.pk]})
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None
    assert AuditEvent.objects.get(action="delegation.revoke").channel == "admin"


def test_delegation_parties_accept_an_orgnr_with_spaces_but_a_pid_must_be_whole(operator_client, demo_org):
    response = operator_client.post("/admin/authz/delegation/add/", {
        "represented": "123 456 785", "representative": "910\u00a0753\u00a0614",
        "valid_from_0": "2025-01-01", "valid_from_1": "00:00:00"})
    assert response.status_code == 302, _html(response)
    assert Delegation.objects.filter(represented=DEMO_ORGNR, representative=VENDOR_ORGNR).exists()
    response = operator_client.post("/admin/authz/delegation/add/", {
        "represented": DEMO_ORGNR, "representative": "218794 98012",
        "valid_from_0": "2025-01-01", "valid_from_1": "00:00:00"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["representative"]
    assert Delegation.objects.count() == 1




def test_totp_secret_is_never_shown_in_the_admin(operator_client, operator):
    from allauth.mfa.models import Authenticator

    from .conftest import stored_totp_secret

    authenticator = Authenticator.objects.get(user=operator, type="totp")
    url = f"/admin/mfa/authenticator/{authenticator.pk}/change/"
    page = operator_client.get(url)
    assert page.status_code == 200
    assert stored_totp_secret(operator) not in _html(page)
    assert 'name="_save"' not in _html(page)
    assert operator_client.post(url, {"data": "{}"}).status_code == 403


def test_organization_rename_is_audited_and_organizations_cannot_be_deleted(operator_client, demo_org):
    url = f"/admin/authz/organization/{demo_org.pk}/change/"
    response = operator_client.post(url, {"name": "Demo kommune (ny)"})
    assert response.status_code == 302, _html(response)
    demo_org.refresh_from_db()
    assert demo_org.name == "Demo kommune (ny)"
    event = AuditEvent.objects.get(action="organization.update")
    assert (event.channel, event.before, event.after) == (
        "admin", {"name": "Demo kommune"}, {"name": "Demo kommune (ny)"})
    assert operator_client.get(f"/admin/authz/organization/{demo_org.pk}/delete/").status_code == 403
