"""Integration passwords as keyed digests (issue 6 item 3) and rotation with an overlap (issue 8 item 5)."""

import datetime
import uuid

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from authz.models import AuditEvent
from integrations import passwords
from integrations.models import Integration
from integrations.selectors import integration_authenticate
from integrations.services import (
    integration_create,
    integration_deactivate,
    integration_password_end_previous,
    integration_password_rotate,
    integration_reactivate,
)
from tests.conftest import VENDOR_ORGNR

PEPPER_1 = "a" * 40
PEPPER_2 = "b" * 40


@pytest.fixture
def integration(admin_ctx, demo_org):
    return integration_create(admin_ctx, organization=demo_org, name="Fagsystem", authorized_orgnr=VENDOR_ORGNR)


@pytest.fixture
def digest_counter(monkeypatch):
    """Counts every digest computation (integrations.passwords.compute_digest)."""
    calls = []
    real = passwords.compute_digest

    def counting(key, password):
        calls.append(1)
        return real(key, password)

    monkeypatch.setattr(passwords, "compute_digest", counting)
    return calls


@pytest.fixture
def clock(monkeypatch):
    """A frozen `timezone.now()`; move it with `clock.now = ...`."""

    class Clock:
        now = timezone.now()

    monkeypatch.setattr(timezone, "now", lambda: Clock.now)
    return Clock


def authenticate(integration, password, orgnr=VENDOR_ORGNR):
    return integration_authenticate(integration_id=str(integration.pk), password=password, consumer_orgnr=orgnr)


def test_stored_form_is_a_keyed_digest_under_the_newest_pepper(settings, admin_ctx, integration):
    settings.INTEGRATION_PASSWORD_PEPPERS = {1: PEPPER_1, 2: PEPPER_2}
    password = integration_password_rotate(admin_ctx, integration=integration)
    integration.refresh_from_db()
    scheme, pepper_id, digest = integration.password_digest.split("$")
    assert (scheme, pepper_id) == ("hmac-sha256", "2")
    assert password not in integration.password_digest
    # Without the server-side key the digest cannot be reproduced: another key gives another digest.
    assert digest != passwords.compute_digest(PEPPER_1.encode(), password)
    assert authenticate(integration, password) == integration


def test_a_digest_made_with_an_older_pepper_still_works_and_is_moved_to_the_newest(settings, admin_ctx, integration):
    settings.INTEGRATION_PASSWORD_PEPPERS = {1: PEPPER_1}
    password = integration_password_rotate(admin_ctx, integration=integration)
    settings.INTEGRATION_PASSWORD_PEPPERS = {1: PEPPER_1, 2: PEPPER_2}
    assert authenticate(integration, password) == integration
    integration.refresh_from_db()
    assert integration.password_digest.startswith("hmac-sha256$2$")
    assert authenticate(integration, password) == integration


def test_a_removed_pepper_no_longer_verifies(settings, admin_ctx, integration):
    settings.INTEGRATION_PASSWORD_PEPPERS = {1: PEPPER_1}
    password = integration_password_rotate(admin_ctx, integration=integration)
    settings.INTEGRATION_PASSWORD_PEPPERS = {2: PEPPER_2}
    assert authenticate(integration, password) is None


def test_legacy_django_hash_works_once_and_is_replaced_by_a_keyed_digest(integration):
    """Passwords stored before the keyed digest (PBKDF2 hashes) move over on the next successful call."""
    password = "legacy-password-from-before-the-digest-AAAAAAAAA"
    legacy = make_password(password)  # the Django hasher of the settings (PBKDF2 in production)
    Integration.objects.filter(pk=integration.pk).update(password_digest=legacy, password_set_at=timezone.now())
    assert authenticate(integration, "wrong") is None
    integration.refresh_from_db()
    assert integration.password_digest == legacy  # a failure changes nothing
    assert authenticate(integration, password) == integration
    integration.refresh_from_db()
    assert integration.password_digest.startswith("hmac-sha256$")
    assert password not in integration.password_digest
    assert authenticate(integration, password) == integration
    assert authenticate(integration, "wrong") is None


@pytest.mark.parametrize("case", ["right", "wrong", "unknown_id", "malformed_id", "no_password_yet",
                                  "other_orgnr", "inactive"])
def test_every_outcome_costs_the_same_number_of_digest_computations(admin_ctx, integration, digest_counter, case):
    password = integration_password_rotate(admin_ctx, integration=integration)
    integration_id, orgnr, sent = str(integration.pk), VENDOR_ORGNR, password
    if case == "wrong":
        sent = password[:-1] + ("A" if password[-1] != "A" else "B")
    elif case == "unknown_id":
        integration_id = str(uuid.uuid4())
    elif case == "malformed_id":
        integration_id = "not-a-uuid"
    elif case == "no_password_yet":
        Integration.objects.filter(pk=integration.pk).update(password_digest="")
    elif case == "other_orgnr":
        orgnr = "123456785"
    elif case == "inactive":
        integration_deactivate(admin_ctx, integration=integration)
    digest_counter.clear()
    result = integration_authenticate(integration_id=integration_id, password=sent, consumer_orgnr=orgnr)
    assert (result is not None) == (case == "right")
    assert len(digest_counter) == passwords.DIGESTS_PER_CHECK


def test_rotation_keeps_the_old_password_for_30_minutes_by_default(admin_ctx, integration, clock):
    first = integration_password_rotate(admin_ctx, integration=integration)
    first_set = clock.now
    clock.now += datetime.timedelta(hours=1)
    second = integration_password_rotate(admin_ctx, integration=integration)
    integration.refresh_from_db()
    assert integration.password_set_at == clock.now
    assert integration.previous_password_set_at == first_set
    assert integration.previous_password_expires_at == clock.now + datetime.timedelta(minutes=30)
    assert authenticate(integration, first) == integration
    assert authenticate(integration, second) == integration
    clock.now += datetime.timedelta(minutes=29, seconds=59)
    assert authenticate(integration, first) == integration
    clock.now += datetime.timedelta(seconds=1)
    assert authenticate(integration, first) is None
    assert authenticate(integration, second) == integration


@pytest.mark.parametrize("minutes", [0, 1, 24 * 60])
def test_overlap_is_configurable_per_rotation(admin_ctx, integration, clock, minutes):
    first = integration_password_rotate(admin_ctx, integration=integration)
    integration_password_rotate(admin_ctx, integration=integration, overlap_minutes=minutes)
    clock.now += datetime.timedelta(minutes=minutes) - datetime.timedelta(seconds=1)
    assert (authenticate(integration, first) is not None) == (minutes > 0)
    clock.now += datetime.timedelta(seconds=1)
    assert authenticate(integration, first) is None
    events = AuditEvent.objects.filter(action="integration.password_rotate")
    assert sorted(e.after["overlap_minutes"] for e in events) == sorted([30, minutes])  # the first used the default
    assert all(first not in str(e.after) and "hmac" not in str(e.after) + str(e.before) for e in events)


@pytest.mark.parametrize("minutes", [-1, 24 * 60 + 1, 1.5, "30", True])
def test_overlap_outside_0_to_24_hours_is_a_field_error_and_changes_nothing(admin_ctx, integration, minutes):
    password = integration_password_rotate(admin_ctx, integration=integration)
    with pytest.raises(ValidationError) as exc:
        integration_password_rotate(admin_ctx, integration=integration, overlap_minutes=minutes)
    assert "overlap_minutes" in exc.value.message_dict
    integration.refresh_from_db()
    assert authenticate(integration, password) == integration
    assert integration.previous_password_digest == ""


def test_only_the_newest_old_password_overlaps(admin_ctx, integration):
    first = integration_password_rotate(admin_ctx, integration=integration)
    second = integration_password_rotate(admin_ctx, integration=integration)
    third = integration_password_rotate(admin_ctx, integration=integration)
    assert authenticate(integration, first) is None
    assert authenticate(integration, second) == integration
    assert authenticate(integration, third) == integration


def test_ending_the_previous_password_stops_it_at_once_and_is_audited(admin_ctx, integration):
    first = integration_password_rotate(admin_ctx, integration=integration)
    second = integration_password_rotate(admin_ctx, integration=integration)
    version = Integration.objects.get(pk=integration.pk).version
    updated = integration_password_end_previous(admin_ctx, integration=integration)
    assert updated.version == version + 1
    assert authenticate(integration, first) is None
    assert authenticate(integration, second) == integration
    integration.refresh_from_db()
    assert integration.previous_password_expires_at is None and integration.previous_password_digest == ""
    event = AuditEvent.objects.get(action="integration.password_end_previous")
    assert event.before["previous_password_expires_at"] and event.after["previous_password_expires_at"] is None
    integration_password_end_previous(admin_ctx, integration=integration)  # idempotent: nothing more
    assert AuditEvent.objects.filter(action="integration.password_end_previous").count() == 1


def test_password_services_check_the_right_to_change(nobody_ctx, integration):
    from django.core.exceptions import PermissionDenied

    for service in (integration_password_rotate, integration_password_end_previous, integration_deactivate,
                    integration_reactivate):
        with pytest.raises(PermissionDenied):
            service(nobody_ctx, integration=integration)


def test_deactivation_stops_calls_at_once_keeps_grants_and_is_audited(admin_ctx, integration):
    from authz.models import Grant, Privilege
    from authz.selectors import root_resource
    from authz.services import grant_create

    password = integration_password_rotate(admin_ctx, integration=integration)
    grant_create(admin_ctx, privilege=Privilege.objects.get(code="MINSIDE_SOK.INDEX"),
                 resource=root_resource(integration.organization), integration=integration)
    integration_deactivate(admin_ctx, integration=integration)
    assert authenticate(integration, password) is None
    assert Grant.objects.filter(integration=integration).count() == 1
    integration_deactivate(admin_ctx, integration=integration)  # idempotent
    integration_reactivate(admin_ctx, integration=integration)
    assert authenticate(integration, password) == integration
    actions = list(AuditEvent.objects.filter(target_id=str(integration.pk)).order_by("time")
                   .values_list("action", flat=True))
    assert actions.count("integration.deactivate") == 1 and actions[-1] == "integration.reactivate"
