"""Session lifetime with a controlled clock (issue 9, item 6).

A person's session ends 120 minutes after the ID-porten login, or after 30 minutes without a request; an operator's
12 hours after the login or after 15 minutes idle. After that any request is anonymous (a new login is needed) and
a pending POST is not applied. The times live in the database session, so another app server (another client with
the same cookie) applies the same limits.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from authz.models import AuditEvent
from integrations.models import Integration
from tests.conftest import DEMO_ORGNR, VENDOR_ORGNR

pytestmark = pytest.mark.django_db
ORG_PAGE = f"/org/{DEMO_ORGNR}/"
NEW_INTEGRATION = f"/org/{DEMO_ORGNR}/integrations/new/"


class Clock:
    """`django.utils.timezone.now` frozen at a start time; `advance(minutes=...)` moves it on."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta) -> None:
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def _logged_in(client: Client) -> bool:
    response = client.get(ORG_PAGE)
    return response.status_code == 200 and "Demo kommune" in response.content.decode()


def _post_integration(client: Client, name: str):
    return client.post(NEW_INTEGRATION, {"name": name, "description": "", "authorized_orgnr": VENDOR_ORGNR})


def test_a_person_is_logged_out_120_minutes_after_the_login_even_when_active(clock, admin_client):
    for _ in range(5):  # active every 20 minutes: never idle
        clock.advance(minutes=20)
        assert _logged_in(admin_client)
    clock.advance(minutes=19)
    assert _logged_in(admin_client)  # 119 minutes
    clock.advance(minutes=1, seconds=1)
    before = (Integration.objects.count(), AuditEvent.objects.count())
    response = _post_integration(admin_client, "For sent")
    assert response.status_code == 302 and response["Location"].startswith("/")  # to the login page
    assert (Integration.objects.count(), AuditEvent.objects.count()) == before  # the POST was not applied
    assert not _logged_in(admin_client)
    landing = admin_client.get("/")
    assert "Logg inn med ID-porten" in landing.content.decode()


def test_a_person_is_logged_out_after_30_minutes_without_a_request(clock, admin_client):
    clock.advance(minutes=29)
    assert _logged_in(admin_client)
    clock.advance(minutes=29)  # 29 minutes since the last request: still fine
    assert _logged_in(admin_client)
    clock.advance(minutes=30, seconds=1)
    response = _post_integration(admin_client, "Etter pause")
    assert response.status_code == 302
    assert not Integration.objects.filter(name="Etter pause").exists()
    page = admin_client.get(response["Location"])
    assert "Økten din er utløpt. Logg inn på nytt." in page.content.decode()


def test_the_limits_hold_on_every_app_server(clock, admin_client):
    other_server = Client()  # another app server: same browser cookie, same database
    other_server.cookies["sessionid"] = admin_client.cookies["sessionid"].value
    assert _logged_in(other_server)
    clock.advance(minutes=25)
    assert _logged_in(admin_client)  # activity on one server counts on the other
    clock.advance(minutes=25)
    assert _logged_in(other_server)
    clock.advance(minutes=31)
    assert not _logged_in(admin_client)
    assert not _logged_in(other_server)


def test_a_new_login_starts_a_new_session_lifetime(clock, admin_client):
    from authz.models import User

    user = User.objects.get(person__isnull=False)
    clock.advance(minutes=31)
    assert not _logged_in(admin_client)
    admin_client.force_login(user)
    clock.advance(minutes=20)
    assert _logged_in(admin_client)
    response = _post_integration(admin_client, "Etter ny innlogging")
    assert response.status_code == 302
    assert Integration.objects.filter(name="Etter ny innlogging").count() == 1


def test_a_session_without_a_login_time_counts_as_expired(admin_client):
    session = admin_client.session
    del session["portal_login_at"]
    session.save()
    assert not _logged_in(admin_client)
