"""Every list endpoint makes the same number of database queries for 1 and for 50 objects (no N+1); single-object
reads and decisions cost a fixed number of queries however large the data; API reads run without a transaction."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.devissuer import mint_token
from authz.models import Privilege, Service
from authz.selectors import root_resource
from authz.services import delegation_create, grant_create, organization_create
from integrations.models import Integration
from integrations.services import global_integration_create, integration_create
from tests.api.conftest import Api, make_orgnr
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
    """The first call after the data changed (per-process caches read afresh) and a repeated call each cost the
    same with 1 and with 50 objects."""
    admin_api.get(path)  # warm caches (JWKS keys, content types) so both measurements see the same work
    add(admin_ctx, demo_org, 0, 1)
    first_one, _body = count_queries(admin_api, path)
    one, body_one = count_queries(admin_api, path)
    add(admin_ctx, demo_org, 1, 50)
    first_fifty, _body = count_queries(admin_api, path)
    fifty, body_fifty = count_queries(admin_api, path)
    if "results" in body_one:
        assert body_fifty["count"] >= body_one["count"] + 49
    else:
        assert len(body_fifty["privileges"]) == len(body_one["privileges"]) + 49
    assert (first_fifty, fifty) == (first_one, one)


# --- single objects and the integration caller (issue 6: the same cost in a small and a large dataset) ---------


def _grow(ctx, org, start, stop):
    """More of everything a lookup could scan: organizations, integrations with grants, delegations."""
    add_organizations(ctx, org, start, stop)
    add_integrations(ctx, org, start, stop)
    add_delegations(ctx, org, start, stop)


def sql_of(api, method, path, data=None) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        r = getattr(api, method)(path, data) if data is not None else getattr(api, method)(path)
    assert r.status_code == 200, r.content
    return [q["sql"] for q in queries.captured_queries]


def data_queries(sql: list[str]) -> list[str]:
    """The queries that read or write data (test transactions make savepoints of any request transaction)."""
    return [q for q in sql if "SAVEPOINT" not in q]


@pytest.mark.parametrize(("caller", "path", "first", "repeated"), [
    # the integration's own row and its grants are remembered per process (under its version counter), and
    # growing the organization changes neither
    ("integration", "me/", 0, 0),
    # after a change in the organization, whether it may change the organization
    # (`organization_access`) and the integration through `integrations_for` (the change rule included); a
    # repeated read uses both as remembered under their version counters
    ("integration", f"{DEMO}/integrations/<id>/", 2, 0),
    # the same with the administrator's person (its grants changed: remembered again) instead of the integration
    ("admin", f"{DEMO}/integrations/<id>/", 3, 0),
    # a Maskinporten token alone: nothing from the database
    ("vendor", "me/", 0, 0),
])
def test_single_object_reads_cost_the_same_in_a_large_dataset(request, admin_ctx, demo_org, vendor_integration,
                                                                caller, path, first, repeated):
    """The first read after the data grew (per-process caches read afresh) and a repeated read each cost as many
    queries in a small and in a large dataset."""
    api = request.getfixturevalue({"integration": "integration_api", "admin": "admin_api",
                                   "vendor": "vendor_api"}[caller])
    path = path.replace("<id>", str(vendor_integration[0].pk))
    api.get(path)  # warm the process caches (token, keys)
    _grow(admin_ctx, demo_org, 0, 1)
    first_small = data_queries(sql_of(api, "get", path))
    small = data_queries(sql_of(api, "get", path))
    _grow(admin_ctx, demo_org, 1, 50)
    first_large = data_queries(sql_of(api, "get", path))
    large = data_queries(sql_of(api, "get", path))
    assert (len(first_small), len(small)) == (len(first_large), len(large)) == (first, repeated), first_large


def test_a_repeated_decision_costs_the_same_in_a_large_dataset(admin_ctx, demo_org, vendor_integration, settings):
    settings.API_DECISION_ORGNRS = [VENDOR_ORGNR]
    platform = Api(mint_token(orgnr=VENDOR_ORGNR), VENDOR_ORGNR)
    body = {"actor": {"type": "integration", "integration_id": str(vendor_integration[0].pk)},
            "privilege": "KONFIG.CONFIGURE", "orgnr": DEMO_ORGNR}
    _grow(admin_ctx, demo_org, 0, 1)
    first = data_queries(sql_of(platform, "post", "decisions/", body))
    _grow(admin_ctx, demo_org, 1, 50)
    sql_of(platform, "post", "decisions/", body)  # the change above made the remembered answer stale
    again = data_queries(sql_of(platform, "post", "decisions/", body))
    assert first  # the first answer is computed from the database
    assert again == []  # a platform service's repeated question: no query at all


# --- the request transaction: writes in one, reads without ----------------------------------------------------


def test_an_api_read_runs_without_a_request_transaction(integration_api, vendor_integration):
    sql = sql_of(integration_api, "get", f"{DEMO}/integrations/{vendor_integration[0].pk}/")
    assert not [q for q in sql if "SAVEPOINT" in q]  # under the test's transaction a request's own shows as one


def test_an_api_write_runs_in_one_transaction_and_a_refused_one_leaves_nothing(admin_api, demo_org):
    with CaptureQueriesContext(connection) as queries:
        r = admin_api.post(f"{DEMO}/integrations/", {"name": "Ny", "authorized_orgnr": VENDOR_ORGNR})
    assert r.status_code == 201, r.content
    assert queries.captured_queries[0]["sql"].startswith("SAVEPOINT")
    assert queries.captured_queries[-1]["sql"].startswith("RELEASE SAVEPOINT")
    count = Integration.objects.count()
    r = admin_api.post(f"{DEMO}/integrations/", {"name": "", "authorized_orgnr": VENDOR_ORGNR})
    assert r.status_code == 400
    assert Integration.objects.count() == count
