"""Every list endpoint makes the same number of database queries for 1 and for 50 objects (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from authz.models import Privilege, Service
from authz.selectors import root_resource
from authz.services import delegation_create, grant_create, organization_create
from integrations.services import global_integration_create, integration_create
from tests.api.conftest import make_orgnr
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, SYSTEM, VENDOR_ORGNR

DEMO = f"organizations/{DEMO_ORGNR}"


def add_organizations(ctx, org, start, stop):
    for i in range(start, stop):
        organization_create(SYSTEM, orgnr=make_orgnr(i), name=f"Kommune {i}", first_admin_pid=DEMO_ADMIN_PID)


def add_integrations(ctx, org, start, stop):
    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    for i in range(start, stop):
        integration = integration_create(ctx, organization=org, name=f"Integrasjon {i}", authorized_orgnr=VENDOR_ORGNR)
        grant_create(ctx, privilege=index, resource=root_resource(org), integration=integration)


def add_catalogue(ctx, org, start, stop):
    for i in range(start, stop):
        service = Service.objects.create(code=f"TEST_{i}", name=f"Test {i}")
        Privilege.objects.create(code=f"TEST_{i}.USE", name=f"Bruk {i}", service=service, for_integrations=True)


def add_global_integrations(ctx, org, start, stop):
    privileges = list(Privilege.objects.filter(code__in=["MINSIDE_SOK.INDEX", "SVARUT.SEND"]))
    for i in range(start, stop):
        global_integration_create(SYSTEM, code=f"GLOBAL_{i}", name=f"Global {i}", authorized_orgnr=VENDOR_ORGNR,
                                  requested_privileges=privileges)


def add_delegations(ctx, org, start, stop):
    service = Service.objects.get(code="MINSIDE_SOK")
    for i in range(start, stop):
        delegation_create(ctx, represented=DEMO_ORGNR, representative=make_orgnr(i), service=service)


CASES = [
    ("organizations/", add_organizations),
    ("services/", add_catalogue),
    ("privileges/", add_catalogue),
    (f"{DEMO}/integrations/", add_integrations),
    (f"{DEMO}/integrations/?service=MINSIDE_SOK&name=integrasjon", add_integrations),
    (f"{DEMO}/grants/", add_integrations),
    ("global-integrations/", add_global_integrations),
    ("delegations/", add_delegations),
    (f"{DEMO}/audit-events/", add_integrations),
    ("me/", add_organizations),  # the caller's privileges: ADMIN in each new organization
]


def count_queries(api, path) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        r = api.get(path)
    assert r.status_code == 200, r.content
    return len(queries), r.json()


@pytest.mark.parametrize(("path", "add"), CASES, ids=[c[0] for c in CASES])
def test_same_number_of_queries_for_1_and_50_objects(admin_api, admin_ctx, demo_org, path, add):
    add(admin_ctx, demo_org, 0, 1)
    admin_api.get(path)  # warm caches (JWKS keys, content types) so both measurements see the same work
    one, body_one = count_queries(admin_api, path)
    add(admin_ctx, demo_org, 1, 50)
    fifty, body_fifty = count_queries(admin_api, path)
    if "results" in body_one:
        assert body_fifty["count"] >= body_one["count"] + 49
    else:
        assert len(body_fifty["privileges"]) == len(body_one["privileges"]) + 49
    assert fifty == one
