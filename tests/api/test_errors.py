"""Bad input and failures: RFC 9457 problems with stable codes, charset, 401 challenge, no 500, nothing written."""

import json

import pytest

from authz.models import AuditEvent
from integrations.models import Integration
from tests.api.conftest import Api, problem
from tests.conftest import DEMO_ORGNR, VENDOR_ORGNR

INTEGRATIONS = f"organizations/{DEMO_ORGNR}/integrations/"
GOOD = {"name": "Sak og arkiv", "authorized_orgnr": VENDOR_ORGNR}


def nothing_written():
    return not Integration.objects.exists() and not AuditEvent.objects.filter(action="integration.create").exists()


def test_json_responses_say_utf8_and_keep_norwegian_letters(admin_api):
    r = admin_api.post(INTEGRATIONS, {"name": "Søknad på ærend", "authorized_orgnr": VENDOR_ORGNR})
    assert r.status_code == 201
    assert r["Content-Type"] == "application/json; charset=utf-8"
    assert "Søknad på ærend".encode() in r.content


def test_missing_token_is_401_with_bearer_challenge_without_error(admin_api):
    r = Api(None, DEMO_ORGNR).get("me/")
    assert r.status_code == 401
    assert problem(r)["code"] == "not_authenticated"
    assert r["WWW-Authenticate"].startswith("Bearer ")
    assert "error=" not in r["WWW-Authenticate"]


def test_bad_token_is_401_invalid_token(db):
    r = Api("not-a-jwt", DEMO_ORGNR).get("me/")
    assert r.status_code == 401
    assert problem(r)["status"] == 401
    assert 'error="invalid_token"' in r["WWW-Authenticate"]


def test_invalid_json_is_400(admin_api):
    r = admin_api.post(INTEGRATIONS, raw=b'{"name": "Sak",')
    assert r.status_code == 400
    assert problem(r)["code"] == "invalid_json"
    assert nothing_written()


@pytest.mark.parametrize("raw", [
    '{"name": "Søknad", "authorized_orgnr": "910753614"}'.encode("latin-1"),
    b'{"name": "\xff\xfe", "authorized_orgnr": "910753614"}',
    '{"name": "Sak", "authorized_orgnr": "910753614"}'.encode("utf-16"),
])
def test_body_that_is_not_utf8_is_400(admin_api, raw):
    r = admin_api.post(INTEGRATIONS, raw=raw)
    assert r.status_code == 400
    assert problem(r)["code"] in ("invalid_encoding", "invalid_json")
    assert nothing_written()


def test_declared_charset_other_than_utf8_is_400(admin_api):
    r = admin_api.post(INTEGRATIONS, raw=json.dumps(GOOD).encode(), content_type="application/json; charset=latin-1")
    assert r.status_code == 400
    assert problem(r)["code"] == "invalid_encoding"


def test_lone_surrogate_is_400_not_a_database_error(admin_api):
    r = admin_api.post(INTEGRATIONS, raw=b'{"name": "Sak \\ud800", "authorized_orgnr": "910753614"}')
    assert r.status_code == 400
    assert problem(r)["code"] == "invalid_encoding"
    assert nothing_written()


@pytest.mark.parametrize("raw", [
    b'{"name": "Sak\\u0000", "authorized_orgnr": "910753614"}',
    b'{"name": "Sak", "description": "a\\u0000b", "authorized_orgnr": "910753614"}',
    b'{"name\\u0000": "Sak", "authorized_orgnr": "910753614"}',
])
def test_nul_characters_in_json_strings_are_400(admin_api, raw):
    r = admin_api.post(INTEGRATIONS, raw=raw)
    assert r.status_code == 400
    assert problem(r)["code"] == "nul_character"
    assert nothing_written()


def test_unknown_fields_are_400_with_the_field_named(admin_api):
    r = admin_api.post(INTEGRATIONS, {**GOOD, "password_hash": "x", "organization": "314168267"})
    assert r.status_code == 400
    body = problem(r)
    assert body["code"] == "validation_error"
    assert set(body["errors"]) == {"password_hash", "organization"}
    assert nothing_written()


@pytest.mark.parametrize(("field", "value"), [
    ("name", "a" * 101),
    ("description", "b" * 1001),
    ("authorized_orgnr", "9" * 5000),
])
def test_over_long_strings_are_400_field_errors(admin_api, field, value):
    r = admin_api.post(INTEGRATIONS, {**GOOD, field: value})
    assert r.status_code == 400
    assert field in problem(r)["errors"]
    assert nothing_written()


def test_duplicate_keys_and_nan_are_400(admin_api):
    r = admin_api.post(INTEGRATIONS, raw=b'{"name": "A", "name": "B", "authorized_orgnr": "910753614"}')
    assert problem(r)["code"] == "duplicate_key"
    r = admin_api.post(INTEGRATIONS, raw=b'{"name": NaN, "authorized_orgnr": "910753614"}')
    assert problem(r)["code"] == "invalid_json"
    assert nothing_written()


def test_deeply_nested_json_is_400(admin_api):
    r = admin_api.post(INTEGRATIONS, raw=b"[" * 100000 + b"]" * 100000)
    assert r.status_code in (400, 413)
    problem(r)


def test_body_over_64_kib_is_413(admin_api):
    r = admin_api.post(INTEGRATIONS, {**GOOD, "description": "x" * 70000})
    assert r.status_code == 413
    assert problem(r)["code"] == "payload_too_large"


@pytest.mark.parametrize("raw", [b"[]", b'"name"', b"null", b"42"])
def test_json_that_is_not_an_object_is_400(admin_api, raw):
    r = admin_api.post(INTEGRATIONS, raw=raw)
    assert r.status_code == 400
    problem(r)
    assert nothing_written()


def test_form_body_is_415(admin_api):
    r = admin_api.post(INTEGRATIONS, raw=b"name=Sak&authorized_orgnr=910753614",
                       content_type="application/x-www-form-urlencoded")
    assert r.status_code == 415
    assert problem(r)["code"] == "unsupported_media_type"


def test_field_errors_from_serializer_and_services_are_400_with_errors(admin_api):
    r = admin_api.post(INTEGRATIONS, {"name": "Sak", "authorized_orgnr": "123456784"})
    assert set(problem(r)["errors"]) == {"authorized_orgnr"}
    r = admin_api.post(INTEGRATIONS, {"name": "Sak <script>", "authorized_orgnr": VENDOR_ORGNR})
    assert r.status_code == 400
    assert set(problem(r)["errors"]) == {"name"}
    assert nothing_written()
    assert admin_api.post(INTEGRATIONS, GOOD).status_code == 201
    r = admin_api.post(INTEGRATIONS, {**GOOD, "name": GOOD["name"].upper()})
    assert r.status_code == 400
    assert "name" in problem(r)["errors"]
    assert Integration.objects.count() == 1


def test_nul_in_query_string_is_400_problem(admin_api):
    r = admin_api.get(INTEGRATIONS + "?name=a%00b")
    assert r.status_code == 400
    assert problem(r)["code"] == "nul_character"


def test_unknown_path_under_api_is_404_problem(admin_api):
    r = admin_api.get("no-such-thing/")
    assert r.status_code == 404
    assert problem(r)["code"] == "not_found"
    r = admin_api.get(f"organizations/{DEMO_ORGNR}/integrations/not-a-uuid/")
    assert problem(r)["code"] == "not_found"


def test_method_not_allowed_is_405_problem(admin_api):
    r = admin_api.put("me/", {})
    assert r.status_code == 405
    assert problem(r)["code"] == "method_not_allowed"


@pytest.mark.parametrize("path", [INTEGRATIONS, INTEGRATIONS.rstrip("/")])
def test_post_with_and_without_trailing_slash_is_handled_not_redirected(admin_api, path):
    r = admin_api.post(path, GOOD)
    assert r.status_code == 201, r.content
    assert Integration.objects.filter(name=GOOD["name"]).exists()


@pytest.mark.parametrize("path", ["me", "me/", "organizations", "organizations/", "decisions"])
def test_routes_answer_with_and_without_slash(admin_api, path):
    r = admin_api.get(path)
    assert r.status_code in (200, 405)
    assert r.status_code != 301


def test_options_is_405_problem_not_500(admin_api):
    r = admin_api.request("options", "decisions/")
    assert r.status_code == 405
    assert problem(r)["code"] == "method_not_allowed"


def test_unknown_path_with_control_characters_is_404_problem(admin_api):
    r = admin_api.get(f"organizations/{DEMO_ORGNR}/integrations/%C3%B7R%0A%1F/")
    assert r.status_code == 404
    assert problem(r)["code"] == "not_found"


@pytest.mark.parametrize("value", ["12345678", "1234567890", "12345678a", "123456789", "9" * 5000])
def test_a_bad_orgnr_gets_one_clear_message(admin_api, value):
    """One message per field: the orgnr rule, not Django's length message on top ("minst 9 tegn")."""
    r = admin_api.post(INTEGRATIONS, {**GOOD, "authorized_orgnr": value})
    assert r.status_code == 400
    messages = problem(r)["errors"]["authorized_orgnr"]
    assert len(messages) == 1, messages
    assert "organisasjonsnummer" in messages[0]
    assert "tegn" not in messages[0]
    assert nothing_written()


@pytest.mark.parametrize("value", ["2187949801", "218794980123", "21879498013"])
def test_a_bad_pid_in_a_grant_gets_one_clear_message(admin_api, value):
    r = admin_api.post(f"organizations/{DEMO_ORGNR}/grants/",
                       {"actor": {"type": "person", "pid": value}, "privilege": "ADMIN"})
    assert r.status_code == 400
    messages = problem(r)["errors"]["actor.pid"]
    assert len(messages) == 1, messages
    assert "fødselsnummer" in messages[0]


@pytest.mark.parametrize("value", ["12345678", "123456789012"])
def test_a_bad_party_in_a_delegation_gets_one_message(admin_api, value):
    r = admin_api.post("delegations/", {"represented": DEMO_ORGNR, "representative": value})
    assert r.status_code == 400
    assert len(problem(r)["errors"]["representative"]) == 1, problem(r)
