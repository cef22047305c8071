"""Small contract gaps of issue 9 item 13: content negotiation, translated messages, the linted schema."""

import inspect
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.utils import translation
from rest_framework import exceptions, fields, relations, serializers

from tests.api.conftest import problem
from tests.conftest import DEMO_ORGNR, VENDOR_ORGNR

INTEGRATIONS = f"organizations/{DEMO_ORGNR}/integrations/"

# --- Accept: application/problem+json ----------------------------------------------------------------------


@pytest.mark.parametrize("accept", [
    "application/problem+json",
    "application/problem+json; charset=utf-8",
    "text/html;q=0.9, application/problem+json;q=0.5",
])
def test_accept_problem_json_alone_is_served(admin_api, accept):
    ok = admin_api.get("me/", HTTP_ACCEPT=accept)
    assert ok.status_code == 200
    assert ok["Content-Type"] == "application/json; charset=utf-8"
    missing = admin_api.get(f"organizations/{VENDOR_ORGNR}/", HTTP_ACCEPT=accept)
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json; charset=utf-8"
    assert problem(missing)["code"] == "not_found"


@pytest.mark.parametrize("accept", ["text/html", "application/problem+json;q=0", "application/xml"])
def test_formats_the_api_cannot_give_are_still_406(admin_api, accept):
    r = admin_api.get("me/", HTTP_ACCEPT=accept)
    assert r.status_code == 406
    assert problem(r)["code"] == "not_acceptable"


# --- every API message in bokmål, English on request ---------------------------------------------------------


def _drf_messages() -> list:
    """Every message DRF itself can put in a problem document: field, serializer and relation errors and the
    exceptions' default details."""
    found = []
    for module in (fields, serializers, relations):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            found.extend(getattr(cls, "default_error_messages", {}).values())
    for _name, cls in inspect.getmembers(exceptions, inspect.isclass):
        if getattr(cls, "default_detail", None) is not None:
            found.append(cls.default_detail)
    return found


def test_every_drf_message_has_bokmal():
    untranslated = []
    for message in _drf_messages():
        with translation.override("en"):
            english = str(message)
        with translation.override("nb"):
            bokmal = str(message)
        if bokmal == english:
            untranslated.append(english)
    assert untranslated == []


@pytest.mark.parametrize("language, expected", [
    (None, "Må være en tekst."),
    ("nb", "Må være en tekst."),
    ("en", "Not a valid string."),
])
def test_drf_field_errors_in_the_callers_language(admin_api, language, expected):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    r = admin_api.post(INTEGRATIONS, {"name": True, "authorized_orgnr": VENDOR_ORGNR}, **headers)
    assert r.status_code == 400
    assert problem(r)["errors"]["name"] == [expected]


def test_wrong_body_type_and_bad_uuid_in_bokmal(admin_api):
    r = admin_api.post(INTEGRATIONS, ["not", "an", "object"])
    assert r.status_code == 400
    assert "JSON-objekt" in problem(r)["detail"]
    r = admin_api.post(f"organizations/{DEMO_ORGNR}/grants/",
                       {"actor": {"type": "integration", "integration_id": "nope"}, "privilege": "ADMIN"})
    assert r.status_code == 400
    assert problem(r)["errors"]["actor.integration_id"] == ["Må være en gyldig UUID."]


def test_method_not_allowed_in_bokmal_and_english(admin_api):
    r = admin_api.put("me/", {})
    assert r.status_code == 405
    assert problem(r)["detail"] == "Metoden «PUT» er ikke tillatt her."
    r = admin_api.put("me/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert problem(r)["detail"] == 'Method "PUT" not allowed.'


# --- the committed schema: what Redocly's recommended rules need (CI runs Redocly itself) --------------------


def _schema() -> dict:
    return yaml.safe_load((Path(settings.BASE_DIR) / "api" / "openapi.yaml").read_text(encoding="utf-8"))


def test_schema_has_servers_and_a_type_next_to_every_nullable():
    schema = _schema()
    assert schema["servers"] and schema["servers"][0]["url"]
    untyped = []

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("nullable") and "type" not in node:
                untyped.append(where)
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(schema, "")
    assert untyped == []
    components = schema["components"]["schemas"]
    assert components["CallerOutput"]["properties"]["integration"]["type"] == "object"
    assert components["AuditEventOutput"]["properties"]["before"]["type"] == "object"


def test_schema_declares_retry_after_on_every_429_and_503():
    for path, item in _schema()["paths"].items():
        for method, operation in item.items():
            for code in ("429", "503"):
                header = operation["responses"][code]["headers"]["Retry-After"]
                assert header["required"] is True, (path, method, code)
