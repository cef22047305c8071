"""Issue 8 items 6 and 7 seen from the server: organization names beside orgnrs (with the registry up and down),
the footer's statement pages and support contact, "Bytt organisasjon", and the favicon."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from authz.models import Privilege
from authz.selectors import root_resource
from authz.services import grant_create, person_get_or_create
from integrations.models import Integration
from integrations.services import integration_create
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, SYSTEM, VENDOR_ORGNR

pytestmark = pytest.mark.django_db

VENDOR_NAME = "FAGSYSTEMLEVERANDØREN AS"


def url(name, *args):
    return reverse(f"portal:{name}", args=args)


def test_favicon_linked_and_served(client):
    """Every portal page links the SVG favicon; /favicon.ico (asked for by pages without the link) redirects there."""
    page = client.get("/")
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page.content.decode()
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/favicon.svg")


def test_orgnr_shown_with_name_on_list_detail_and_form(admin_client, integration, registry):
    expected = f'<span class="orgnr-name">{VENDOR_NAME}</span> <span class="orgnr-number">({VENDOR_ORGNR})</span>'
    for page in (url("organization", DEMO_ORGNR), url("integration", DEMO_ORGNR, integration.pk),
                 url("integration_edit", DEMO_ORGNR, integration.pk)):
        assert expected in admin_client.get(page).content.decode(), page


def test_typed_orgnr_named_on_a_form_with_errors(admin_client, registry):
    response = admin_client.post(url("integration_new", DEMO_ORGNR), urlencode(
        {"name": "", "description": "", "authorized_orgnr": "910 753 614"}),
        content_type="application/x-www-form-urlencoded")
    body = response.content.decode()
    assert "Navnet kan ikke være tomt" in body
    assert f"I Enhetsregisteret: <span class=\"orgnr\"><span class=\"orgnr-name\">{VENDOR_NAME}</span>" in body


def test_orgnr_not_in_the_registry(admin_client, admin_ctx, demo_org, registry):
    integration_create(admin_ctx, organization=demo_org, name="Ukjent", authorized_orgnr="974760673")
    assert "974760673</span> <span class=\"muted\">(finnes ikke i Enhetsregisteret)</span>" in admin_client.get(
        url("organization", DEMO_ORGNR)).content.decode()


@pytest.mark.parametrize("mode", ["down", "garbage", "error", "slow"])
def test_registry_trouble_never_blocks_pages_or_saving(admin_client, integration, registry, settings, mode):
    if mode == "down":
        registry.stop()
    else:
        registry.mode = mode
    settings.ENHETSREGISTERET_TIMEOUT_SECONDS = 0.2
    registry.slow_seconds = 2
    response = admin_client.post(url("integration_new", DEMO_ORGNR), urlencode(
        {"name": "Ny", "description": "", "authorized_orgnr": "910 753 614"}),
        content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert Integration.objects.get(name="Ny").authorized_orgnr == VENDOR_ORGNR
    body = admin_client.get(response["Location"]).content.decode()
    assert f'{VENDOR_ORGNR}</span> <span class="muted">(navn ukjent)</span>' in body
    assert VENDOR_NAME not in body


def test_footer_links_and_statement_pages(client, settings):
    settings.PORTAL_SUPPORT_EMAIL = "hjelp@kommune.example"
    settings.PORTAL_SUPPORT_URL = "https://hjelp.example/konfig"
    settings.PORTAL_ACCESSIBILITY_STATEMENT_URL = "https://uustatus.no/nb/erklaringer/publisert/abc"
    body = client.get("/").content.decode()
    assert '<a href="/tilgjengelighet/">Tilgjengelighetserklæring</a>' in body
    assert '<a href="/personvern/">Personvernerklæring</a>' in body
    assert '<a href="mailto:hjelp@kommune.example">hjelp@kommune.example</a>' in body
    assert '<a href="https://hjelp.example/konfig">Brukerstøtte</a>' in body
    statement = client.get("/tilgjengelighet/").content.decode()
    assert "<h1>Tilgjengelighetserklæring</h1>" in statement and "WCAG 2.1" in statement
    assert 'href="https://uustatus.no/nb/erklaringer/publisert/abc"' in statement
    assert "<h1>Personvernerklæring</h1>" in client.get("/personvern/").content.decode()


def test_support_contact_can_be_left_out(client, settings):
    settings.PORTAL_SUPPORT_EMAIL = ""
    settings.PORTAL_SUPPORT_URL = ""
    body = client.get("/").content.decode()
    assert "mailto:" not in body and "Brukerstøtte" not in body


def test_switch_organization_only_for_people_with_several(admin_client, other_org):
    assert "Bytt organisasjon" not in admin_client.get(url("organization", DEMO_ORGNR)).content.decode()
    grant_create(SYSTEM, privilege=Privilege.objects.get(code="ADMIN"), resource=root_resource(other_org),
                 person=person_get_or_create(pid=DEMO_ADMIN_PID))
    assert "Bytt organisasjon" in admin_client.get(url("organization", DEMO_ORGNR)).content.decode()



def test_dates_european_in_english_norwegian_in_norwegian(admin_client, integration, settings):
    """The password's time: "1 Dec 2026 00:07" in English (never "12/01/2026 12:07 a.m."), "01.12.2026 00:07"."""
    import datetime

    Integration.objects.filter(pk=integration.pk).update(
        password_set_at=datetime.datetime(2026, 11, 30, 23, 7, tzinfo=datetime.UTC), password_digest="x")
    detail = url("integration", DEMO_ORGNR, integration.pk)
    assert "Laget 01.12.2026 00:07" in admin_client.get(detail).content.decode()
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = admin_client.get(detail).content.decode()
    assert "1 Dec 2026 00:07" in body
    assert "12/01/2026" not in body and "a.m." not in body
