"""The decisions endpoint must not be an oracle for who exists or for other organizations' integrations."""

from __future__ import annotations

import pytest

from authz.models import Person
from integrations.services import integration_create, integration_update
from tests.conftest import DEMO_ORGNR, OTHER_ADMIN_PID, OTHER_ORGNR, VENDOR_ORGNR

UNKNOWN_PID = "01818090001"  # synthetic, valid check digits, never used elsewhere in the tests


def _decide(api, actor: dict, privilege: str, orgnr: str) -> dict:
    r = api.post("decisions/", {"actor": actor, "privilege": privilege, "orgnr": orgnr})
    assert r.status_code == 200, r.content
    return r.json()


@pytest.mark.parametrize("privilege", ["KONFIG.CONFIGURE", "MINSIDE_SOK.SEARCH"])
def test_known_and_unknown_person_get_the_same_answer(other_admin_api, admin_ctx, privilege):
    from tests.conftest import DEMO_ADMIN_PID

    assert Person.objects.filter(pid=DEMO_ADMIN_PID).exists()
    assert not Person.objects.filter(pid=UNKNOWN_PID).exists()
    known = _decide(other_admin_api, {"type": "person", "pid": DEMO_ADMIN_PID}, privilege, OTHER_ORGNR)
    unknown = _decide(other_admin_api, {"type": "person", "pid": UNKNOWN_PID}, privilege, OTHER_ORGNR)
    assert known == unknown
    assert known["decision"] == "deny"


@pytest.mark.parametrize("privilege, active", [("ADMIN", True), ("MINSIDE_SOK.INDEX", False),
                                               ("ADMIN", False)])
def test_another_organizations_integration_looks_unknown(other_admin_api, admin_ctx, demo_org, privilege, active):
    # Demo kommune's integration, asked about by Testvik's administrator for Testvik.
    integration = integration_create(admin_ctx, organization=demo_org, name="Hemmelig", authorized_orgnr=VENDOR_ORGNR)
    if not active:
        integration_update(admin_ctx, integration=integration, is_active=False)
    foreign = _decide(other_admin_api, {"type": "integration", "integration_id": str(integration.pk)}, privilege,
                      OTHER_ORGNR)
    unknown = _decide(other_admin_api, {"type": "integration",
                                        "integration_id": "00000000-0000-4000-8000-000000000000"}, privilege,
                      OTHER_ORGNR)
    assert foreign == unknown
    assert foreign["code"] in ("no_grant", "actor_kind_not_allowed")


def test_own_inactive_integration_is_still_reported_as_inactive(admin_api, admin_ctx, demo_org):
    integration = integration_create(admin_ctx, organization=demo_org, name="Av", authorized_orgnr=VENDOR_ORGNR)
    integration_update(admin_ctx, integration=integration, is_active=False)
    answer = _decide(admin_api, {"type": "integration", "integration_id": str(integration.pk)},
                     "MINSIDE_SOK.INDEX", DEMO_ORGNR)
    assert answer["code"] == "inactive_integration"


def test_other_organization_is_still_404(other_admin_api, demo_org):
    r = other_admin_api.post("decisions/", {"actor": {"type": "person", "pid": OTHER_ADMIN_PID},
                                            "privilege": "ADMIN", "orgnr": DEMO_ORGNR})
    assert r.status_code == 404
