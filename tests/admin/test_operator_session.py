"""Operators' admin sessions: 15 minutes idle, 12 hours from the login at most (issue 9, item 6)."""

from __future__ import annotations

import pytest

from authz.models import AuditEvent
from tests.portal.test_session_lifetime import Clock

pytestmark = pytest.mark.django_db
NEW_ORGANIZATION = {"orgnr": "974760673", "name": "Nyby kommune", "first_admin_pid": "03077240038"}


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def test_an_operator_is_logged_out_after_15_minutes_idle(clock, operator_client):
    clock.advance(minutes=14)
    assert operator_client.get("/admin/").status_code == 200
    clock.advance(minutes=15, seconds=1)
    response = operator_client.post("/admin/authz/organization/add/", NEW_ORGANIZATION)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not AuditEvent.objects.filter(organization_orgnr=NEW_ORGANIZATION["orgnr"]).exists()
    assert operator_client.get("/admin/").status_code == 302


def test_an_operator_is_logged_out_12_hours_after_the_login_even_when_active(clock, operator_client):
    for _ in range(12 * 5 - 1):  # a request every 12 minutes for 11 h 48 min
        clock.advance(minutes=12)
        assert operator_client.get("/admin/").status_code == 200
    clock.advance(minutes=12)
    response = operator_client.post("/admin/authz/organization/add/", NEW_ORGANIZATION)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not AuditEvent.objects.filter(organization_orgnr=NEW_ORGANIZATION["orgnr"]).exists()
