"""The portal's main path in headless Chromium, through real HTTP and the real ID-porten stand-in (issue 2):
log in, create an integration, grant MinSide Søk indexing, make a password, activate a global integration, read
the audit log, log out. Plus a person who administers nothing. Run alone: `pytest -m e2e`.
"""

from __future__ import annotations

import re

import pytest

from authz.demo import DEMO_ORGNR, GLOBAL_CODE, VENDOR_ORGNR
from authz.models import AuditEvent, Grant
from integrations.models import Activation, Integration
from tests.conftest import DEMO_ADMIN_PID, NOBODY_PID, check_password

pytestmark = pytest.mark.e2e

NAME = "Sak og arkiv e2e"
DESCRIPTION = "Arkivsystemet som sender meldinger til MinSide Søk."


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def heading(page):
    """The page's h1."""
    return page.get_by_role("heading", level=1)


def log_in(visit, person: str) -> None:
    """From the landing page: "Logg inn med ID-porten", then the person's button on the stand-in's page."""
    page = visit.page
    page.goto(visit.base_url + "/")
    expect()(heading(page)).to_have_text("Konfigurasjonsportalen")
    visit.step("landing")
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    expect()(heading(page)).to_have_text("Logg inn – ID-porten (lokal etterligning)")
    visit.step("standin-login")
    page.get_by_role("button", name=re.compile(rf"^{re.escape(person)}")).click()
    page.wait_for_url(re.compile(re.escape(visit.base_url) + r"/(org/\d{9}/)?$"))


def test_main_path(visit, standin):
    """Kari Nordmann, administrator of Demo kommune, does the whole main path in the browser."""
    page, base, check = visit.page, visit.base_url, expect()
    org_url = f"{base}/org/{DEMO_ORGNR}/"

    # Log in: Kari administers exactly one organization, so she lands on it.
    log_in(visit, "Kari Nordmann")
    assert page.url == org_url
    check(heading(page)).to_have_text("Integrasjoner")
    check(page.locator(".org-name")).to_contain_text(f"Demo kommune ({DEMO_ORGNR})")
    check(page.locator(".who")).to_have_text("Innlogget som Kari Nordmann (218794*****)")
    check(page.get_by_text("Organisasjonen har ingen integrasjoner ennå.")).to_be_visible()
    visit.step("organization")

    # Create an integration through the form.
    page.get_by_role("link", name="Ny integrasjon").click()
    check(heading(page)).to_have_text("Ny integrasjon")
    page.get_by_label("Navn").fill(NAME)
    page.get_by_label("Beskrivelse").fill(DESCRIPTION)
    page.get_by_label("Autorisert organisasjonsnummer").fill(VENDOR_ORGNR)
    visit.step("new-integration-form")
    page.get_by_role("button", name="Opprett integrasjon").click()
    check(heading(page)).to_have_text(NAME)
    check(page.locator(".message-success")).to_have_text(f"Integrasjonen «{NAME}» er opprettet.")
    integration = Integration.objects.get(organization__orgnr=DEMO_ORGNR, name=NAME)
    assert (integration.description, integration.authorized_orgnr, integration.code) == (
        DESCRIPTION, VENDOR_ORGNR, None)
    assert page.url == f"{org_url}integrations/{integration.pk}/"
    check(page.locator("dl.facts")).to_contain_text(VENDOR_ORGNR)
    check(page.locator("dl.facts")).to_contain_text("Ikke laget ennå")
    visit.step("integration-created")

    # Grant MinSide Søk indexing on the integration's page.
    row = page.get_by_role("row", name=re.compile(r"^MinSide Søk – indeksering"))
    check(row).to_contain_text("Ikke gitt")
    page.get_by_role("button", name="Gi tilgang MinSide Søk – indeksering").click()
    check(page.locator(".message-success")).to_have_text(
        f"«{NAME}» har fått tilgangen MinSide Søk – indeksering.")
    check(row).to_contain_text("Gitt for tjenesten")
    check(page.get_by_role("button", name="Fjern MinSide Søk – indeksering")).to_be_visible()
    grants = Grant.objects.filter(integration=integration).select_related("privilege", "resource__service")
    assert [(g.privilege.code, g.resource.kind, g.resource.service.code) for g in grants] == [
        ("MINSIDE_SOK.INDEX", "service", "MINSIDE_SOK")]
    visit.step("granted")

    # Generate a password (the first one needs no confirmation): shown once, stored only as a hash.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.get_by_role("button", name="Lag passord").click()
    check(heading(page)).to_have_text(f"Nytt passord for «{NAME}»")
    check(page.get_by_role("alert")).to_contain_text("Det vises bare denne ene gangen")
    shown_url = page.url
    password = page.get_by_label("Passord (IntegrasjonPassord)").input_value()
    assert password not in shown_url
    page.get_by_role("button", name="Kopier").click()
    check(page.locator(".copy-status")).to_have_text("Kopiert")
    assert page.evaluate("navigator.clipboard.readText()") == password
    visit.step("password-shown-once")
    integration.refresh_from_db()
    password_hash = integration.password_digest
    assert len(password) >= 20 and password not in password_hash
    assert check_password(password, password_hash)

    # A reload shows the password no more and makes no new one.
    page.reload()
    check(page.get_by_text("Passordet vises bare én gang. Lag et nytt om du har mistet det.")).to_be_visible()
    visit.step("password-page-reloaded")
    integration.refresh_from_db()
    assert integration.password_digest == password_hash
    page.get_by_role("link", name="Tilbake til integrasjonen").click()
    check(heading(page)).to_have_text(NAME)
    check(page.locator("dl.facts")).to_contain_text("Laget ")

    # A new password replacing this one is confirmed first; "Avbryt" keeps the old one.
    page.get_by_role("link", name="Lag nytt passord").click()
    check(heading(page)).to_have_text(f"Lage nytt passord for «{NAME}»?")
    check(page.locator("main")).to_contain_text("Det gamle passordet virker en stund etter at det nye er laget")
    check(page.get_by_label("Hvor lenge skal det gamle passordet virke? (minutter)")).to_have_value("30")
    visit.step("new-password-confirmation")
    page.get_by_role("link", name="Avbryt").click()
    check(heading(page)).to_have_text(NAME)
    integration.refresh_from_db()
    assert integration.password_digest == password_hash
    visit.step("integration-with-password")

    # The organization's list shows it: authorized orgnr, one grant, a password.
    nav = page.get_by_role("navigation", name="Organisasjon")
    nav.get_by_role("link", name="Integrasjoner", exact=True).click()
    check(page.get_by_role("table")).to_contain_text("1 integrasjon")
    assert [row.locator("td").all_inner_texts() for row in page.locator("table tbody tr").all()] == [
        [f"{NAME}\n{DESCRIPTION}", f"FAGSYSTEMLEVERANDØREN AS ({VENDOR_ORGNR})", "1", "Ja"]]
    visit.step("integration-list")

    # Activate the global integration "SvarUt til MinSide Søk".
    nav.get_by_role("link", name="Globale integrasjoner").click()
    check(heading(page)).to_have_text("Globale integrasjoner")
    card = page.locator("section.card", has=page.get_by_role("heading", name="SvarUt til MinSide Søk"))
    check(card).to_contain_text("Ikke aktivert")
    check(card).to_contain_text("MinSide Søk – indeksering (MINSIDE_SOK.INDEX)")
    visit.step("global-integrations")
    check(card).to_contain_text("Eier: KS (971032146)")
    # Activating grants privileges on the whole organization: a confirmation page lists them and names the owner.
    card.get_by_role("link", name="Aktiver SvarUt til MinSide Søk").click()
    check(heading(page)).to_have_text("Aktivere «SvarUt til MinSide Søk» for Demo kommune?")
    check(page.locator("dl.facts")).to_contain_text("KS (971032146)")
    box = page.locator(".confirm-box")
    check(box).to_contain_text("Dette blir gitt på hele organisasjonen Demo kommune")
    check(box).to_contain_text("MinSide Søk – indeksering MINSIDE_SOK.INDEX")
    check(box).to_contain_text("SvarUt – lese SVARUT.READ")
    check(box).not_to_contain_text("SvarUt – sende")
    visit.step("global-activate-confirmation")
    assert not Activation.objects.filter(organization__orgnr=DEMO_ORGNR).exists()
    page.get_by_role("button", name="Aktiver og gi tilgangene").click()
    check(page.locator(".message-success")).to_have_text("«SvarUt til MinSide Søk» er aktivert for Demo kommune.")
    check(card).to_contain_text("Aktivert for organisasjonen")
    check(card.get_by_role("link", name="Deaktiver SvarUt til MinSide Søk")).to_be_visible()
    global_integration = Integration.objects.get(code=GLOBAL_CODE)
    assert Activation.objects.filter(integration=global_integration, organization__orgnr=DEMO_ORGNR).count() == 1
    assert sorted(Grant.objects.filter(integration=global_integration, resource__organization__orgnr=DEMO_ORGNR)
                  .values_list("privilege__code", flat=True)) == ["MINSIDE_SOK.INDEX", "SVARUT.READ"]
    visit.step("global-activated")

    # The audit log shows the events, newest first, with Kari masked.
    page.get_by_role("link", name="Logg", exact=True).click()
    check(heading(page)).to_have_text("Logg")
    rows = [row.locator(":scope > td").all_inner_texts()
            for row in page.locator("table.audit > tbody > tr:not(.group-head)").all()]
    web_rows = [(who, action, target) for _time, who, action, target, channel, _details in rows
                if channel == "nett"]
    kari = "Kari Nordmann (218794*****)"  # her name from the login, the number masked
    assert sorted(web_rows) == sorted([
        (kari, "Integrasjon opprettet", NAME),
        (kari, "Tilgang gitt", f"MinSide Søk – indeksering for {NAME}, MinSide Søk"),
        (kari, "Nytt passord laget", NAME),
        (kari, "Global integrasjon aktivert", "SvarUt til MinSide Søk"),
        (kari, "Tilgang gitt", "MinSide Søk – indeksering for SvarUt til MinSide Søk, hele organisasjonen"),
        (kari, "Tilgang gitt", "SvarUt – lese for SvarUt til MinSide Søk, hele organisasjonen"),
    ]), web_rows
    assert web_rows[-1][1] == "Integrasjon opprettet"  # newest first
    visit.step("audit-log")
    actions = list(AuditEvent.objects.filter(organization__orgnr=DEMO_ORGNR, channel="web")
                   .order_by("time").values_list("action", flat=True))
    assert actions[:3] == ["integration.create", "grant.create", "integration.password_rotate"]
    assert "global_integration.activate" in actions[3:]
    assert set(AuditEvent.objects.filter(channel="web").values_list("principal", flat=True)) == {
        f"person:{DEMO_ADMIN_PID}"}
    assert AuditEvent.objects.filter(channel="web", request_id="").count() == 0

    # Log out: the portal's session ends, then the stand-in's (end_session), and the browser is back on "/".
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(re.compile(re.escape(base) + r"/(\?.*)?$"))
    check(heading(page)).to_have_text("Konfigurasjonsportalen")
    check(page.get_by_role("link", name="Logg inn med ID-porten")).to_be_visible()
    check(page.get_by_role("button", name="Logg ut")).to_have_count(0)
    visit.step("logged-out")
    assert [entry["post_logout_redirect_uri"] for entry in standin[1].logouts] == [base + "/"]

    # Logged out for real: a protected page sends the browser to the landing page.
    page.goto(org_url)
    assert re.fullmatch(re.escape(base) + r"/\?next=.*", page.url), page.url
    check(page.get_by_role("link", name="Logg inn med ID-porten")).to_be_visible()
    visit.step("protected-after-logout")

    # The full identity number is never on any page; the password only on the page that shows it once.
    assert visit.html_containing(DEMO_ADMIN_PID) == []
    assert visit.html_containing(password) == ["password-shown-once"]
    assert visit.failed_responses == []
    assert visit.errors == []


def test_person_without_organizations(visit):
    """Per Uten Tilgang gets the friendly "no organizations" page, and Demo kommune's pages answer 404."""
    page, check = visit.page, expect()
    log_in(visit, "Per Uten Tilgang")
    assert page.url == visit.base_url + "/"
    check(heading(page)).to_have_text("Du administrerer ingen organisasjoner")
    check(page.get_by_text("Be en administrator i organisasjonen din om å gi deg tilgang")).to_be_visible()
    check(page.get_by_role("navigation", name="Organisasjon")).to_have_count(0)
    check(page.get_by_role("button", name="Logg ut")).to_be_visible()
    visit.step("no-organizations")

    response = page.goto(f"{visit.base_url}/org/{DEMO_ORGNR}/")
    assert response.status == 404
    check(heading(page)).to_have_text("Fant ikke siden")
    check(page.locator("main")).not_to_contain_text("Demo kommune")
    visit.step("other-organization-404")

    assert visit.html_containing(NOBODY_PID) == []
    assert visit.failed_responses == [f"404 {visit.base_url}/org/{DEMO_ORGNR}/"]
    assert visit.errors == []
