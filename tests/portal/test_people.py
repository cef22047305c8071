"""People (Tilganger): administrators and service privileges per organization, added by fødselsnummer."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from authz.context import Actor, Context
from authz.models import AuditEvent, Grant, Person, Privilege, Resource, Service
from authz.services import grant_create, person_get_or_create, person_set_name, service_resource
from idporten.backends import IDPortenBackend
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, NOBODY_PID, OTHER_ADMIN_PID, OTHER_ORGNR
from tests.portal.conftest import user_for

NEW_PID = "15108695088"  # an ordinary public example number (shared/reference/norwegian-identifiers.md)


def url(name, *args):
    return reverse(f"portal:{name}", args=args)


def form_post(client, path, data=None):
    return client.post(path, urlencode(data or {}), content_type="application/x-www-form-urlencoded")


def admin_grants(org) -> list[str]:
    return sorted(Grant.objects.filter(resource__organization=org, resource__kind="organization",
                                       privilege__code="ADMIN").values_list("person__pid", flat=True))


@pytest.fixture
def service_admin_client(demo_org):
    """NOBODY_PID made service administrator of SvarUt in Demo kommune (ADMIN on the service)."""
    svarut = Service.objects.get(code="SVARUT")
    person = person_get_or_create(pid=NOBODY_PID)
    grant_create(Context(actor=Actor.system("tests"), channel="cli"), privilege=Privilege.objects.get(code="ADMIN"),
                 resource=service_resource(organization=demo_org, service=svarut), person=person)
    client = Client()
    client.force_login(user_for(person))
    return client


def test_people_page_lists_administrators_by_name_with_masked_number(admin_client, demo_org):
    person_set_name(person=Person.objects.get(pid=DEMO_ADMIN_PID), name="Kari Nordmann")
    html = admin_client.get(url("people", DEMO_ORGNR)).content.decode()
    assert "Kari Nordmann" in html and "218794*****" in html
    assert DEMO_ADMIN_PID not in html


def test_add_administrator_by_pid_is_audited_and_masked(admin_client, demo_org):
    response = form_post(admin_client, url("person_add", DEMO_ORGNR), {"pid": NEW_PID, "role": "ADMIN"})
    assert response.status_code == 302 and response["Location"] == url("people", DEMO_ORGNR)
    assert admin_grants(demo_org) == sorted([DEMO_ADMIN_PID, NEW_PID])
    page = admin_client.get(response["Location"]).content.decode()
    assert "151086*****" in page and NEW_PID not in page
    event = AuditEvent.objects.get(action="grant.create", after__privilege="ADMIN", organization=demo_org,
                                   channel="web")
    assert NEW_PID not in str(event.after) and NEW_PID not in event.target_display


def test_adding_an_administrator_again_says_already_and_changes_nothing(admin_client, demo_org):
    before = AuditEvent.objects.count()
    response = form_post(admin_client, url("person_add", DEMO_ORGNR), {"pid": DEMO_ADMIN_PID, "role": "ADMIN"})
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert "har allerede tilgangen «Administrator for hele organisasjonen»" in page
    assert admin_grants(demo_org) == [DEMO_ADMIN_PID]
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("pid", [
    "15108695077",            # wrong check digits
    "1510869508８",           # a non-ASCII digit
    "151086 95088",           # a space inside
    "",                       # empty
    "123",                    # too short
])
def test_bad_pid_is_a_field_error_and_writes_nothing(admin_client, demo_org, pid):
    persons, events = Person.objects.count(), AuditEvent.objects.count()
    response = form_post(admin_client, url("person_add", DEMO_ORGNR), {"pid": pid, "role": "ADMIN"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and 'href="#id_pid"' in html
    assert (Person.objects.count(), AuditEvent.objects.count()) == (persons, events)
    if len(pid) >= 11:
        assert pid not in html  # the number typed is not written back into the page


def test_synthetic_pid_is_refused_in_production(admin_client, demo_org, settings):
    settings.PORTAL_TEST_ENVIRONMENT = False
    response = form_post(admin_client, url("person_add", DEMO_ORGNR), {"pid": "21879498012", "role": "ADMIN"})
    assert 'href="#id_pid"' in response.content.decode()
    assert admin_grants(demo_org) == [DEMO_ADMIN_PID]


def test_unknown_role_is_a_field_error(admin_client, demo_org):
    response = form_post(admin_client, url("person_add", DEMO_ORGNR), {"pid": NEW_PID, "role": "ROOT"})
    assert 'href="#id_role"' in response.content.decode()
    assert not Person.objects.filter(pid=NEW_PID).exists()


def test_remove_asks_first_then_removes_and_audits(admin_client, admin_ctx, demo_org):
    form_post(admin_client, url("person_add", DEMO_ORGNR), {"pid": NEW_PID, "role": "ADMIN"})
    grant = Grant.objects.get(person__pid=NEW_PID)
    confirm = admin_client.get(url("person_remove", DEMO_ORGNR, grant.pk)).content.decode()
    assert "Fjerne tilgangen?" in confirm and "Ja, fjern tilgangen" in confirm
    assert Grant.objects.filter(pk=grant.pk).exists()  # GET changes nothing
    response = form_post(admin_client, url("person_remove", DEMO_ORGNR, grant.pk))
    assert response.status_code == 302
    assert admin_grants(demo_org) == [DEMO_ADMIN_PID]
    assert AuditEvent.objects.filter(action="grant.revoke", channel="web").count() == 1


def test_last_administrator_cannot_be_removed_and_the_page_says_why(admin_client, demo_org):
    grant = Grant.objects.get(person__pid=DEMO_ADMIN_PID, privilege__code="ADMIN")
    confirm = admin_client.get(url("person_remove", DEMO_ORGNR, grant.pk)).content.decode()
    assert "Kan ikke fjerne den siste administratoren" in confirm
    assert "Ja, fjern tilgangen" not in confirm
    response = form_post(admin_client, url("person_remove", DEMO_ORGNR, grant.pk))
    page = admin_client.get(response["Location"]).content.decode()
    assert "Organisasjonen må ha minst én administrator." in page
    assert admin_grants(demo_org) == [DEMO_ADMIN_PID]
    assert not AuditEvent.objects.filter(action="grant.revoke").exists()


def test_service_administrator_sees_and_manages_only_their_service(service_admin_client, demo_org):
    index = Privilege.objects.get(code="MINSIDE_SOK.SEARCH")
    grant_create(Context(actor=Actor.system("tests"), channel="cli"), privilege=index,
                 resource=service_resource(organization=demo_org, service=index.service),
                 person=person_get_or_create(pid=OTHER_ADMIN_PID))
    html = service_admin_client.get(url("people", DEMO_ORGNR)).content.decode()
    assert "Administratorer" not in html  # the organization's administrators are not theirs to see
    assert "128985*****" not in html  # a MinSide Søk grant: another service
    form = service_admin_client.get(url("person_add", DEMO_ORGNR)).content.decode()
    assert 'value="SVARUT:SVARUT.SEND"' in form
    assert 'value="ADMIN"' not in form and "MINSIDE_SOK" not in form
    # Their own service: allowed. The whole organization or another service: refused as an unknown choice.
    ok = form_post(service_admin_client, url("person_add", DEMO_ORGNR), {"pid": NEW_PID, "role": "SVARUT:SVARUT.SEND"})
    assert ok.status_code == 302
    assert Grant.objects.filter(person__pid=NEW_PID, privilege__code="SVARUT.SEND",
                                resource__kind=Resource.Kind.SERVICE).exists()
    for role in ("ADMIN", "MINSIDE_SOK:MINSIDE_SOK.SEARCH"):
        refused = form_post(service_admin_client, url("person_add", DEMO_ORGNR), {"pid": NEW_PID, "role": role})
        assert 'href="#id_role"' in refused.content.decode()
    admin = Grant.objects.get(person__pid=DEMO_ADMIN_PID, privilege__code="ADMIN")
    assert service_admin_client.get(url("person_remove", DEMO_ORGNR, admin.pk)).status_code == 404
    assert form_post(service_admin_client, url("person_remove", DEMO_ORGNR, admin.pk)).status_code == 404
    assert service_admin_client.get(url("organization", DEMO_ORGNR)).status_code == 404
    assert service_admin_client.get(url("delegation_list", DEMO_ORGNR)).status_code == 404


def test_service_administrator_lands_on_the_people_page(service_admin_client, demo_org):
    response = service_admin_client.get(url("home"))
    assert response.status_code == 302 and response["Location"] == url("people", DEMO_ORGNR)


def test_another_organizations_people_are_not_found(admin_client, other_org):
    grant = Grant.objects.get(person__pid=OTHER_ADMIN_PID)
    assert admin_client.get(url("people", OTHER_ORGNR)).status_code == 404
    assert admin_client.get(url("person_remove", DEMO_ORGNR, grant.pk)).status_code == 404
    assert form_post(admin_client, url("person_add", OTHER_ORGNR), {"pid": NEW_PID, "role": "ADMIN"}).status_code == 404
    assert not Person.objects.filter(pid=NEW_PID).exists()


def test_login_stores_the_persons_name_from_the_claims(db):
    user = user_for(person_get_or_create(pid=NEW_PID))
    IDPortenBackend().update_user(user, {"pid": NEW_PID, "given_name": "Ola", "family_name": "Nordmann"})
    assert Person.objects.get(pid=NEW_PID).name == "Ola Nordmann"
    IDPortenBackend().update_user(user, {"pid": NEW_PID, "name": "Ola  Q. Nordmann"})
    assert Person.objects.get(pid=NEW_PID).name == "Ola Q. Nordmann"
    IDPortenBackend().update_user(user, {"pid": NEW_PID})  # no profile claims: the name stays
    assert Person.objects.get(pid=NEW_PID).name == "Ola Q. Nordmann"
