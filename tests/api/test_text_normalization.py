"""Issue 9 item 7 through the channels: the API and the web form store the same normalized name, and uniqueness
holds on it (services: tests/integrations/test_text_normalization.py)."""

import unicodedata

from django.test import Client

from authz.services import person_get_or_create
from integrations.models import Integration
from integrations.services import integration_create, integration_update
from tests.api.conftest import problem
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, VENDOR_ORGNR
from tests.portal.conftest import user_for

NFD_CAFE = unicodedata.normalize("NFD", "Kafé Ås")
NFC_CAFE = "Kafé Ås"
INTEGRATIONS = f"organizations/{DEMO_ORGNR}/integrations/"


def web_client() -> Client:
    client = Client()
    client.force_login(user_for(person_get_or_create(pid=DEMO_ADMIN_PID)))
    return client


def test_api_and_web_store_the_same_name(admin_api, demo_org):
    r = admin_api.post(INTEGRATIONS, {"name": " Ws X ", "authorized_orgnr": VENDOR_ORGNR, "description": " d "})
    assert r.status_code == 201
    assert (r.json()["name"], r.json()["description"]) == ("Ws X", "d")
    # The web form with the lookalike name but another orgnr: the same name, so a duplicate.
    response = web_client().post(f"/org/{DEMO_ORGNR}/integrations/new/", {
        "name": "Ws X", "description": "", "authorized_orgnr": "974760673"})
    assert "Organisasjonen har allerede en integrasjon med dette navnet" in response.content.decode()
    assert list(Integration.objects.values_list("name", flat=True)) == ["Ws X"]


def test_lookalikes_differing_only_in_unicode_form_are_one_name(admin_api, demo_org):
    r = admin_api.post(INTEGRATIONS, {"name": NFC_CAFE, "authorized_orgnr": VENDOR_ORGNR})
    assert r.status_code == 201
    r = admin_api.post(INTEGRATIONS, {"name": NFD_CAFE, "authorized_orgnr": "974760673"})
    assert r.status_code == 400
    assert "name" in problem(r)["errors"]
    assert Integration.objects.get().name == NFC_CAFE


def test_update_normalizes_and_keeps_uniqueness(admin_api, admin_ctx, demo_org):
    first = integration_create(admin_ctx, organization=demo_org, name="Arkiv", authorized_orgnr=VENDOR_ORGNR)
    second = integration_create(admin_ctx, organization=demo_org, name="Lønn", authorized_orgnr=VENDOR_ORGNR)
    r = admin_api.patch(f"{INTEGRATIONS}{second.pk}/", {"name": "  ARKIV "})
    assert r.status_code == 400 and "name" in problem(r)["errors"]
    r = admin_api.patch(f"{INTEGRATIONS}{second.pk}/", {"name": unicodedata.normalize("NFD", " Lønn og ær ")})
    assert r.status_code == 200
    assert r.json()["name"] == "Lønn og ær"
    updated = integration_update(admin_ctx, integration=first, description="\r\n beskrivelse \r\n")
    assert updated.description == "beskrivelse"
