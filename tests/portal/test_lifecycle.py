"""Issue 8 item 5 in the web UI: deactivate (confirmed first) and reactivate an integration, rotate its password
with an overlap window (0-24 h, default 30 min; bad values are field errors that change nothing), end the old
password now, and the detail page showing both passwords' ages and when the old one stops working."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from authz.models import AuditEvent, Grant, Privilege
from authz.services import grant_create, service_resource
from integrations.services import integration_password_rotate
from tests.conftest import DEMO_ORGNR, OTHER_ORGNR, SYSTEM

from .conftest import db_state

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"portal:{name}", args=args)


def form_post(client, path, data=None):
    return client.post(path, urlencode(data or {}), content_type="application/x-www-form-urlencoded")


@pytest.fixture
def with_password(admin_ctx, integration):
    integration_password_rotate(admin_ctx, integration=integration)
    integration.refresh_from_db()
    return integration


def rotate(client, integration, overlap):
    data = {"confirm": "yes"} | ({} if overlap is None else {"overlap_minutes": overlap})
    return form_post(client, url("integration_password", DEMO_ORGNR, integration.pk), data)


# --- rotation with overlap --------------------------------------------------------------------------------

def test_confirmation_asks_for_the_overlap_with_30_minutes_prefilled(admin_client, with_password):
    html = admin_client.get(url("integration_password_confirm", DEMO_ORGNR, with_password.pk)).content.decode()
    assert "Hvor lenge skal det gamle passordet virke? (minutter)" in html
    assert 'name="overlap_minutes" value="30"' in html


@pytest.mark.parametrize(("overlap", "message"), [
    ("", "Skriv et helt antall minutter fra 0 til 1440 (24 timer)."),
    ("abc", "Skriv et helt antall minutter fra 0 til 1440 (24 timer)."),
    ("-1", "Skriv et helt antall minutter fra 0 til 1440 (24 timer)."),
    ("1.5", "Skriv et helt antall minutter fra 0 til 1440 (24 timer)."),
    ("30 min", "Skriv et helt antall minutter fra 0 til 1440 (24 timer)."),
    ("٣٠", "Skriv et helt antall minutter fra 0 til 1440 (24 timer)."),
    ("1441", "Overlappen må være et helt antall minutter fra 0 til 1440 (24 timer)."),
    ("99999", "Overlappen må være et helt antall minutter fra 0 til 1440 (24 timer)."),
])
def test_overlap_outside_0_to_24_hours_is_a_field_error_and_changes_nothing(admin_client, with_password, overlap,
                                                                            message):
    before = db_state()
    response = rotate(admin_client, with_password, overlap)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'id="id_overlap_minutes_error"' in body and 'aria-invalid="true"' in body
    assert "Skjemaet har feil" in body
    assert db_state() == before


def test_default_overlap_keeps_the_old_password_for_30_minutes(admin_client, with_password):
    old_digest = with_password.password_digest
    start = timezone.now()
    response = rotate(admin_client, with_password, "30")
    assert response["Location"] == url("integration_password_shown", DEMO_ORGNR, with_password.pk)
    with_password.refresh_from_db()
    assert with_password.previous_password_digest == old_digest
    expires = with_password.previous_password_expires_at
    assert start + datetime.timedelta(minutes=30) <= expires <= timezone.now() + datetime.timedelta(minutes=30)
    event = AuditEvent.objects.filter(action="integration.password_rotate").latest("time")
    assert event.after["overlap_minutes"] == 30 and event.channel == "web"


def test_a_form_without_the_field_gets_the_default_overlap(admin_client, with_password):
    rotate(admin_client, with_password, None)
    with_password.refresh_from_db()
    assert with_password.previous_password_until is not None


def test_overlap_0_ends_the_old_password_at_once(admin_client, with_password):
    rotate(admin_client, with_password, "0")
    with_password.refresh_from_db()
    assert with_password.previous_password_digest == "" and with_password.previous_password_until is None


def test_detail_shows_both_passwords_ages_and_when_the_old_one_stops(admin_client, with_password):
    rotate(admin_client, with_password, "90")
    with_password.refresh_from_db()
    html = admin_client.get(url("integration", DEMO_ORGNR, with_password.pk)).content.decode()
    stops = timezone.localtime(with_password.previous_password_expires_at).strftime("%d.%m.%Y %H:%M")
    assert "Forrige passord" in html
    assert f"Virker fortsatt, til {stops} (om 1\xa0time, 29\xa0minutter)." in html \
        or f"Virker fortsatt, til {stops} (om 1\xa0time, 30\xa0minutter)." in html
    assert html.count(" siden)") == 2  # the current and the previous password's ages
    assert "Avslutt det forrige passordet nå" in html


def test_detail_after_the_window_shows_only_the_current_password(admin_client, with_password):
    rotate(admin_client, with_password, "30")
    type(with_password).objects.filter(pk=with_password.pk).update(
        previous_password_expires_at=timezone.now() - datetime.timedelta(seconds=1))
    html = admin_client.get(url("integration", DEMO_ORGNR, with_password.pk)).content.decode()
    assert "Forrige passord" not in html and "Avslutt det forrige passordet nå" not in html


def test_end_the_previous_password_now(admin_client, with_password):
    rotate(admin_client, with_password, "30")
    response = form_post(admin_client, url("integration_password_end_previous", DEMO_ORGNR, with_password.pk))
    assert response["Location"] == url("integration", DEMO_ORGNR, with_password.pk)
    with_password.refresh_from_db()
    assert with_password.previous_password_digest == ""
    assert AuditEvent.objects.filter(action="integration.password_end_previous", channel="web").count() == 1
    page = admin_client.get(response["Location"]).content.decode()
    assert "virker ikke lenger. Bare det nye passordet virker." in page
    again = form_post(admin_client, url("integration_password_end_previous", DEMO_ORGNR, with_password.pk))
    assert "hadde ikke noe forrige passord som fortsatt virket" in admin_client.get(again["Location"]).content.decode()
    assert AuditEvent.objects.filter(action="integration.password_end_previous").count() == 1


# --- deactivate and reactivate --------------------------------------------------------------------------

def test_deactivation_is_confirmed_then_stops_the_integration_and_keeps_grants(admin_client, with_password, demo_org):
    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    grant_create(SYSTEM, privilege=index, resource=service_resource(organization=demo_org, service=index.service),
                 integration=with_password)
    before = db_state()
    page = admin_client.get(url("integration_deactivate", DEMO_ORGNR, with_password.pk)).content.decode()
    assert "Alle kall med integrasjonen avvises med en gang" in page and "MinSide Søk – indeksering" in page
    assert db_state() == before
    response = form_post(admin_client, url("integration_deactivate", DEMO_ORGNR, with_password.pk))
    with_password.refresh_from_db()
    assert not with_password.is_active
    assert Grant.objects.filter(integration=with_password).count() == 1 and with_password.password_digest
    detail = admin_client.get(response["Location"]).content.decode()
    assert "Deaktivert: alle kall avvises" in detail and "Aktiver igjen" in detail
    assert "Deaktivert</span>" in admin_client.get(url("organization", DEMO_ORGNR)).content.decode()
    form_post(admin_client, url("integration_reactivate", DEMO_ORGNR, with_password.pk))
    with_password.refresh_from_db()
    assert with_password.is_active
    actions = list(AuditEvent.objects.filter(target_id=str(with_password.pk), channel="web",
                                             action__in=["integration.deactivate", "integration.reactivate"])
                   .order_by("time").values_list("action", flat=True))
    assert actions == ["integration.deactivate", "integration.reactivate"]


def test_deactivate_and_reactivate_twice_change_nothing_more(admin_client, integration):
    form_post(admin_client, url("integration_deactivate", DEMO_ORGNR, integration.pk))
    form_post(admin_client, url("integration_deactivate", DEMO_ORGNR, integration.pk))
    assert AuditEvent.objects.filter(action="integration.deactivate").count() == 1
    form_post(admin_client, url("integration_reactivate", DEMO_ORGNR, integration.pk))
    form_post(admin_client, url("integration_reactivate", DEMO_ORGNR, integration.pk))
    assert AuditEvent.objects.filter(action="integration.reactivate").count() == 1


@pytest.mark.parametrize("name", ["integration_deactivate", "integration_reactivate",
                                  "integration_password_end_previous"])
def test_another_organizations_integration_is_404(admin_client, other_integration, name):
    before = db_state()
    for orgnr in (OTHER_ORGNR, DEMO_ORGNR):
        assert form_post(admin_client, url(name, orgnr, other_integration.pk)).status_code == 404
    assert db_state() == before


@pytest.mark.parametrize("name", ["integration_reactivate", "integration_password_end_previous"])
def test_get_is_not_allowed_where_only_post_changes(admin_client, integration, name):
    assert admin_client.get(url(name, DEMO_ORGNR, integration.pk)).status_code == 405
