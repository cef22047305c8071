"""Delegations (Fullmakter) in the web UI: give, list by state, revoke with confirmation; bad input refused."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from authz.models import AuditEvent, Delegation, Service
from authz.services import delegation_create, delegation_revoke
from tests.conftest import DEMO_ORGNR, OTHER_ORGNR, VENDOR_ORGNR


def url(name, *args):
    return reverse(f"portal:{name}", args=args)


def form_post(client, path, data=None):
    return client.post(path, urlencode(data or {}), content_type="application/x-www-form-urlencoded")


def day(offset: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def test_give_a_delegation_for_one_service_until_a_date(admin_client, demo_org):
    response = form_post(admin_client, url("delegation_new", DEMO_ORGNR), {
        "representative": VENDOR_ORGNR, "service": "SVARUT", "valid_from": "", "valid_to": day(30)})
    assert response.status_code == 302 and response["Location"] == url("delegation_list", DEMO_ORGNR)
    delegation = Delegation.objects.get()
    assert (delegation.represented, delegation.representative, delegation.service.code) == (
        DEMO_ORGNR, VENDOR_ORGNR, "SVARUT")
    end = timezone.localtime(delegation.valid_to)
    assert (end.date().isoformat(), end.hour, end.minute) == (day(31), 0, 0)  # through the whole chosen day
    assert AuditEvent.objects.filter(action="delegation.create", channel="web", organization=demo_org).count() == 1
    page = admin_client.get(response["Location"]).content.decode()
    assert "kan nå opptre på vegne av Demo kommune" in page


def test_the_same_delegation_twice_says_already(admin_client, demo_org):
    data = {"representative": VENDOR_ORGNR, "service": "", "valid_from": "", "valid_to": ""}
    form_post(admin_client, url("delegation_new", DEMO_ORGNR), data)
    again = form_post(admin_client, url("delegation_new", DEMO_ORGNR), data)
    assert "har allerede denne fullmakten" in admin_client.get(again["Location"]).content.decode()
    assert Delegation.objects.count() == 1
    assert AuditEvent.objects.filter(action="delegation.create").count() == 1


@pytest.mark.parametrize(("data", "field"), [
    ({"representative": DEMO_ORGNR}, "representative"),          # the organization itself
    ({"representative": ""}, "representative"),
    ({"representative": "123456789"}, "representative"),         # wrong check digit
    ({"valid_to": "past"}, "valid_to"),                           # an end in the past
    ({"valid_from": "+10", "valid_to": "+5"}, "valid_to"),        # an end before its start
    ({"valid_to": "2026-02-30"}, "valid_to"),                     # a date that does not exist
    ({"valid_from": "-1"}, "valid_from"),                         # a start before today
    ({"service": "NO_SUCH_SERVICE"}, "service"),                  # an unknown service
])
def test_bad_delegations_are_field_errors_and_change_nothing(admin_client, demo_org, data, field):
    values = {"representative": VENDOR_ORGNR, "service": "", "valid_from": "", "valid_to": ""}
    shifts = {"past": day(-1), "+10": day(10), "+5": day(5), "-1": day(-1)}
    values.update({key: shifts.get(value, value) for key, value in data.items()})
    events = AuditEvent.objects.count()
    response = form_post(admin_client, url("delegation_new", DEMO_ORGNR), values)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and f'href="#id_{field}"' in html
    assert not Delegation.objects.exists()
    assert AuditEvent.objects.count() == events


def test_list_groups_active_future_expired_and_revoked(admin_client, admin_ctx, demo_org):
    now = timezone.now()
    active, _c = delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR)
    future, _c = delegation_create(admin_ctx, represented=DEMO_ORGNR, representative="889640782",
                                   valid_from=now + datetime.timedelta(days=2))
    revoked, _c = delegation_create(admin_ctx, represented=DEMO_ORGNR, representative="991825827")
    delegation_revoke(admin_ctx, delegation=revoked)
    expired = Delegation.objects.create(represented=DEMO_ORGNR, representative="314168267",
                                        valid_from=now - datetime.timedelta(days=3),
                                        valid_to=now - datetime.timedelta(days=1))
    html = admin_client.get(url("delegation_list", DEMO_ORGNR)).content.decode()
    positions = [html.index(f'id="delegations-{state}"') for state in ("active", "future", "expired", "revoked")]
    assert positions == sorted(positions)
    for delegation, state in ((active, "active"), (future, "future"), (expired, "expired"), (revoked, "revoked")):
        section = html.split(f'id="delegations-{state}"', 1)[1].split("<h2", 1)[0]
        assert f'id="delegation-{delegation.pk}"' in section
    assert url("delegation_revoke", DEMO_ORGNR, active.pk) in html
    assert url("delegation_revoke", DEMO_ORGNR, revoked.pk) not in html


def test_revoke_asks_first_then_revokes(admin_client, admin_ctx, demo_org):
    delegation, _c = delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR,
                                       service=Service.objects.get(code="SVARUT"))
    page = admin_client.get(url("delegation_revoke", DEMO_ORGNR, delegation.pk)).content.decode()
    assert "Trekke tilbake fullmakten?" in page and "Ja, trekk tilbake" in page
    delegation.refresh_from_db()
    assert delegation.revoked_at is None
    response = form_post(admin_client, url("delegation_revoke", DEMO_ORGNR, delegation.pk))
    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None
    assert AuditEvent.objects.filter(action="delegation.revoke", channel="web").count() == 1


def test_another_organizations_delegations_are_not_found(admin_client, other_admin_ctx, other_org, demo_org):
    theirs, _c = delegation_create(other_admin_ctx, represented=OTHER_ORGNR, representative=VENDOR_ORGNR)
    assert admin_client.get(url("delegation_list", OTHER_ORGNR)).status_code == 404
    assert admin_client.get(url("delegation_revoke", DEMO_ORGNR, theirs.pk)).status_code == 404
    assert form_post(admin_client, url("delegation_revoke", DEMO_ORGNR, theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
