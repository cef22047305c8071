"""GET /api/v1/me/ built directly (api/views.py `me_document`): the same body as the schema's `MeOutput`, and the
caller's own privileges remembered per process only while its grants are unchanged (issue 6)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api import serializers as s
from api.views import me_document
from authz.context import Actor, Context
from authz.models import Grant, Person, Privilege
from authz.selectors import root_resource
from authz.services import grant_create, grant_revoke
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, NOBODY_PID, VENDOR_ORGNR


class _Token:
    consumer_orgnr, supplier_orgnr, delegation_source, scopes = VENDOR_ORGNR, "", None, {"ks", "b"}


def _ctx(actor, party, **extra) -> Context:
    return Context(actor=actor, channel="api", on_behalf_of=party, extra=extra)


@pytest.mark.parametrize("kind", ["person", "unsaved person", "integration", "global integration", "organization"])
def test_the_document_is_what_the_schema_serializer_renders(kind, demo_org, vendor_integration):
    integration, _password = vendor_integration
    if kind == "person":
        actor, party = Actor.for_person(Person.objects.get(pid=DEMO_ADMIN_PID)), DEMO_ADMIN_PID
    elif kind == "unsaved person":
        actor, party = Actor.for_person(Person(pid=NOBODY_PID)), NOBODY_PID
    elif kind == "integration":
        actor, party = Actor.for_integration(integration), VENDOR_ORGNR
    elif kind == "global integration":
        integration.organization = None
        actor, party = Actor.for_integration(integration), VENDOR_ORGNR
    else:
        actor, party = Actor.for_organization(VENDOR_ORGNR), DEMO_ORGNR
    ctx = _ctx(actor, party, delegated=kind == "organization")
    document = me_document(actor, _Token(), ctx)
    reference = dict(document, caller=dict(document["caller"],
                                           integration=actor.integration))  # MeOutput renders the object itself
    assert document == s.MeOutput(reference).data
    assert NOBODY_PID not in str(document) and DEMO_ADMIN_PID not in str(document)


def test_an_organization_caller_costs_no_query(vendor_api):
    vendor_api.get("me/")
    with CaptureQueriesContext(connection) as queries:
        body = vendor_api.get("me/").json()
    assert body["caller"]["type"] == "organization" and body["privileges"] == []
    assert len(queries) == 0


def test_a_repeated_call_reads_the_grants_once_and_a_revocation_shows_on_the_next(admin_ctx, integration_api,
                                                                                  vendor_integration, demo_org):
    integration, _password = vendor_integration
    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    grant, _ = grant_create(admin_ctx, privilege=index, resource=root_resource(demo_org), integration=integration)
    held = {p["privilege"] for p in integration_api.get("me/").json()["privileges"]}
    assert held == {"KONFIG.CONFIGURE", "MINSIDE_SOK.INDEX"}
    with CaptureQueriesContext(connection) as queries:
        integration_api.get("me/")
    assert not [q for q in queries.captured_queries if "authz_grant" in q["sql"]]
    grant_revoke(admin_ctx, grant=grant)
    held = {p["privilege"] for p in integration_api.get("me/").json()["privileges"]}
    assert held == {"KONFIG.CONFIGURE"}


def test_a_grant_given_on_another_server_shows_on_the_next_call(admin_api, demo_org):
    from authz import versions

    assert [p["privilege"] for p in admin_api.get("me/").json()["privileges"]] == ["ADMIN"]
    person = Person.objects.get(pid=DEMO_ADMIN_PID)
    Grant.objects.bulk_create([Grant(person=person, privilege=Privilege.objects.get(code="KONFIG.CONFIGURE"),
                                     resource=root_resource(demo_org))])  # no signal here: as on another server
    versions.bump(versions.actor_key("person", DEMO_ADMIN_PID))  # ... whose receiver bumps the shared counter
    assert sorted(p["privilege"] for p in admin_api.get("me/").json()["privileges"]) == ["ADMIN", "KONFIG.CONFIGURE"]
