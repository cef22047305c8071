"""The OpenAPI schema: valid, committed and fresh, bearer security and the API headers on every operation; the
Swagger UI served from local static files only (no CDN)."""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.test import Client

SCHEMA_FILE = Path(settings.BASE_DIR) / "api" / "openapi.yaml"
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema():
    return yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_committed_schema_is_fresh_and_valid(tmp_path, db):
    """Regenerate: fails when api/openapi.yaml is stale. Update it with
    `python manage.py spectacular --validate --fail-on-warn --file api/openapi.yaml`."""
    fresh = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(fresh))
    assert fresh.read_text(encoding="utf-8") == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "api/openapi.yaml is stale: python manage.py spectacular --validate --fail-on-warn --file api/openapi.yaml"
    )


def test_served_schema_equals_committed(db):
    r = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert r.status_code == 200
    assert yaml.safe_load(r.content) == yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))


def test_every_operation_has_bearer_security_and_the_api_headers(schema):
    scheme = schema["components"]["securitySchemes"]["accessToken"]
    assert (scheme["type"], scheme["scheme"], scheme["bearerFormat"]) == ("http", "bearer", "JWT")
    ops = list(operations(schema))
    assert len(ops) >= 20
    for path, method, operation in ops:
        assert operation["security"] == [{"accessToken": []}], (path, method)
        headers = {p["name"]: p for p in operation["parameters"] if p["in"] == "header"}
        assert headers["OnBehalfOf"]["required"] is True, (path, method)
        assert "IntegrasjonId" in headers, (path, method)
        assert "IntegrasjonPassord" in headers, (path, method)
        problem_ref = operation["responses"]["400"]["content"]["application/problem+json"]["schema"]["$ref"]
        assert problem_ref == "#/components/schemas/Problem"


def test_schema_covers_every_endpoint(schema):
    paths = set(schema["paths"])
    for expected in ["/api/v1/me/", "/api/v1/organizations/{orgnr}/integrations/{id}/password/",
                     "/api/v1/decisions/", "/api/v1/organizations/{orgnr}/audit-events/",
                     "/api/v1/organizations/{orgnr}/global-integrations/{code}/activation/",
                     "/api/v1/delegations/{id}/revoke/"]:
        assert expected in paths


def test_docs_use_only_local_static_files(db):
    r = Client().get("/api/docs/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "swagger-ui" in html
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert urls, html
    for url in urls:
        assert url.startswith(("/static/", "/api/")), url
    assert not any("://" in url or url.startswith("//") for url in urls)
    assert "cdn" not in html.lower()


TAGS = ("me", "organizations", "catalogue", "integrations", "grants", "global integrations", "delegations",
        "decisions", "audit")


def test_every_operation_has_an_english_summary_a_tag_and_says_who_may_call(schema):
    assert [t["name"] for t in schema["tags"]] == list(TAGS)
    for path, method, operation in operations(schema):
        summary = operation.get("summary", "")
        assert summary and len(summary) <= 80, (path, method, summary)
        assert not re.search("[æøåÆØÅ]", summary), (path, method, summary)
        assert len(operation["tags"]) == 1 and operation["tags"][0] in TAGS, (path, method, operation["tags"])
        assert "**Who may call:**" in operation["description"], (path, method)
        if path.startswith("/api/v1/organizations/{orgnr}/") and path != "/api/v1/organizations/{orgnr}/":
            # Configuration endpoints explain the right they need and what 404 and 403 mean.
            for needle in ("`ADMIN`", "`KONFIG.CONFIGURE`", "**404**", "**403**"):
                assert needle in operation["description"], (path, method, needle)


def test_component_descriptions_are_for_client_developers(schema):
    """No base-class docstring ("Base of every input serializer ...") stands in for a component's description."""
    for name, component in schema["components"]["schemas"].items():
        description = component.get("description", "")
        assert "Base of" not in description and "serializer" not in description.lower(), (name, description)
        if name.endswith("Input"):
            assert description, name


def test_grant_create_shows_examples_with_and_without_service(schema):
    operation = schema["paths"]["/api/v1/organizations/{orgnr}/grants/"]["post"]
    examples = operation["requestBody"]["content"]["application/json"]["examples"]
    bodies = [e["value"] for e in examples.values()]
    assert any(b["actor"]["type"] == "integration" and b.get("service") == "MINSIDE_SOK" for b in bodies)
    assert any(b["actor"]["type"] == "integration" and "service" not in b for b in bodies)
    assert any(b["actor"]["type"] == "person" for b in bodies)
    assert "whole organization" in operation["description"]
    assert "201" in operation["description"] and "200" in operation["description"]
    for path, method in [("/api/v1/organizations/{orgnr}/integrations/", "post"), ("/api/v1/delegations/", "post"),
                         ("/api/v1/decisions/", "post")]:
        assert schema["paths"][path][method]["requestBody"]["content"]["application/json"]["examples"], path
    decision = schema["paths"]["/api/v1/decisions/"]["post"]["responses"]["200"]["content"]["application/json"]
    assert {e["value"]["decision"] for e in decision["examples"].values()} == {"permit", "deny"}


def test_on_behalf_of_description_says_what_to_send(schema):
    header = next(p for p in schema["paths"]["/api/v1/me/"]["get"]["parameters"] if p["name"] == "OnBehalfOf")
    text = header["description"]
    for needle in ("your own", "`pid`", "`consumer`", "IntegrasjonId", "`authorized_orgnr`", "delegation"):
        assert needle in text, needle


def test_catalogue_explains_organization_wide_privileges(schema):
    services = schema["paths"]["/api/v1/services/"]["get"]["description"]
    privileges = schema["paths"]["/api/v1/privileges/"]["get"]["description"]
    assert "`service: null`" in services and "KONFIG.CONFIGURE" in services
    assert "`service: null`" in privileges


def test_submitted_examples_are_accepted_by_the_api(db, demo_org):
    """The grant and decision examples of the schema are bodies the API accepts (with a real integration id)."""
    from api.devissuer import mint_token
    from tests.api.conftest import Api
    from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, VENDOR_ORGNR

    schema = yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))
    api = Api(mint_token(kind="idporten", pid=DEMO_ADMIN_PID), DEMO_ADMIN_PID)

    def examples(path):
        content = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        return [e["value"] for e in content["examples"].values()]

    created = api.post(f"organizations/{DEMO_ORGNR}/integrations/",
                       examples("/api/v1/organizations/{orgnr}/integrations/")[0])
    assert created.status_code == 201, created.content
    integration_id = created.json()["id"]
    assert created.json()["authorized_orgnr"] == VENDOR_ORGNR

    def fill(body):
        body = yaml.safe_load(yaml.safe_dump(body))
        if body["actor"]["type"] == "integration":
            body["actor"]["integration_id"] = integration_id
        return body

    for body in examples("/api/v1/organizations/{orgnr}/grants/"):
        r = api.post(f"organizations/{DEMO_ORGNR}/grants/", fill(body))
        assert r.status_code in (200, 201), (body, r.content)
        assert r.json()["service"] == body.get("service"), body
    for body in examples("/api/v1/decisions/"):
        r = api.post("decisions/", fill(body))
        assert r.status_code == 200, (body, r.content)
        assert r.json()["decision"] == "permit", (body, r.json())
    r = api.post("delegations/", examples("/api/v1/delegations/")[0])
    assert r.status_code == 201, r.content
