"""POST /api/v1/delegations/: 201 for a new delegation, 200 for the identical existing one, held by the database
against concurrent requests; bad input is a 400 naming the field, nothing written."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from api.devissuer import mint_token
from authz.models import AuditEvent, Delegation
from tests.api.conftest import Api
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, VENDOR_ORGNR


def _count() -> tuple[int, int]:
    """(delegation rows, delegation.create audit events)."""
    return Delegation.objects.count(), AuditEvent.objects.filter(action="delegation.create").count()


def test_api_answers_201_then_200_for_the_same_delegation(admin_api):
    body = {"represented": DEMO_ORGNR, "representative": VENDOR_ORGNR, "service": "SVARUT"}
    first = admin_api.post("delegations/", body)
    second = admin_api.post("delegations/", body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert _count() == (1, 1)


@pytest.mark.parametrize(("body", "field"), [
    ({"representative": DEMO_ORGNR}, "representative"),
    ({"valid_to": "2020-01-01T00:00:00Z"}, "valid_to"),
    ({"valid_from": "2099-02-01T00:00:00Z", "valid_to": "2099-01-01T00:00:00Z"}, "valid_to"),
    ({"service": "NO_SUCH_SERVICE"}, "service"),
])
def test_api_bad_delegations_name_the_field(admin_api, body, field):
    r = admin_api.post("delegations/", {"represented": DEMO_ORGNR, "representative": VENDOR_ORGNR, **body})
    assert r.status_code == 400, r.content
    assert field in str(r.json())
    assert _count() == (0, 0)


@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_identical_posts_make_one_row(demo_org):
    """Eight threads POST the same delegation at once (PostgreSQL: real concurrency); one row, one event."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes writers; the race needs PostgreSQL (CI runs it there)")
    token = mint_token(kind="idporten", pid=DEMO_ADMIN_PID)
    body = {"represented": DEMO_ORGNR, "representative": VENDOR_ORGNR, "valid_to": "2099-01-01T00:00:00Z"}
    barrier = threading.Barrier(8)
    statuses: list[int] = []

    def post() -> None:
        try:
            api = Api(token, DEMO_ADMIN_PID)
            barrier.wait()
            statuses.append(api.post("delegations/", body).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 7 + [201]
    assert _count() == (1, 1)
