"""Calls as an integration: one generic 401 for every bad input, 429 after repeated failures (issue 6 "Bad input"),
rotation with overlap, ending the old password, deactivation over the API (issue 8 item 5)."""

import uuid

import pytest

from api import ratelimit
from api.devissuer import mint_token
from authz.models import AuditEvent
from tests.conftest import DEMO_ORGNR, VENDOR_ORGNR

from .conftest import Api, problem

INTEGRATION = f"organizations/{DEMO_ORGNR}/integrations/{{pk}}/"


@pytest.fixture
def frozen_window(monkeypatch):
    """The rate limiter's clock, frozen at the start of a window; advance with `frozen_window.now += s`."""

    class FakeTime:
        now = 1_900_000_020.0

        @classmethod
        def time(cls):
            return cls.now

    monkeypatch.setattr(ratelimit, "time", FakeTime)
    return FakeTime


def as_integration(integration_id: str, password: str, orgnr: str = VENDOR_ORGNR) -> Api:
    return Api(mint_token(orgnr=orgnr), orgnr, HTTP_INTEGRASJONID=integration_id, HTTP_INTEGRASJONPASSORD=password)


def test_wrong_password_unknown_id_and_malformed_id_get_the_same_401(vendor_integration):
    integration, password = vendor_integration
    bodies = []
    for integration_id, sent in ((str(integration.pk), password + "x"), (str(uuid.uuid4()), password),
                                 ("not-a-uuid", password), ("", password)):
        r = as_integration(integration_id, sent).get("me/")
        assert r.status_code == 401
        assert r["WWW-Authenticate"].startswith("Bearer")
        bodies.append({k: v for k, v in problem(r).items() if k != "request_id"})  # each request has its own id
    assert all(b == bodies[0] for b in bodies)
    assert bodies[0]["code"] == "integration_authentication_failed"


def test_repeated_failures_get_429_with_retry_after_then_the_right_password_works(settings, vendor_integration,
                                                                                  frozen_window):
    settings.INTEGRATION_AUTH_MAX_FAILURES = 20
    settings.INTEGRATION_AUTH_WINDOW_SECONDS = 60
    integration, password = vendor_integration
    integration_id = str(integration.pk)
    for _ in range(20):
        assert as_integration(integration_id, "wrong").get("me/").status_code == 401
    frozen_window.now += 15
    for sent in ("wrong", password):  # while the window lasts, even the right password is refused
        r = as_integration(integration_id, sent).get("me/")
        assert r.status_code == 429
        assert problem(r)["code"] == "integration_authentication_throttled"
        assert r["Retry-After"] == "45"
    # Case and surrounding spaces in the id do not open a new count.
    assert as_integration(f" {integration_id.upper()} ", password).get("me/").status_code == 429
    # Another integration id from the same caller is not affected.
    assert as_integration(str(uuid.uuid4()), "wrong").get("me/").status_code == 401
    frozen_window.now += 45
    assert as_integration(integration_id, password).get("me/").status_code == 200


def test_failures_of_another_caller_do_not_lock_out_the_vendor(settings, vendor_integration, frozen_window):
    settings.INTEGRATION_AUTH_MAX_FAILURES = 3
    integration, password = vendor_integration
    for _ in range(3):
        assert as_integration(str(integration.pk), "wrong", orgnr=DEMO_ORGNR).get("me/").status_code == 401
    assert as_integration(str(integration.pk), "wrong", orgnr=DEMO_ORGNR).get("me/").status_code == 429
    assert as_integration(str(integration.pk), password).get("me/").status_code == 200


def test_rotation_over_the_api_with_overlap_and_ending_the_old_password(admin_api, vendor_integration):
    integration, old = vendor_integration
    path = INTEGRATION.format(pk=integration.pk)
    r = admin_api.post(path + "password/", {"overlap_minutes": 90})
    assert r.status_code == 200, r.content
    new = r.json()["password"]
    assert r.json()["previous_password_expires_at"] is not None
    for password in (old, new):
        assert as_integration(str(integration.pk), password).get("me/").status_code == 200
    shown = admin_api.get(path).json()
    assert shown["password_set_at"] and shown["previous_password_set_at"]
    assert shown["previous_password_expires_at"] == r.json()["previous_password_expires_at"]
    r = admin_api.post(path + "password/end-previous/")
    assert r.status_code == 200 and r.json()["previous_password_expires_at"] is None
    assert as_integration(str(integration.pk), old).get("me/").status_code == 401
    assert as_integration(str(integration.pk), new).get("me/").status_code == 200


@pytest.mark.parametrize("body", [{"overlap_minutes": -1}, {"overlap_minutes": 1441}, {"overlap_minutes": "abc"},
                                  {"overlap_minutes": 1.5}])
def test_rotation_overlap_outside_0_to_24_hours_is_400_and_changes_nothing(admin_api, vendor_integration, body):
    integration, old = vendor_integration
    r = admin_api.post(INTEGRATION.format(pk=integration.pk) + "password/", body)
    assert r.status_code == 400
    assert "overlap_minutes" in problem(r)["errors"]
    assert as_integration(str(integration.pk), old).get("me/").status_code == 200


def test_rotation_without_body_uses_the_default_overlap(admin_api, vendor_integration):
    integration, old = vendor_integration
    r = admin_api.post(INTEGRATION.format(pk=integration.pk) + "password/")
    assert r.status_code == 200
    assert as_integration(str(integration.pk), old).get("me/").status_code == 200
    event = AuditEvent.objects.filter(action="integration.password_rotate").order_by("-time").first()
    assert event.after["overlap_minutes"] == 30


def test_deactivate_and_reactivate_over_the_api(admin_api, vendor_integration):
    integration, password = vendor_integration
    path = INTEGRATION.format(pk=integration.pk)
    r = admin_api.post(path + "deactivate/")
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert as_integration(str(integration.pk), password).get("me/").status_code == 401
    assert admin_api.get(path).json()["grant_count"] == 1  # grants kept
    r = admin_api.post(path + "reactivate/")
    assert r.status_code == 200 and r.json()["is_active"] is True
    assert as_integration(str(integration.pk), password).get("me/").status_code == 200
    actions = set(AuditEvent.objects.filter(target_id=str(integration.pk)).values_list("action", flat=True))
    assert {"integration.deactivate", "integration.reactivate"} <= actions


# --- the caller's identity, remembered per process (integrations/selectors.py `_active_integration`) ----------


def _another_server_changes(integration, **fields):
    """What another app server's change looks like here: the row changes in the database (no signal in this
    process) and the integration's shared version counter is bumped (its receiver, on that server)."""
    from authz import versions
    from integrations.models import Integration

    Integration.objects.filter(pk=integration.pk).update(**fields)
    versions.bump(versions.actor_key("integration", integration.pk))


def test_a_repeated_call_as_an_integration_reads_no_integration_row(vendor_integration):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    integration, password = vendor_integration
    api = as_integration(str(integration.pk), password)
    assert api.get("me/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        r = api.get("me/")
    assert r.status_code == 200 and r.json()["caller"]["integration"]["id"] == str(integration.pk)
    assert not [q for q in queries.captured_queries if "integrations_integration" in q["sql"]]


def test_a_deactivation_on_another_server_refuses_the_very_next_call(vendor_integration):
    integration, password = vendor_integration
    api = as_integration(str(integration.pk), password)
    assert api.get("me/").status_code == 200
    _another_server_changes(integration, is_active=False)
    assert problem(api.get("me/"))["code"] == "integration_authentication_failed"
    _another_server_changes(integration, is_active=True)
    assert api.get("me/").status_code == 200


def test_a_rotation_on_another_server_refuses_the_old_password_on_the_very_next_call(vendor_integration):
    from integrations import passwords

    integration, password = vendor_integration
    assert as_integration(str(integration.pk), password).get("me/").status_code == 200
    new_password, stored = passwords.generate()
    _another_server_changes(integration, password_digest=stored, previous_password_digest="")
    assert as_integration(str(integration.pk), password).get("me/").status_code == 401
    assert as_integration(str(integration.pk), new_password).get("me/").status_code == 200


def test_a_deactivation_in_this_process_refuses_the_next_call(admin_api, vendor_integration):
    integration, password = vendor_integration
    api = as_integration(str(integration.pk), password)
    assert api.get("me/").status_code == 200
    r = admin_api.patch(INTEGRATION.format(pk=integration.pk), {"is_active": False},
                        HTTP_IF_MATCH=f'"{integration.version}"')
    assert r.status_code == 200, r.content
    assert api.get("me/").status_code == 401


def test_a_legacy_hash_upgraded_on_one_call_is_not_checked_slowly_again(vendor_integration):
    from django.contrib.auth.hashers import make_password

    from integrations import passwords
    from integrations.models import Integration

    integration, password = vendor_integration
    Integration.objects.filter(pk=integration.pk).update(password_digest=make_password(password))
    api = as_integration(str(integration.pk), password)
    assert api.get("me/").status_code == 200  # verified against the legacy hash, then upgraded
    stored = Integration.objects.get(pk=integration.pk).password_digest
    assert stored.startswith(passwords.SCHEME + "$")
    calls = []
    original = passwords.check_password
    passwords.check_password = lambda *a: calls.append(a) or original(*a)
    try:
        assert api.get("me/").status_code == 200
    finally:
        passwords.check_password = original
    assert calls == []  # the next call uses the keyed digest, not the cached legacy hash


def test_a_repeated_call_as_an_integration_costs_one_shared_cache_round_trip(vendor_integration, request):
    """The failure count, the integration's counter and the catalogue's are read together (api/authentication.py);
    GET /me/ then needs nothing more from Redis or the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    integration, password = vendor_integration
    api = as_integration(str(integration.pk), password)
    assert api.get("me/").status_code == 200
    calls = request.getfixturevalue("cache_calls")
    with CaptureQueriesContext(connection) as queries:
        r = api.get("me/")
    assert r.status_code == 200 and r.json()["privileges"]
    assert [name for name, _args in calls] == ["get_many"]
    assert len(queries) == 0
