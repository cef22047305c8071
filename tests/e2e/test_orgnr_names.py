"""Organization numbers with names in the browser (issue 8 item 6): typed with spaces as Brønnøysundregistrene
print them, named from the Enhetsregisteret stand-in, and saved all the same when the registry is down."""

from __future__ import annotations

import pytest

from authz.demo import DEMO_ORGNR, VENDOR_ORGNR
from integrations.models import Integration
from tests.e2e.test_main_path import expect, heading, log_in

pytestmark = pytest.mark.e2e

VENDOR_NAME = "FAGSYSTEMLEVERANDØREN AS"


def new_integration(visit, name: str, orgnr: str) -> None:
    page = visit.page
    page.get_by_role("link", name="Ny integrasjon").click()
    expect()(heading(page)).to_have_text("Ny integrasjon")
    page.get_by_label("Navn").fill(name)
    page.get_by_label("Autorisert organisasjonsnummer").fill(orgnr)
    visit.step("new-integration-form")
    page.get_by_role("button", name="Opprett integrasjon").click()


def test_orgnr_name_from_the_registry(visit):
    """Kari types "910 753 614": a wrong check digit first (specific message), then the right number."""
    page, check = visit.page, expect()
    log_in(visit, "Kari Nordmann")
    visit.step("organization")
    new_integration(visit, "Sak", "910 753 615")
    check(page.locator("#id_authorized_orgnr_error")).to_have_text(
        "Ugyldig organisasjonsnummer: kontrollsifferet (det siste sifferet) stemmer ikke. Sjekk at nummeret er "
        "skrevet riktig.")
    visit.step("wrong-check-digit")
    page.get_by_label("Autorisert organisasjonsnummer").fill("910 753 614")
    page.get_by_role("button", name="Opprett integrasjon").click()
    check(heading(page)).to_have_text("Sak")
    check(page.locator("dl.facts")).to_contain_text(f"{VENDOR_NAME} ({VENDOR_ORGNR})")
    visit.step("integration-with-name")
    assert Integration.objects.get(name="Sak").authorized_orgnr == VENDOR_ORGNR

    page.get_by_role("link", name="Endre").click()
    check(page.locator(".orgnr-hint")).to_have_text(f"I Enhetsregisteret: {VENDOR_NAME} ({VENDOR_ORGNR})")
    visit.step("edit-form-with-name")
    page.get_by_role("link", name="Avbryt").click()
    page.get_by_role("navigation", name="Organisasjon").get_by_role("link", name="Integrasjoner", exact=True).click()
    check(page.get_by_role("table")).to_contain_text(f"{VENDOR_NAME} ({VENDOR_ORGNR})")
    visit.step("list-with-name")
    assert visit.failed_responses == [] and visit.errors == []


def test_orgnr_saved_while_the_registry_is_down(visit, registry):
    """With Enhetsregisteret down the integration is saved; the number shows with "navn ukjent"."""
    page, check = visit.page, expect()
    registry.stop()
    log_in(visit, "Kari Nordmann")
    assert page.url == f"{visit.base_url}/org/{DEMO_ORGNR}/"
    visit.step("organization")
    new_integration(visit, "Sak uten register", "910753614")
    check(heading(page)).to_have_text("Sak uten register")
    check(page.locator("dl.facts")).to_contain_text(f"{VENDOR_ORGNR} (navn ukjent)")
    check(page.locator("dl.facts")).not_to_contain_text(VENDOR_NAME)
    visit.step("integration-name-unknown")
    assert Integration.objects.get(name="Sak uten register").authorized_orgnr == VENDOR_ORGNR
    assert visit.failed_responses == [] and visit.errors == []
