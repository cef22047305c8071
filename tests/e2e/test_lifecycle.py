"""An integration's lifecycle in the browser (issue 8 item 5), checked with real API calls as the integration:
a new password with an overlap leaves the old one working until the window ends or is ended; deactivating stops
every call at once and reactivating brings it back with its grants."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone as django_timezone

from api.devissuer import mint_token
from authz.demo import VENDOR_ORGNR
from integrations import selectors
from integrations.models import Integration
from tests.e2e.test_main_path import expect, heading, log_in

pytestmark = pytest.mark.e2e

NAME = "Sak og arkiv"


def call_as_integration(visit, integration: Integration, password: str) -> int:
    """GET /api/v1/me/ over HTTP as the integration (vendor token + IntegrasjonId/IntegrasjonPassord): the status."""
    response = visit.page.request.get(f"{visit.base_url}/api/v1/me/", headers={
        "Authorization": f"Bearer {mint_token(orgnr=VENDOR_ORGNR)}", "OnBehalfOf": VENDOR_ORGNR,
        "IntegrasjonId": str(integration.pk), "IntegrasjonPassord": password,
    })
    return response.status


def make_password(visit, *, first: bool, overlap: str | None = None) -> str:
    """Make the first password, or a new one with `overlap` minutes; returns the password shown once."""
    page, check = visit.page, expect()
    if first:
        page.get_by_role("button", name="Lag passord").click()
    else:
        page.get_by_role("link", name="Lag nytt passord").click()
        field = page.get_by_label("Hvor lenge skal det gamle passordet virke? (minutter)")
        check(field).to_have_value("30")
        field.fill(overlap)
        visit.step("rotate-with-overlap")
        page.get_by_role("button", name="Ja, lag nytt passord").click()
    check(heading(page)).to_have_text(f"Nytt passord for «{NAME}»")
    password = page.get_by_label("Passord (IntegrasjonPassord)").input_value()
    visit.step("password-shown")
    page.get_by_role("link", name="Jeg har kopiert passordet").click()
    check(heading(page)).to_have_text(NAME)
    return password


def open_new_integration(visit) -> Integration:
    page, check = visit.page, expect()
    log_in(visit, "Kari Nordmann")
    visit.step("organization")
    page.get_by_role("link", name="Ny integrasjon").click()
    page.get_by_label("Navn").fill(NAME)
    page.get_by_label("Autorisert organisasjonsnummer").fill(VENDOR_ORGNR)
    visit.step("new-integration-form")
    page.get_by_role("button", name="Opprett integrasjon").click()
    check(heading(page)).to_have_text(NAME)
    visit.step("integration")
    return Integration.objects.get(name=NAME)


def test_overlap_rotation_old_password_works_until_ended(visit):
    page, check = visit.page, expect()
    integration = open_new_integration(visit)
    old = make_password(visit, first=True)
    assert call_as_integration(visit, integration, old) == 200

    # A bad overlap is a field error and changes nothing.
    page.get_by_role("link", name="Lag nytt passord").click()
    page.get_by_label("Hvor lenge skal det gamle passordet virke? (minutter)").fill("25 timer")
    page.get_by_role("button", name="Ja, lag nytt passord").click()
    check(page.locator("#id_overlap_minutes_error")).to_have_text(
        "Skriv et helt antall minutter fra 0 til 1440 (24 timer).")
    visit.step("overlap-error")
    page.get_by_role("link", name="Avbryt").click()
    assert call_as_integration(visit, integration, old) == 200

    new = make_password(visit, first=False, overlap="30")
    facts = page.locator("dl.facts")
    check(facts).to_contain_text("Forrige passord")
    stops = re.compile(r"Virker fortsatt, til \d\d\.\d\d\.\d{4} \d\d:\d\d \(om (29|30)\sminutter\)")
    check(facts).to_contain_text(stops)
    visit.step("both-passwords")
    assert (call_as_integration(visit, integration, old), call_as_integration(visit, integration, new)) == (200, 200)

    page.get_by_role("button", name="Avslutt det forrige passordet nå").click()
    check(page.locator(".message-success")).to_contain_text("Bare det nye passordet virker.")
    check(facts).not_to_contain_text("Forrige passord")
    visit.step("previous-ended")
    assert (call_as_integration(visit, integration, old), call_as_integration(visit, integration, new)) == (401, 200)
    assert visit.errors == []


def test_overlap_rotation_old_password_stops_when_the_window_ends(visit, monkeypatch):
    """The clock the password check reads is moved 31 minutes on: the old password stops, the new one works."""
    page, check = visit.page, expect()
    integration = open_new_integration(visit)
    old = make_password(visit, first=True)
    new = make_password(visit, first=False, overlap="30")
    assert call_as_integration(visit, integration, old) == 200

    later = django_timezone.now() + datetime.timedelta(minutes=31)

    class Later:
        @staticmethod
        def now():
            return later

    monkeypatch.setattr(selectors, "timezone", Later)
    assert (call_as_integration(visit, integration, old), call_as_integration(visit, integration, new)) == (401, 200)
    page.reload()
    check(page.locator("dl.facts")).to_contain_text("Laget")
    visit.step("after-window")
    assert visit.errors == []


def test_deactivate_and_reactivate(visit):
    page, check = visit.page, expect()
    integration = open_new_integration(visit)
    password = make_password(visit, first=True)
    page.get_by_role("button", name="Gi tilgang MinSide Søk – indeksering").click()
    assert call_as_integration(visit, integration, password) == 200

    page.get_by_role("link", name="Deaktiver").click()
    check(heading(page)).to_have_text(f"Deaktivere «{NAME}»?")
    check(page.locator(".confirm-box")).to_contain_text("MinSide Søk – indeksering")
    visit.step("deactivate-confirmation")
    page.get_by_role("button", name="Deaktiver integrasjonen").click()
    check(page.locator("dl.facts")).to_contain_text("Deaktivert: alle kall avvises")
    visit.step("deactivated")
    assert call_as_integration(visit, integration, password) == 401

    page.get_by_role("button", name="Aktiver igjen").click()
    check(page.locator(".message-success")).to_contain_text("er aktiv igjen")
    check(page.get_by_role("row", name=re.compile(r"^MinSide Søk – indeksering"))).to_contain_text("Gitt for tjenesten")
    visit.step("reactivated")
    assert call_as_integration(visit, integration, password) == 200
    assert visit.errors == []
