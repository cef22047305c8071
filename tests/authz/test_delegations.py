"""Delegations (fullmakter): idempotent creation held by the database, and every bad input refused whole."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from authz.models import AuditEvent, Delegation, Service
from authz.services import delegation_create, delegation_revoke
from tests.conftest import DEMO_ORGNR, VENDOR_ORGNR


def _count(**lookup) -> tuple[int, int]:
    """(delegation rows, delegation.create audit events)."""
    return Delegation.objects.filter(**lookup).count(), AuditEvent.objects.filter(action="delegation.create").count()


def test_identical_create_returns_the_existing_delegation(admin_ctx):
    end = timezone.now() + datetime.timedelta(days=30)
    first, created = delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR, valid_to=end)
    again, created_again = delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR,
                                             valid_to=end)
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert _count() == (1, 1)


def test_different_service_or_end_is_another_delegation(admin_ctx):
    svarut = Service.objects.get(code="SVARUT")
    delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR)
    _d, created_service = delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR,
                                            service=svarut)
    _d, created_end = delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR,
                                        valid_to=timezone.now() + datetime.timedelta(days=1))
    assert (created_service, created_end) == (True, True)
    assert _count() == (3, 3)


def test_revoked_delegation_can_be_given_again(admin_ctx):
    first, _created = delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR)
    delegation_revoke(admin_ctx, delegation=first)
    second, created = delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR)
    assert created and second.pk != first.pk
    assert Delegation.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_future_identical_delegation_is_a_conflict_not_a_silent_answer(admin_ctx):
    start = timezone.now() + datetime.timedelta(days=3)
    delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR, valid_from=start)
    with pytest.raises(ValidationError) as raised:
        delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR)
    assert list(raised.value.message_dict) == ["valid_from"]
    _same, created = delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR,
                                       valid_from=start)
    assert not created
    assert _count() == (1, 1)


def test_the_database_refuses_a_second_identical_unrevoked_row(admin_ctx):
    """The constraint itself, without the service's lookup: also with NULL service and NULL end."""
    now = timezone.now()
    Delegation.objects.create(represented=DEMO_ORGNR, representative=VENDOR_ORGNR, valid_from=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delegation.objects.create(represented=DEMO_ORGNR, representative=VENDOR_ORGNR,
                                  valid_from=now + datetime.timedelta(seconds=1))


@pytest.mark.parametrize(("changes", "field"), [
    ({"representative": DEMO_ORGNR}, "representative"),
    ({"valid_to": "past"}, "valid_to"),
    ({"valid_from": "later", "valid_to": "sooner"}, "valid_to"),
    ({"representative": "123456789"}, "representative"),
    ({"representative": "15108695077"}, "representative"),
])
def test_bad_delegations_are_field_errors_and_write_nothing(admin_ctx, changes, field):
    now = timezone.now()
    moments = {"past": now - datetime.timedelta(minutes=1), "later": now + datetime.timedelta(days=5),
               "sooner": now + datetime.timedelta(days=4)}
    values = {"represented": DEMO_ORGNR, "representative": VENDOR_ORGNR}
    values.update({key: moments.get(value, value) for key, value in changes.items()})
    with pytest.raises(ValidationError) as raised:
        delegation_create(admin_ctx, **values)
    assert field in raised.value.message_dict
    assert _count() == (0, 0)
