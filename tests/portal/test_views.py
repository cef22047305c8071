"""The administrator's main path through the web UI, page by page."""

import re

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from authz.demo import GLOBAL_CODE, load_demo
from authz.models import AuditEvent, Grant, Privilege, Resource
from authz.selectors import decide, root_resource
from authz.services import grant_create
from integrations.models import Activation, Integration
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, OTHER_ORGNR, VENDOR_ORGNR, check_password

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"portal:{name}", args=args)


def form_post(client, path, data=None, **extra):
    """POST like a browser does (application/x-www-form-urlencoded)."""
    from urllib.parse import urlencode

    return client.post(path, urlencode(data or {}), content_type="application/x-www-form-urlencoded", **extra)


# --- landing page and choosing an organization -------------------------------------------------------

def test_landing_page_explains_and_offers_id_porten_login(client):
    response = client.get("/?next=/org/123456785/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Konfigurasjonsportalen" in body
    assert "integrasjonene" in body
    assert 'lang="nb"' in body
    try:
        login_url = reverse("idporten:login")
    except NoReverseMatch:
        pytest.skip("the ID-porten login (helper A's area) is not routed yet")
    assert f'href="{login_url}?next=/org/123456785/"' in body
    assert "Logg inn med ID-porten" in body


def test_landing_page_ignores_next_pointing_elsewhere(client):
    response = client.get("/?next=https://evil.example/")
    assert response.context["next"] == "/"  # the login link returns to the portal, not to another site


def test_pages_need_login(client, demo_org):
    response = client.get(url("organization", DEMO_ORGNR))
    assert response.status_code == 302
    assert response["Location"].startswith("/?next=")


def test_single_organization_redirects_to_it(admin_client, demo_org):
    response = admin_client.get("/")
    assert response.status_code == 302
    assert response["Location"] == url("organization", DEMO_ORGNR)


def test_several_organizations_are_listed(admin_client, admin_ctx, demo_org, other_org):
    admin_privilege = Privilege.objects.get(code="ADMIN")
    from tests.conftest import SYSTEM

    grant_create(SYSTEM, privilege=admin_privilege, resource=root_resource(other_org),
                 person=admin_ctx.actor.person)
    body = admin_client.get("/").content.decode()
    assert "Velg organisasjon" in body
    assert "Demo kommune" in body and "Testvik kommune" in body
    assert url("organization", OTHER_ORGNR) in body


def test_person_without_organizations_gets_a_friendly_page(nobody_client):
    response = nobody_client.get("/")
    assert response.status_code == 200
    assert "Du administrerer ingen organisasjoner" in response.content.decode()


def test_header_shows_the_person_masked_with_logout_and_language_switch(admin_client, demo_org):
    body = admin_client.get(url("organization", DEMO_ORGNR)).content.decode()
    assert "218794*****" in body
    assert DEMO_ADMIN_PID not in body
    assert 'action="/i18n/setlang/"' in body
    assert 'href="#main"' in body  # skip link
    try:
        logout_url = reverse("idporten:logout")
    except NoReverseMatch:
        return
    assert re.search(rf'<form method="post" action="{re.escape(logout_url)}"', body)


# --- integrations -----------------------------------------------------------------------------------

def test_create_integration_redirects_to_it_with_a_message_and_audits(admin_client, demo_org):
    response = form_post(admin_client, url("integration_new", DEMO_ORGNR), {
        "name": "Ærlig Østre Åsen_1.2,3/4-5", "description": "Fagsystem for byggesak",
        "authorized_orgnr": VENDOR_ORGNR,
    })
    integration = Integration.objects.get(organization=demo_org)
    assert response.status_code == 302
    assert response["Location"] == url("integration", DEMO_ORGNR, integration.pk)
    assert integration.name == "Ærlig Østre Åsen_1.2,3/4-5"
    assert integration.authorized_orgnr == VENDOR_ORGNR
    event = AuditEvent.objects.get(action="integration.create")
    assert event.channel == "web"
    assert event.request_id == response["X-Request-ID"]
    assert event.principal_display == "person 218794*****"
    page = admin_client.get(response["Location"]).content.decode()
    assert "er opprettet" in page
    assert "Fagsystem for byggesak" in page


def test_create_form_has_labels_and_help(admin_client, demo_org):
    body = admin_client.get(url("integration_new", DEMO_ORGNR)).content.decode()
    for field in ("name", "description", "authorized_orgnr"):
        assert f'<label for="id_{field}">' in body
        assert f'aria-describedby="id_{field}_helptext"' in body
    assert 'name="csrfmiddlewaretoken"' in body


def test_list_search_and_pagination(admin_client, admin_ctx, demo_org):
    from integrations.services import integration_create

    for i in range(30):
        integration_create(admin_ctx, organization=demo_org, name=f"System {i:02d}",
                           authorized_orgnr=VENDOR_ORGNR, description="felles" if i % 2 else "")
    integration_create(admin_ctx, organization=demo_org, name="Lønn", authorized_orgnr="123456785",
                       description="Lønnssystemet")
    first = admin_client.get(url("organization", DEMO_ORGNR)).content.decode()
    assert "31 integrasjoner" in first
    assert "Side 1 av 2" in first
    assert "System 00" in first and "System 29" not in first
    second = admin_client.get(url("organization", DEMO_ORGNR) + "?page=2").content.decode()
    assert "System 29" in second
    by_name = admin_client.get(url("organization", DEMO_ORGNR) + "?q=lønn").content.decode()
    assert "Lønn" in by_name and "System 00" not in by_name
    by_description = admin_client.get(url("organization", DEMO_ORGNR) + "?q=felles").content.decode()
    assert "15 integrasjoner" in by_description
    by_orgnr = admin_client.get(url("organization", DEMO_ORGNR) + "?q=1234").content.decode()
    assert "1 integrasjon passer" in by_orgnr and "Lønn" in by_orgnr
    nothing = admin_client.get(url("organization", DEMO_ORGNR) + "?q=finnesikke").content.decode()
    assert "Ingen integrasjoner passer søket «finnesikke»" in nothing


def test_edit_integration(admin_client, integration):
    response = form_post(admin_client, url("integration_edit", DEMO_ORGNR, integration.pk), {
        "name": "Nytt navn", "description": "", "authorized_orgnr": "123456785", "version": integration.version,
    })
    assert response.status_code == 302
    integration.refresh_from_db()
    assert (integration.name, integration.description, integration.authorized_orgnr) == ("Nytt navn", "",
                                                                                          "123456785")
    assert AuditEvent.objects.filter(action="integration.update", target_id=str(integration.pk)).exists()


def test_edit_after_someone_else_changed_it_is_refused(admin_client, admin_ctx, integration):
    from integrations.services import integration_update

    seen_version = integration.version
    integration_update(admin_ctx, integration=integration, description="endret av en kollega")
    response = form_post(admin_client, url("integration_edit", DEMO_ORGNR, integration.pk), {
        "name": "Mitt navn", "description": "", "authorized_orgnr": VENDOR_ORGNR, "version": seen_version,
    })
    assert response.status_code == 200
    assert "Noen andre har endret integrasjonen" in response.content.decode()
    integration.refresh_from_db()
    assert integration.name == "Sak og arkiv"


def test_delete_confirmation_names_the_grants_then_deletes(admin_client, admin_ctx, integration, demo_org):
    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    from authz.services import service_resource

    grant_create(admin_ctx, privilege=index, resource=service_resource(organization=demo_org,
                                                                        service=index.service),
                 integration=integration)
    confirm = admin_client.get(url("integration_delete", DEMO_ORGNR, integration.pk)).content.decode()
    assert "MinSide Søk – indeksering" in confirm
    assert "MINSIDE_SOK.INDEX" in confirm
    assert Integration.objects.filter(pk=integration.pk).exists()  # GET changes nothing
    response = form_post(admin_client, url("integration_delete", DEMO_ORGNR, integration.pk))
    assert response.status_code == 302
    assert not Integration.objects.filter(pk=integration.pk).exists()
    assert not Grant.objects.filter(privilege=index).exists()
    page = admin_client.get(response["Location"]).content.decode()
    assert "er slettet" in page and "MINSIDE_SOK.INDEX" in page


# --- password ------------------------------------------------------------------------------------------

def test_password_is_shown_once_and_never_cached(admin_client, integration):
    response = form_post(admin_client, url("integration_password", DEMO_ORGNR, integration.pk))
    assert response.status_code == 302  # POST-redirect-GET: the password is not on the POST's response
    shown_url = url("integration_password_shown", DEMO_ORGNR, integration.pk)
    assert response["Location"] == shown_url
    page = admin_client.get(shown_url)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    password = re.search(r'id="new-password"[^>]*value="([^"]+)"', page.content.decode()).group(1)
    assert password not in response["Location"]
    integration.refresh_from_db()
    assert check_password(password, integration.password_digest)
    assert password not in integration.password_digest
    detail = admin_client.get(url("integration", DEMO_ORGNR, integration.pk)).content.decode()
    assert password not in detail
    assert "Lag nytt passord" in detail
    audit = admin_client.get(url("audit_log", DEMO_ORGNR)).content.decode()
    assert password not in audit
    again = form_post(admin_client, url("integration_password", DEMO_ORGNR, integration.pk), {"confirm": "yes"})
    assert password not in admin_client.get(again["Location"]).content.decode()
    integration.refresh_from_db()
    assert not check_password(password, integration.password_digest)  # no longer the current password


def test_password_cannot_be_made_with_get(admin_client, integration):
    response = admin_client.get(url("integration_password", DEMO_ORGNR, integration.pk))
    assert response.status_code == 405
    integration.refresh_from_db()
    assert not integration.password_digest


# --- privileges --------------------------------------------------------------------------------------

def test_grant_and_revoke_minside_sok_indexing(admin_client, integration, demo_org):
    detail = admin_client.get(url("integration", DEMO_ORGNR, integration.pk)).content.decode()
    assert "MinSide Søk – indeksering" in detail
    assert "Administrator" not in detail  # only privileges that integrations may hold
    response = form_post(admin_client, url("grant_add", DEMO_ORGNR, integration.pk),
                         {"privilege": "MINSIDE_SOK.INDEX"})
    assert response.status_code == 302
    grant = Grant.objects.get(integration=integration)
    assert grant.privilege.code == "MINSIDE_SOK.INDEX"
    assert grant.resource.kind == Resource.Kind.SERVICE and grant.resource.service.code == "MINSIDE_SOK"
    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    from authz.context import Actor

    assert decide(actor=Actor.for_integration(integration), privilege=index, organization=demo_org).permit
    page = admin_client.get(response["Location"]).content.decode()
    assert "har fått tilgangen MinSide Søk – indeksering" in page
    assert "Gitt for tjenesten" in page
    again = form_post(admin_client, url("grant_add", DEMO_ORGNR, integration.pk), {"privilege": "MINSIDE_SOK.INDEX"})
    assert again.status_code == 302 and Grant.objects.filter(integration=integration).count() == 1
    response = form_post(admin_client, url("grant_remove", DEMO_ORGNR, integration.pk, grant.pk))
    assert response.status_code == 302
    assert not Grant.objects.filter(integration=integration).exists()
    assert AuditEvent.objects.filter(action="grant.revoke").count() == 1


def test_organization_wide_privilege_is_granted_on_the_organization(admin_client, integration, demo_org):
    form_post(admin_client, url("grant_add", DEMO_ORGNR, integration.pk),
              {"privilege": "KONFIG.CONFIGURE", "confirm": "yes"})
    grant = Grant.objects.get(integration=integration)
    assert grant.resource == root_resource(demo_org)


def test_privilege_not_for_integrations_is_refused(admin_client, integration):
    response = form_post(admin_client, url("grant_add", DEMO_ORGNR, integration.pk), {"privilege": "ADMIN"})
    assert response.status_code == 400
    assert not Grant.objects.filter(integration=integration).exists()


# --- global integrations -------------------------------------------------------------------------------

def test_activate_and_deactivate_the_demo_global_integration(admin_client, demo_org):
    load_demo()
    glob = Integration.objects.get(code=GLOBAL_CODE)
    page = admin_client.get(url("global_list", DEMO_ORGNR)).content.decode()
    assert "SvarUt til MinSide Søk" in page
    assert "MinSide Søk – indeksering" in page and "SvarUt – lese" in page and "SvarUt – sende" not in page
    assert "Ikke aktivert" in page
    response = form_post(admin_client, url("global_activate", DEMO_ORGNR, glob.pk))
    assert response.status_code == 302
    assert Activation.objects.filter(integration=glob, organization=demo_org).exists()
    codes = set(Grant.objects.filter(integration=glob, resource__organization=demo_org)
                .values_list("privilege__code", flat=True))
    assert codes == {"MINSIDE_SOK.INDEX", "SVARUT.READ"}
    page = admin_client.get(response["Location"]).content.decode()
    assert "er aktivert for Demo kommune" in page
    assert "Aktivert for organisasjonen" in page
    response = form_post(admin_client, url("global_deactivate", DEMO_ORGNR, glob.pk))
    assert not Activation.objects.filter(integration=glob, organization=demo_org).exists()
    assert not Grant.objects.filter(integration=glob, resource__organization=demo_org).exists()


# --- audit log ------------------------------------------------------------------------------------------

def test_audit_page_shows_the_events_masked_newest_first(admin_client, demo_org, other_org):
    load_demo()
    form_post(admin_client, url("integration_new", DEMO_ORGNR),
              {"name": "Byggesak", "description": "", "authorized_orgnr": VENDOR_ORGNR})
    integration = Integration.objects.get(organization=demo_org)
    form_post(admin_client, url("grant_add", DEMO_ORGNR, integration.pk), {"privilege": "MINSIDE_SOK.INDEX"})
    glob = Integration.objects.get(code=GLOBAL_CODE)
    form_post(admin_client, url("global_activate", DEMO_ORGNR, glob.pk))
    body = admin_client.get(url("audit_log", DEMO_ORGNR)).content.decode()
    for label in ("Integrasjon opprettet", "Tilgang gitt", "Global integrasjon aktivert"):
        assert label in body
    assert "Kari Nordmann (218794*****)" in body  # the name from the latest login, the number masked
    assert DEMO_ADMIN_PID not in body
    assert "Testvik kommune" not in body  # another organization's events are not shown
    events = body.split('<table class="audit">', 1)[1]  # the filter's list of event names comes first
    assert events.index("Global integrasjon aktivert") < events.index("Integrasjon opprettet")


def test_audit_page_is_paginated(admin_client, admin_ctx, demo_org):
    from integrations.services import integration_create

    for i in range(55):
        integration_create(admin_ctx, organization=demo_org, name=f"S{i}", authorized_orgnr=VENDOR_ORGNR)
    assert AuditEvent.objects.filter(organization=demo_org).count() > 50
    first = admin_client.get(url("audit_log", DEMO_ORGNR)).content.decode()
    assert "Side 1 av 2" in first
    second = admin_client.get(url("audit_log", DEMO_ORGNR) + "?page=2").content.decode()
    assert "Side 2 av 2" in second


# --- languages and error pages ---------------------------------------------------------------------------

def test_english_is_available(admin_client, integration):
    response = form_post(admin_client, "/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert admin_client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = admin_client.get(url("integration", DEMO_ORGNR, integration.pk)).content.decode()
    assert 'lang="en"' in body
    assert "Privileges per service" in body
    assert "Grant" in body
    assert "Tilganger per tjeneste" not in body
    errors = form_post(admin_client, url("integration_new", DEMO_ORGNR),
                       {"name": "", "description": "", "authorized_orgnr": "123"}).content.decode()
    assert "Invalid organization number: it must have nine digits, not 3." in errors


def test_norwegian_is_the_default(client):
    body = client.get("/").content.decode()
    assert 'lang="nb"' in body
    assert "Hopp til hovedinnholdet" in body


def test_unknown_page_is_a_norwegian_404(admin_client):
    response = admin_client.get("/finnes/ikke/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()


def test_login_without_a_person_is_refused_politely(client, demo_org):
    from authz.models import User

    operator = User.objects.create(username="operator")
    client.force_login(operator)
    landing = client.get("/").content.decode()
    assert "ikke knyttet til en person fra ID-porten" in landing
    response = client.get(url("organization", DEMO_ORGNR))
    assert response.status_code == 403
    assert "Ingen tilgang" in response.content.decode()


def test_server_error_page_is_norwegian_and_stands_alone():
    from django.template.loader import render_to_string

    body = render_to_string("500.html")  # rendered without a request, as Django's handler does
    assert "Noe gikk galt" in body
    assert "endringen ble ikke lagret" in body


def test_organization_wide_privileges_come_first(admin_client, integration):
    body = admin_client.get(url("integration", DEMO_ORGNR, integration.pk)).content.decode()
    assert body.index("Hele organisasjonen") < body.index("Fiks IO") < body.index("MinSide Søk – indeksering")
