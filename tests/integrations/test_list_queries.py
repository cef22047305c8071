"""The integration lists (API and web page) cost the same for a large dataset as for a small one.

Issue 6 item 7: a constant number of queries, an index that fits the filter and the ordering, and a count that
does not group every integration of the organization with its grants.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.devissuer import mint_token
from authz.models import Privilege
from authz.selectors import root_resource
from authz.services import grant_create, person_get_or_create
from bench import dataset
from integrations.selectors import integrations_for
from integrations.services import integration_create
from tests.api.conftest import Api
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, VENDOR_ORGNR
from tests.portal.conftest import user_for

API_LIST = f"organizations/{DEMO_ORGNR}/integrations/"
WEB_LIST = f"/org/{DEMO_ORGNR}/"


@pytest.fixture
def admin_api(demo_org):
    """Demo kommune's administrator calling the API with an ID-porten token."""
    return Api(mint_token(kind="idporten", pid=DEMO_ADMIN_PID), DEMO_ADMIN_PID)


@pytest.fixture
def admin_web(client, demo_org):
    """Demo kommune's administrator logged in to the web UI."""
    client.force_login(user_for(person_get_or_create(pid=DEMO_ADMIN_PID)))
    return client


def add_integrations(ctx, org, start, stop):
    """Integrations "Integrasjon NN" with MINSIDE_SOK.INDEX; every fifth also KONFIG.CONFIGURE (two grants)."""
    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    configure = Privilege.objects.get(code="KONFIG.CONFIGURE")
    for i in range(start, stop):
        integration = integration_create(ctx, organization=org, name=f"Integrasjon {i:02d}",
                                         authorized_orgnr=VENDOR_ORGNR)
        grant_create(ctx, privilege=index, resource=root_resource(org), integration=integration)
        if i % 5 == 0:
            grant_create(ctx, privilege=configure, resource=root_resource(org), integration=integration)


def measure(call):
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200
    return len(queries), response, [q["sql"] for q in queries]


def test_lists_make_as_many_queries_for_a_large_dataset_as_for_a_small_one(admin_api, admin_web, admin_ctx,
                                                                          demo_org):
    admin_api.get(API_LIST)  # warm caches (signing keys, content types) so both measurements do the same work
    admin_web.get(WEB_LIST)
    add_integrations(admin_ctx, demo_org, 0, 2)
    # The API's first read after a change reads the database; a repeated one uses what the process remembered.
    first_small_api, _body, _sql = measure(lambda: admin_api.get(API_LIST))
    small_api, small_body, _sql = measure(lambda: admin_api.get(API_LIST))
    small_web, _page, _sql = measure(lambda: admin_web.get(WEB_LIST))
    assert small_body.json()["count"] == 2

    add_integrations(admin_ctx, demo_org, 2, 60)
    dataset.build(organizations=20, integrations_per_organization=10, target_integrations=30)
    first_large_api, first_large_body, api_sql = measure(lambda: admin_api.get(API_LIST))
    large_api, large_body, _sql = measure(lambda: admin_api.get(API_LIST))
    large_web, large_page, web_sql = measure(lambda: admin_web.get(WEB_LIST))

    assert (first_large_api, large_api) == (first_small_api, small_api)
    assert large_body.json() == first_large_body.json()
    assert large_web == small_web
    assert large_body.json()["count"] == 60
    assert len(large_body.json()["results"]) == 50
    counts = {row["name"]: row["grant_count"] for row in large_body.json()["results"]}
    assert counts["Integrasjon 00"] == 2
    assert counts["Integrasjon 01"] == 1
    assert counts["Integrasjon 05"] == 2
    text = large_page.content.decode()
    assert "60 integrasjoner" in text
    assert "Integrasjon 24" in text  # page 1 holds 25 (INTEGRATIONS_PER_PAGE) of them, not page 2's
    assert "Integrasjon 25" not in text
    # The page's count is a plain COUNT over the organization's integrations, not over a grouped join with grants.
    for sql in (api_sql, web_sql):
        count_sql = next(q for q in sql if q.startswith("SELECT COUNT(*)"))
        assert "GROUP BY" not in count_sql


@pytest.mark.parametrize("ordering", [("name", "id"), ("name",)], ids=["api", "web"])
def test_list_page_is_read_in_order_from_the_index(admin_ctx, demo_org, ordering):
    """PostgreSQL reads one page in (organization, name, id) index order and stops at the limit: no sort of all."""
    if connection.vendor != "postgresql":
        pytest.skip("the index plan is PostgreSQL's")
    add_integrations(admin_ctx, demo_org, 0, 3)
    page = integrations_for(admin_ctx.actor, organization=demo_org).order_by(*ordering)[:50]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny test tables: judge the plan as for a large one
    plan = page.explain()
    assert "integration_org_name_idx" in plan
    assert "Sort" not in plan
