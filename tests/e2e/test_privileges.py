"""Privileges explained, in the browser (issue 8 item 4): Konfigurere is given only through a confirmation page
that says what it allows; a global integration is deactivated through a page listing the grants it loses; the
English UI names privileges in English and writes dates the European way."""

from __future__ import annotations

import re

import pytest

from authz.context import Actor, Context
from authz.demo import DEMO_ORGNR, GLOBAL_CODE, VENDOR_ORGNR
from authz.models import Grant
from authz.services import person_get_or_create
from integrations.models import Activation, Integration
from integrations.services import global_integration_activate, integration_create
from tests.conftest import DEMO_ADMIN_PID
from tests.e2e.test_main_path import expect, heading, log_in

pytestmark = pytest.mark.e2e


def kari() -> Context:
    return Context(actor=Actor.for_person(person_get_or_create(pid=DEMO_ADMIN_PID)), channel="web")


def test_configure_is_confirmed_before_it_is_given(visit):
    integration = integration_create(kari(), organization=_demo(), name="Automatisering",
                                     authorized_orgnr=VENDOR_ORGNR)
    page, check = visit.page, expect()
    log_in(visit, "Kari Nordmann")
    visit.step("organization")
    page.get_by_role("link", name="Automatisering").click()
    row = page.get_by_role("row", name=re.compile(r"^Konfigurere"))
    check(row).to_contain_text("Endre hele organisasjonens konfigurasjon gjennom API-et")
    check(row).to_contain_text("Ikke gitt")
    visit.step("integration")
    page.get_by_role("link", name=re.compile(r"^Gi tilgang Konfigurere")).click()
    check(heading(page)).to_have_text("Gi «Automatisering» tilgangen Konfigurere for hele organisasjonen?")
    check(page.locator(".confirm-box")).to_contain_text("aktivere og deaktivere globale integrasjoner")
    check(page.locator(".confirm-box")).to_contain_text(f"FAGSYSTEMLEVERANDØREN AS ({VENDOR_ORGNR})")
    visit.step("configure-confirmation")
    page.get_by_role("link", name="Avbryt").click()
    check(heading(page)).to_have_text("Automatisering")
    assert not Grant.objects.filter(integration=integration).exists()

    page.get_by_role("link", name=re.compile(r"^Gi tilgang Konfigurere")).click()
    page.get_by_role("button", name="Gi tilgangen").click()
    check(page.locator(".message-success")).to_have_text("«Automatisering» har fått tilgangen Konfigurere.")
    check(row).to_contain_text("Gitt for hele organisasjonen")
    visit.step("configure-granted")
    grant = Grant.objects.get(integration=integration)
    assert (grant.privilege.code, grant.resource.kind) == ("KONFIG.CONFIGURE", "organization")
    assert visit.failed_responses == [] and visit.errors == []


def test_deactivating_a_global_integration_lists_what_is_removed(visit):
    glob = Integration.objects.get(code=GLOBAL_CODE)
    global_integration_activate(kari(), integration=glob, organization=_demo())
    page, check = visit.page, expect()
    log_in(visit, "Kari Nordmann")
    visit.step("organization")
    page.get_by_role("navigation", name="Organisasjon").get_by_role("link", name="Globale integrasjoner").click()
    visit.step("global-list")
    page.get_by_role("link", name="Deaktiver SvarUt til MinSide Søk").click()
    check(heading(page)).to_have_text("Deaktivere «SvarUt til MinSide Søk» for Demo kommune?")
    box = page.locator(".confirm-box")
    check(box).to_contain_text("Dette blir fjernet fra hele organisasjonen Demo kommune")
    check(box).to_contain_text("MinSide Søk – indeksering")
    check(box).to_contain_text("SvarUt – lese")
    check(page.locator("dl.facts")).to_contain_text("KS (971032146)")
    visit.step("deactivate-confirmation")
    page.get_by_role("button", name="Deaktiver og fjern tilgangene").click()
    check(page.locator(".message-success")).to_have_text(
        "«SvarUt til MinSide Søk» er deaktivert for Demo kommune, og tilgangene er fjernet.")
    visit.step("deactivated")
    assert not Activation.objects.filter(integration=glob).exists()
    assert not Grant.objects.filter(integration=glob).exists()
    assert visit.failed_responses == [] and visit.errors == []


def test_english_names_and_dates(visit):
    integration = integration_create(kari(), organization=_demo(), name="Archive", authorized_orgnr=VENDOR_ORGNR)
    page, check = visit.page, expect()
    log_in(visit, "Kari Nordmann")
    visit.step("organization")
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Bytt språk").click()
    check(heading(page)).to_have_text("Integrations")
    visit.step("organization-english")
    page.get_by_role("link", name="Archive").click()
    check(page.get_by_role("row", name=re.compile(r"^MinSide Search – indexing"))).to_contain_text("Not granted")
    page.get_by_role("button", name="Generate password").click()
    visit.step("password-shown-english")
    page.get_by_role("link", name="I have copied the password").click()
    facts = page.locator("dl.facts").inner_text()
    assert "a.m." not in facts and "p.m." not in facts
    month = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    assert re.search(rf"Generated \d{{1,2}} {month} \d{{4}} \d{{2}}:\d{{2}}", facts), facts
    visit.step("integration-english")
    assert integration.pk
    assert visit.failed_responses == [] and visit.errors == []


def _demo():
    from authz.models import Organization

    return Organization.objects.get(orgnr=DEMO_ORGNR)
