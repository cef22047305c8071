"""Issue 8 item 4: privileges explained. Every privilege has a one-line description in Norwegian and English;
organization-wide privileges (KONFIG.CONFIGURE) and activating or deactivating a global integration go through a
confirmation page that says what is granted or removed and names the owner; granted and not granted look
different without colour; the catalogue and the demo tell SvarUt reading from sending."""

from __future__ import annotations

import importlib
import re
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from authz.catalogue import PRIVILEGES, SERVICES
from authz.demo import GLOBAL_CODE, load_demo
from authz.models import AuditEvent, Grant, Privilege, Service
from authz.selectors import root_resource
from authz.services import grant_create
from integrations.models import Activation, Integration
from integrations.services import global_integration_activate
from tests.conftest import DEMO_ORGNR, SYSTEM

from .conftest import db_state

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"portal:{name}", args=args)


def form_post(client, path, data=None):
    return client.post(path, urlencode(data or {}), content_type="application/x-www-form-urlencoded")


# --- the catalogue ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("code", [row[0] for row in PRIVILEGES])
def test_every_privilege_has_a_one_line_description_in_both_languages(code):
    privilege = Privilege.objects.get(code=code)
    assert privilege.description and "\n" not in privilege.description and len(privilege.description) <= 160
    with translation.override("en"):
        english_name, english_description = privilege.display_name, privilege.display_description
    assert english_description and english_description != privilege.description
    assert english_name != privilege.name or code == "ADMIN"  # "Administrator" is the same word


def test_every_service_name_is_translated():
    for code, _name, _description in SERVICES:
        service = Service.objects.get(code=code)
        with translation.override("en"):
            assert service.display_description != service.description


def test_svarut_tells_reading_from_sending():
    read, send = Privilege.objects.get(code="SVARUT.READ"), Privilege.objects.get(code="SVARUT.SEND")
    assert (read.service.code, send.service.code) == ("SVARUT", "SVARUT")
    assert "uten å kunne sende" in read.description


def test_demo_global_integration_reads_svarut_and_never_sends(db):
    load_demo()
    glob = Integration.objects.get(code=GLOBAL_CODE)
    assert sorted(glob.requested_privileges.values_list("code", flat=True)) == ["MINSIDE_SOK.INDEX", "SVARUT.READ"]


def test_data_migration_fixes_an_existing_global_integration_and_its_activations(demo_org, other_org):
    """A database seeded before the fix: the global integration asks for SVARUT.SEND and Demo kommune activated it.

    The migration makes it ask for SVARUT.READ, swaps Demo kommune's SEND grant for READ (audited), and leaves
    Testvik kommune, which never activated it, without grants."""
    load_demo()
    glob = Integration.objects.get(code=GLOBAL_CODE)
    send, read = Privilege.objects.get(code="SVARUT.SEND"), Privilege.objects.get(code="SVARUT.READ")
    glob.requested_privileges.remove(read)
    glob.requested_privileges.add(send)
    global_integration_activate(SYSTEM, integration=glob, organization=demo_org)
    assert Grant.objects.filter(integration=glob, privilege=send).count() == 1

    migration = importlib.import_module("integrations.migrations.0005_global_svarut_read")
    migration.forwards(apps, None)

    assert sorted(glob.requested_privileges.values_list("code", flat=True)) == ["MINSIDE_SOK.INDEX", "SVARUT.READ"]
    grants = Grant.objects.filter(integration=glob).values_list("privilege__code", "resource__organization__orgnr")
    assert sorted(grants) == [("MINSIDE_SOK.INDEX", DEMO_ORGNR), ("SVARUT.READ", DEMO_ORGNR)]
    events = AuditEvent.objects.filter(principal="system:migration").order_by("action")
    assert [(e.action, e.organization.orgnr, (e.after or e.before)["privilege"]) for e in events] == [
        ("grant.create", DEMO_ORGNR, "SVARUT.READ"), ("grant.revoke", DEMO_ORGNR, "SVARUT.SEND")]
    migration.forwards(apps, None)  # a second run changes nothing
    assert AuditEvent.objects.filter(principal="system:migration").count() == 2


# --- granting an organization-wide privilege -----------------------------------------------------------------

def test_configure_needs_confirmation_first(admin_client, integration):
    before = db_state()
    response = form_post(admin_client, url("grant_add", DEMO_ORGNR, integration.pk), {"privilege": "KONFIG.CONFIGURE"})
    assert response.status_code == 302
    assert response["Location"] == url("grant_confirm", DEMO_ORGNR, integration.pk) + "?privilege=KONFIG.CONFIGURE"
    assert db_state() == before


def test_configure_confirmation_says_what_it_allows_and_for_whom(admin_client, integration, registry):
    before = db_state()
    page = admin_client.get(url("grant_confirm", DEMO_ORGNR, integration.pk) + "?privilege=KONFIG.CONFIGURE")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Gi «Sak og arkiv» tilgangen Konfigurere for hele organisasjonen?" in body
    assert Privilege.objects.get(code="KONFIG.CONFIGURE").description in body
    assert "opprette, endre og slette organisasjonens integrasjoner" in body
    assert "FAGSYSTEMLEVERANDØREN AS" in body
    assert 'name="confirm" value="yes"' in body
    assert db_state() == before


def test_confirmed_configure_is_granted_on_the_organization_and_audited(admin_client, integration, demo_org):
    response = form_post(admin_client, url("grant_add", DEMO_ORGNR, integration.pk),
                         {"privilege": "KONFIG.CONFIGURE", "confirm": "yes"})
    assert response["Location"] == url("integration", DEMO_ORGNR, integration.pk)
    grant = Grant.objects.get(integration=integration)
    assert (grant.privilege.code, grant.resource) == ("KONFIG.CONFIGURE", root_resource(demo_org))
    assert AuditEvent.objects.filter(action="grant.create", target_id=str(grant.pk)).exists()


@pytest.mark.parametrize("query", ["?privilege=ADMIN", "?privilege=NOPE", "?privilege=", ""])
def test_confirmation_for_unknown_or_person_only_privilege_is_400(admin_client, integration, query):
    response = admin_client.get(url("grant_confirm", DEMO_ORGNR, integration.pk) + query)
    assert response.status_code == 400


def test_confirmation_of_another_organizations_integration_is_404(admin_client, other_integration):
    from tests.conftest import OTHER_ORGNR

    for path in (url("grant_confirm", OTHER_ORGNR, other_integration.pk),
                 url("grant_confirm", DEMO_ORGNR, other_integration.pk)):
        assert admin_client.get(path + "?privilege=KONFIG.CONFIGURE").status_code == 404


def test_service_privilege_needs_no_confirmation(admin_client, integration):
    form_post(admin_client, url("grant_add", DEMO_ORGNR, integration.pk), {"privilege": "MINSIDE_SOK.INDEX"})
    assert Grant.objects.filter(integration=integration, privilege__code="MINSIDE_SOK.INDEX").exists()


def test_granted_and_not_granted_differ_in_words_and_symbol(admin_client, integration, demo_org):
    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    from authz.services import service_resource

    grant_create(SYSTEM, privilege=index, resource=service_resource(organization=demo_org, service=index.service),
                 integration=integration)
    body = admin_client.get(url("integration", DEMO_ORGNR, integration.pk)).content.decode()
    rows = re.findall(r'<tr class="(granted|not-granted)">\s*<th scope="row">([^<]+)', body)
    assert ("granted", "MinSide Søk – indeksering ") in rows
    assert ("not-granted", "MinSide Søk – søk ") in rows
    assert '<p class="status status-granted"><span aria-hidden="true">✓ </span>Gitt for tjenesten</p>' in body
    assert '<span class="status status-none"><span aria-hidden="true">– </span>Ikke gitt</span>' in body
    assert index.description in body  # each row says what the privilege allows
    # The organization-wide privilege is offered through its confirmation page, not a one-click button.
    assert f'href="{url("grant_confirm", DEMO_ORGNR, integration.pk)}?privilege=KONFIG.CONFIGURE"' in body


def test_english_ui_translates_privilege_and_service_names(admin_client, integration):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = admin_client.get(url("integration", DEMO_ORGNR, integration.pk)).content.decode()
    assert "MinSide Search – indexing" in body and "MinSide Search</h3>" in body
    assert "Add messages and cases to the search" in body
    assert "MinSide Søk – indeksering" not in body


# --- activating and deactivating a global integration ------------------------------------------------------

def test_activation_confirmation_lists_the_grants_and_names_the_owner(admin_client, demo_org, registry):
    load_demo()
    glob = Integration.objects.get(code=GLOBAL_CODE)
    before = db_state()
    body = admin_client.get(url("global_activate", DEMO_ORGNR, glob.pk)).content.decode()
    assert "Aktivere «SvarUt til MinSide Søk» for Demo kommune?" in body
    assert "Dette blir gitt på hele organisasjonen Demo kommune" in body
    assert "MinSide Søk – indeksering" in body and "SvarUt – lese" in body and "SvarUt – sende" not in body
    assert '<span class="orgnr-name">KS</span> <span class="orgnr-number">(971032146)</span>' in body
    assert "Aktiver og gi tilgangene" in body
    assert db_state() == before
    form_post(admin_client, url("global_activate", DEMO_ORGNR, glob.pk))
    assert Activation.objects.filter(integration=glob, organization=demo_org).exists()
    again = admin_client.get(url("global_activate", DEMO_ORGNR, glob.pk)).content.decode()
    assert "Integrasjonen er allerede aktivert for organisasjonen." in again
    assert "Aktiver og gi tilgangene" not in again


def test_deactivation_confirmation_lists_what_will_be_removed(admin_client, demo_org):
    load_demo()
    glob = Integration.objects.get(code=GLOBAL_CODE)
    inactive = admin_client.get(url("global_deactivate", DEMO_ORGNR, glob.pk)).content.decode()
    assert "Integrasjonen er ikke aktivert for organisasjonen." in inactive
    assert "Deaktiver og fjern tilgangene" not in inactive
    form_post(admin_client, url("global_activate", DEMO_ORGNR, glob.pk))
    before = db_state()
    body = admin_client.get(url("global_deactivate", DEMO_ORGNR, glob.pk)).content.decode()
    assert "Dette blir fjernet fra hele organisasjonen Demo kommune" in body
    assert "MinSide Søk – indeksering" in body and "SvarUt – lese" in body
    assert db_state() == before
    form_post(admin_client, url("global_deactivate", DEMO_ORGNR, glob.pk))
    assert not Activation.objects.filter(integration=glob, organization=demo_org).exists()
    assert not Grant.objects.filter(integration=glob).exists()


def test_global_confirmation_pages_of_unknown_or_local_integrations_are_404(admin_client, integration):
    for name in ("global_activate", "global_deactivate"):
        assert admin_client.get(url(name, DEMO_ORGNR, integration.pk)).status_code == 404
