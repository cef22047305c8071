"""A delegation restricted to another service does not let the representative act in this API."""

from __future__ import annotations

import pytest

from authz.models import AuditEvent, Service
from authz.services import delegation_create
from tests.api.conftest import problem
from tests.conftest import DEMO_ORGNR, SYSTEM, VENDOR_ORGNR


@pytest.mark.parametrize("service, allowed", [("MINSIDE_SOK", False), ("SVARUT", False), ("KONFIG", True),
                                              (None, True)])
def test_service_restricted_delegation(integration_api, service, allowed):
    delegation_create(SYSTEM, represented=DEMO_ORGNR, representative=VENDOR_ORGNR,
                      service=Service.objects.get(code=service) if service else None)
    integration_api.on_behalf_of = DEMO_ORGNR
    integration_id = integration_api.headers["HTTP_INTEGRASJONID"]
    r = integration_api.patch(f"organizations/{DEMO_ORGNR}/integrations/{integration_id}/", {"description": "x"})
    if allowed:
        assert r.status_code == 200
        assert AuditEvent.objects.filter(action="integration.update", on_behalf_of=DEMO_ORGNR).exists()
    else:
        assert r.status_code == 403
        assert problem(r)["code"] == "on_behalf_of_not_delegated"
        assert not AuditEvent.objects.filter(action="integration.update").exists()
