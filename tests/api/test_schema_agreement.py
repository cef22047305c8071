"""Issue 9 item 14: the committed schema states what the server accepts, and the server refuses what it forbids.

One test per disagreement Schemathesis found, plus their kind: paging on every list, the actor of grants and
decisions, unknown body fields on every input, `If-Match` on PATCH and DELETE, identifier patterns, filters.
tests/api/test_schemathesis.py runs Schemathesis itself with every check.
"""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from integrations.services import integration_create
from tests.api.conftest import problem
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, VENDOR_ORGNR

LISTS = ["organizations/", "services/", "privileges/", "global-integrations/", "delegations/",
         f"organizations/{DEMO_ORGNR}/integrations/", f"organizations/{DEMO_ORGNR}/grants/",
         f"organizations/{DEMO_ORGNR}/audit-events/"]


def _schema() -> dict:
    return yaml.safe_load((Path(settings.BASE_DIR) / "api" / "openapi.yaml").read_text(encoding="utf-8"))


# --- paging ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("query, bad", [
    ("offset=Z&limit=INF", {"offset", "limit"}), ("limit=0", {"limit"}), ("limit=201", {"limit"}),
    ("limit=-1", {"limit"}), ("offset=-1", {"offset"}), ("offset=1.5", {"offset"}), ("limit=%2B5", {"limit"}),
    ("limit=%205", {"limit"}), ("limit=", {"limit"}), ("offset=null", {"offset"}), ("offset=99999999999", {"offset"}),
    ("limit=5&limit=6", {"limit"}),
])
def test_malformed_paging_is_400_on_every_list(admin_api, path, query, bad):
    r = admin_api.get(f"{path}?{query}")
    assert r.status_code == 400, r.content
    assert problem(r)["code"] == "validation_error"
    assert problem(r)["errors"] and set(problem(r)["errors"]) <= bad


@pytest.mark.parametrize("path", LISTS)
def test_paging_in_range_is_served(admin_api, path):
    r = admin_api.get(f"{path}?limit=200&offset=0")
    assert r.status_code == 200
    assert admin_api.get(f"{path}?limit=1&offset=2147483647").json()["results"] == []


def test_schema_states_the_paging_ranges():
    for path, item in _schema()["paths"].items():
        params = {p["name"]: p["schema"] for p in item.get("get", {}).get("parameters", []) if p["in"] == "query"}
        if "limit" in params:
            assert (params["limit"]["minimum"], params["limit"]["maximum"]) == (1, 200), path
            assert (params["offset"]["minimum"], params["offset"]["maximum"]) == (0, 2**31 - 1), path


# --- actors: a discriminated oneOf ------------------------------------------------------------------------------


@pytest.mark.parametrize("actor, field", [
    ({"type": "person", "pid": DEMO_ADMIN_PID, "integration_id": "457e9fe2-aa90-5ea5-9c17-6463c1e43d43"},
     "actor.integration_id"),
    ({"type": "person", "integration_id": "457e9fe2-aa90-5ea5-9c17-6463c1e43d43"}, "actor.integration_id"),
    ({"type": "person"}, "actor.pid"),
    ({"type": "integration", "pid": DEMO_ADMIN_PID}, "actor.pid"),
    ({"type": "integration"}, "actor.integration_id"),
    ({"type": "robot", "pid": DEMO_ADMIN_PID}, "actor.type"),
    ({"pid": DEMO_ADMIN_PID}, "actor.type"),
    ("person", "actor"),
])
def test_actor_takes_exactly_the_fields_of_its_type(admin_api, actor, field):
    for path, body in ((f"organizations/{DEMO_ORGNR}/grants/", {"actor": actor, "privilege": "ADMIN"}),
                       ("decisions/", {"actor": actor, "privilege": "ADMIN", "orgnr": DEMO_ORGNR})):
        r = admin_api.post(path, body)
        assert r.status_code == 400, (path, r.content)
        assert field in problem(r)["errors"], (path, problem(r))


def test_schema_describes_actor_types_as_discriminated_one_of():
    schemas = _schema()["components"]["schemas"]
    actor = schemas["ActorRefInput"]
    assert actor["discriminator"]["propertyName"] == "type"
    assert set(actor["discriminator"]["mapping"]) == {"person", "integration"}
    assert set(schemas["PersonActorInput"]["properties"]) == {"type", "pid"}
    assert set(schemas["IntegrationActorInput"]["properties"]) == {"type", "integration_id"}
    assert schemas["PersonActorInput"]["properties"]["pid"]["pattern"] == "^[0-9]{11}$"


# --- unknown body fields ------------------------------------------------------------------------------------------


def test_every_input_component_forbids_unknown_fields():
    inputs = {name: c for name, c in _schema()["components"]["schemas"].items() if name.endswith("Input")}
    assert len(inputs) >= 8
    for name, component in inputs.items():
        if "oneOf" not in component:
            assert component["additionalProperties"] is False, name


@pytest.mark.parametrize("path, body", [
    (f"organizations/{DEMO_ORGNR}/integrations/", {"name": "X", "authorized_orgnr": VENDOR_ORGNR}),
    ("delegations/", {"represented": DEMO_ADMIN_PID, "representative": VENDOR_ORGNR}),
    ("decisions/", {"actor": {"type": "person", "pid": DEMO_ADMIN_PID}, "privilege": "ADMIN", "orgnr": DEMO_ORGNR}),
])
def test_unknown_body_fields_are_refused(admin_api, path, body):
    r = admin_api.post(path, body | {"extra": 1})
    assert r.status_code == 400
    assert problem(r)["errors"]["extra"] == ["Ukjent felt."]


# --- list lengths --------------------------------------------------------------------------------------------------


def test_every_input_list_states_its_length_limits():
    """The server refuses an empty batch and one over 100 (tests/api/test_decisions_fast.py); the schema says so,
    for every array in a request body, so a schema-valid list is never refused for its length."""
    arrays = {(name, field): prop for name, c in _schema()["components"]["schemas"].items() if name.endswith("Input")
              for field, prop in c.get("properties", {}).items() if prop.get("type") == "array"}
    assert ("DecisionBatchInput", "questions") in arrays
    for key, prop in arrays.items():
        assert prop.get("minItems", 0) >= 1 and "maxItems" in prop, key
    assert (arrays["DecisionBatchInput", "questions"]["minItems"],
            arrays["DecisionBatchInput", "questions"]["maxItems"]) == (1, 100)


@pytest.mark.parametrize("kwargs, limits", [
    ({"allow_empty": False, "max_length": 100}, (1, 100)),
    ({"min_length": 3}, (3, None)),
    ({}, (None, None)),
])
def test_list_serializer_limits_reach_the_schema(kwargs, limits):
    """`PortalAutoSchema` states a `many=True` serializer's or a `ListField`'s length limits as minItems/maxItems."""
    from django.urls import path
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.utils import extend_schema
    from rest_framework import serializers
    from rest_framework.views import APIView

    from api.schema import PortalAutoSchema

    class LimitsItem(serializers.Serializer):
        code = serializers.CharField()

    class LimitsInput(serializers.Serializer):
        items = LimitsItem(many=True, **kwargs)
        codes = serializers.ListField(child=serializers.CharField(), **kwargs)

    class LimitsView(APIView):
        schema = PortalAutoSchema()

        @extend_schema(request=LimitsInput, responses={204: None})
        def post(self, request):
            raise AssertionError("never called")

    generated = SchemaGenerator(patterns=[path("api/v1/limits/", LimitsView.as_view())]).get_schema(public=True)
    properties = generated["components"]["schemas"]["LimitsInput"]["properties"]
    for name in ("items", "codes"):
        assert (properties[name].get("minItems"), properties[name].get("maxItems")) == limits, (name, properties)


# --- If-Match -------------------------------------------------------------------------------------------------------


@pytest.fixture
def integration(admin_ctx, demo_org):
    return integration_create(admin_ctx, organization=demo_org, name="Arkiv", authorized_orgnr=VENDOR_ORGNR)


@pytest.mark.parametrize("value", ["", " ", "1", "abc", '"1', '"1",', "*, \"1\"", 'W/ "1"'])
def test_malformed_if_match_is_400_on_patch_and_delete(admin_api, integration, value):
    path = f"organizations/{DEMO_ORGNR}/integrations/{integration.pk}/"
    for r in (admin_api.patch(path, {"description": "x"}, HTTP_IF_MATCH=value),
              admin_api.delete(path, HTTP_IF_MATCH=value)):
        assert r.status_code == 400
        assert problem(r)["code"] == "invalid_if_match"
    integration.refresh_from_db()
    assert integration.description == ""


@pytest.mark.parametrize("value, status", [('"1"', 200), ('"7", "1"', 200), ('W/"1"', 412), ('"2"', 412),
                                           ("*", 200)])
def test_well_formed_if_match_is_compared(admin_api, integration, value, status):
    path = f"organizations/{DEMO_ORGNR}/integrations/{integration.pk}/"
    assert admin_api.patch(path, {"description": "x"}, HTTP_IF_MATCH=value).status_code == status


def test_schema_states_the_if_match_syntax():
    operation = _schema()["paths"]["/api/v1/organizations/{orgnr}/integrations/{id}/"]["patch"]
    header = next(p for p in operation["parameters"] if p["name"] == "If-Match")
    assert header["schema"]["pattern"].startswith("^(\\*|")


# --- filters ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query, status", [
    ("since=2026-01-31T00:00:00Z", 200), ("since=9426-07-12t20:05:09.632592z", 200),
    ("since=2026-01-31T00:00:00%2B01:00", 200),
    ("since=0001-01-01T00:00:00%2B05:00", 200), ("until=9999-12-31T23:59:59-05:00", 200),
    ("since=2026-01-31", 400), ("since=2026-01-31T00:00", 400), ("since=yesterday", 400),
    ("actor=" + "x" * 201, 400), ("action=" + "x" * 81, 400),
])
def test_audit_event_filters_follow_the_schema(admin_api, demo_org, query, status):
    assert admin_api.get(f"organizations/{DEMO_ORGNR}/audit-events/?{query}").status_code == status


@pytest.mark.parametrize("query, status", [
    ("authorized_orgnr=123456789", 200), ("authorized_orgnr=12345678", 400), ("authorized_orgnr=abcdefghi", 400),
    ("service=NO_SUCH", 200), ("service=" + "S" * 51, 400), ("name=" + "n" * 101, 400),
])
def test_integration_filters_follow_the_schema(admin_api, demo_org, query, status):
    assert admin_api.get(f"organizations/{DEMO_ORGNR}/integrations/?{query}").status_code == status
