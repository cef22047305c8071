"""Issue 8 items 1-3 in headless Chromium: add and remove an administrator; give and revoke a delegation and
call the API with it (`OnBehalfOf`); filter the audit log, see the bad-filter errors, download the CSV.
Every page state goes through `visit.step` (screenshot, and axe where the suite runs it)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.utils import timezone

from api.devissuer import mint_token
from authz.context import Actor, Context
from authz.demo import DEMO_ORGNR, VENDOR_ORGNR
from authz.models import AuditEvent, Delegation, Grant, Person
from integrations.services import integration_create
from tests.conftest import DEMO_ADMIN_PID
from tests.e2e.test_main_path import expect, heading, log_in

pytestmark = pytest.mark.e2e

NEW_ADMIN_PID = "15108695088"  # an ordinary public example number (shared/reference/norwegian-identifiers.md)


def test_add_and_remove_an_administrator(visit):
    page, check = visit.page, expect()
    log_in(visit, "Kari Nordmann")
    visit.step("organization")
    page.get_by_role("link", name="Tilganger", exact=True).click()
    check(heading(page)).to_have_text("Tilganger")
    check(page.locator("table").first).to_contain_text("Kari Nordmann")
    visit.step("people")

    page.get_by_role("link", name="Legg til person").click()
    check(heading(page)).to_have_text("Legg til person")
    visit.step("add-person-form")
    page.get_by_label("Fødselsnummer eller D-nummer").fill("15108695077")  # wrong check digits
    page.get_by_label("Tilgang").select_option(label="Administrator for hele organisasjonen")
    page.get_by_role("button", name="Legg til", exact=True).click()
    check(page.locator("#error-summary")).to_be_focused()
    check(page.locator("#error-summary")).to_contain_text("Fødselsnummer eller D-nummer")
    check(page.get_by_label("Fødselsnummer eller D-nummer")).to_have_value("")  # never written back
    visit.step("add-person-bad-pid")
    page.locator("#error-summary a").first.click()
    check(page.get_by_label("Fødselsnummer eller D-nummer")).to_be_focused()

    page.get_by_label("Fødselsnummer eller D-nummer").fill(NEW_ADMIN_PID)
    page.get_by_label("Tilgang").select_option(label="Administrator for hele organisasjonen")
    page.get_by_role("button", name="Legg til", exact=True).click()
    check(heading(page)).to_have_text("Tilganger")
    check(page.locator(".message-success")).to_contain_text("151086*****")
    check(page.locator("table").first).to_contain_text("151086*****")
    visit.step("person-added")
    assert Grant.objects.filter(person__pid=NEW_ADMIN_PID, privilege__code="ADMIN").count() == 1

    # Adding the same person again: a friendly "already", nothing new.
    page.get_by_role("link", name="Legg til person").click()
    visit.step("add-person-again-form")
    page.get_by_label("Fødselsnummer eller D-nummer").fill(NEW_ADMIN_PID)
    page.get_by_role("button", name="Legg til", exact=True).click()
    check(page.locator(".message-info")).to_contain_text("har allerede tilgangen")
    visit.step("person-already-admin")

    page.get_by_role("link", name=re.compile(r"Fjern 151086\*{5}")).click()
    check(heading(page)).to_have_text("Fjerne tilgangen?")
    visit.step("remove-confirm")
    page.get_by_role("button", name="Ja, fjern tilgangen").click()
    check(page.locator(".message-success")).to_contain_text("har ikke lenger tilgangen")
    visit.step("person-removed")
    assert not Grant.objects.filter(person__pid=NEW_ADMIN_PID).exists()

    # Kari is the last administrator now: the portal explains instead of offering the button.
    page.get_by_role("link", name=re.compile(r"Fjern Kari Nordmann")).click()
    check(heading(page)).to_have_text("Kan ikke fjerne den siste administratoren")
    check(page.get_by_role("button", name="Ja, fjern tilgangen")).to_have_count(0)
    visit.step("last-admin-explained")

    assert AuditEvent.objects.filter(action="grant.revoke", channel="web").count() == 1
    assert visit.html_containing(NEW_ADMIN_PID) == []
    assert visit.html_containing(DEMO_ADMIN_PID) == []
    assert visit.failed_responses == []
    assert visit.errors == []


def _api_me(base_url: str, on_behalf_of: str) -> int:
    """GET /api/v1/me/ as the vendor's system (Maskinporten-style token for VENDOR_ORGNR); the status code."""
    request = urllib.request.Request(f"{base_url}/api/v1/me/", headers={
        "Authorization": f"Bearer {mint_token(orgnr=VENDOR_ORGNR)}", "OnBehalfOf": on_behalf_of})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.load(response)["on_behalf_of"]["party"] == on_behalf_of
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_give_and_revoke_a_delegation_used_with_on_behalf_of(visit):
    page, check = visit.page, expect()
    assert _api_me(visit.base_url, DEMO_ORGNR) == 403  # no delegation yet
    log_in(visit, "Kari Nordmann")
    visit.step("organization")
    page.get_by_role("link", name="Fullmakter", exact=True).click()
    check(heading(page)).to_have_text("Fullmakter")
    visit.step("delegations-empty")

    page.get_by_role("link", name="Gi fullmakt").click()
    check(heading(page)).to_have_text("Gi fullmakt")
    visit.step("delegation-form")
    page.get_by_label("Hvem får fullmakt").fill(DEMO_ORGNR)  # the organization itself
    page.get_by_role("button", name="Gi fullmakt").click()
    check(page.locator("#error-summary")).to_contain_text("En part kan ikke ha fullmakt for seg selv.")
    visit.step("delegation-to-itself")

    end = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Hvem får fullmakt").fill(VENDOR_ORGNR)
    page.get_by_label("Gyldig til og med").fill(end.isoformat())
    page.get_by_role("button", name="Gi fullmakt").click()
    check(heading(page)).to_have_text("Fullmakter")
    check(page.locator(".message-success")).to_contain_text(f"{VENDOR_ORGNR} kan nå opptre på vegne av Demo kommune")
    check(page.locator("table").first).to_contain_text(end.strftime("%d.%m.%Y"))
    visit.step("delegation-given")
    delegation = Delegation.objects.get()
    assert (delegation.represented, delegation.representative, delegation.service) == (DEMO_ORGNR, VENDOR_ORGNR, None)
    assert _api_me(visit.base_url, DEMO_ORGNR) == 200  # the vendor now acts on behalf of Demo kommune

    page.get_by_role("link", name=re.compile(r"^Trekk tilbake")).click()
    check(heading(page)).to_have_text("Trekke tilbake fullmakten?")
    visit.step("revoke-confirm")
    page.get_by_role("button", name="Ja, trekk tilbake").click()
    check(page.locator(".message-success")).to_contain_text("er trukket tilbake")
    check(page.locator("#delegations-revoked")).to_contain_text("(1)")
    visit.step("delegation-revoked")
    assert _api_me(visit.base_url, DEMO_ORGNR) == 403  # revoked: refused at once

    assert list(AuditEvent.objects.filter(action__startswith="delegation.").order_by("time")
                .values_list("action", "channel")) == [("delegation.create", "web"), ("delegation.revoke", "web")]
    assert visit.failed_responses == []
    assert visit.errors == []


def test_audit_filters_and_csv_download(visit):
    page, check = visit.page, expect()
    kari = Context(actor=Actor.for_person(Person.objects.get(pid=DEMO_ADMIN_PID)), channel="web",
                   request_id="e2e-request")
    from authz.models import Organization

    demo = Organization.objects.get(orgnr=DEMO_ORGNR)
    for name in ("Arkiv", "Byggesak"):
        integration_create(kari, organization=demo, name=name, authorized_orgnr=VENDOR_ORGNR)
    log_in(visit, "Kari Nordmann")
    visit.step("organization")
    page.get_by_role("link", name="Logg", exact=True).click()
    check(heading(page)).to_have_text("Logg")
    check(page.locator("table.audit")).to_contain_text("Kari Nordmann (218794*****)")
    check(page.locator("table.audit")).to_contain_text("Systemet (seed_demo)")
    check(page.locator("table.audit")).to_contain_text("2 endringer i samme forespørsel")
    visit.step("audit-log")

    page.get_by_label("Hendelse", exact=True).select_option(label="Integrasjon opprettet")
    page.get_by_label("Søk", exact=True).fill("bygg")
    page.get_by_role("button", name="Vis", exact=True).click()
    rows = page.locator("table.audit > tbody > tr:not(.group-head)")
    check(rows).to_have_count(1)
    check(rows.first).to_contain_text("Byggesak")
    check(rows.first.get_by_role("link", name="Byggesak")).to_be_visible()  # the target still exists
    visit.step("audit-filtered")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Last ned som CSV")).click()
    download = download_info.value
    assert re.fullmatch(rf"logg-{DEMO_ORGNR}-\d{{8}}-\d{{6}}\.csv", download.suggested_filename)
    body = Path(download.path()).read_text(encoding="utf-8")
    assert body.startswith("\ufeff")
    rows_csv = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert [row[3:5] for row in rows_csv[1:]] == [["Integrasjon opprettet", "Byggesak"]]
    assert rows_csv[1][1] == "Kari Nordmann (218794*****)"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", rows_csv[1][0])

    # An end before the start: field errors linked from the summary, no events.
    page.get_by_label("Fra og med").fill("2026-12-10")
    page.get_by_label("Til og med").fill("2026-12-01")
    page.get_by_role("button", name="Vis", exact=True).click()
    check(page.locator("#error-summary")).to_contain_text("Til og med: Slutten må være etter starten.")
    check(page.locator("table.audit")).to_have_count(0)
    visit.step("audit-bad-period")
    assert visit.failed_responses == [f"400 {page.url}"]
    assert visit.errors == []
