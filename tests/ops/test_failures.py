"""Every API error is a problem document with the request id (never HTML under /api/); a database or cache that
fails answers 503 with Retry-After (API: problem; web UI: a styled Norwegian page), and a request past its
deadline answers 503 with nothing saved."""

import time

import pytest
from django.db import OperationalError, connection
from redis.exceptions import ConnectionError as RedisConnectionError

from api.devissuer import mint_token
from integrations.models import Integration
from tests.api.conftest import Api
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, VENDOR_ORGNR
from tests.ops.conftest import closed_port

INTEGRATIONS = f"organizations/{DEMO_ORGNR}/integrations/"
GOOD = {"name": "Sak og arkiv", "authorized_orgnr": VENDOR_ORGNR}
PROBLEM_JSON = "application/problem+json; charset=utf-8"


def assert_problem(response, status: int, code: str) -> dict:
    """The response is an RFC 9457 problem with this status and code, carrying the response's request id."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM_JSON, response.content[:500]
    body = response.json()
    assert body["status"] == status and body["code"] == code
    assert body["request_id"] == response["X-Request-ID"]
    assert b"<html" not in response.content.lower() and b"Traceback" not in response.content
    return body


def _raise(exc):
    def raising(*args, **kwargs):
        raise exc
    return raising


@pytest.fixture
def api(demo_org):
    client = Api(mint_token(kind="idporten", pid=DEMO_ADMIN_PID), DEMO_ADMIN_PID)
    client.client.raise_request_exception = False  # as in production: Django answers instead of raising
    return client


# --- every error path under /api/ -----------------------------------------------------------------------------

@pytest.mark.parametrize(("call", "status", "code"), [
    (lambda api: api.post(INTEGRATIONS, raw=b"{not json"), 400, "invalid_json"),
    (lambda api: api.post(INTEGRATIONS, {"name": ""}), 400, "validation_error"),
    (lambda api: api.get("me/", HTTP_ONBEHALFOF="12345678901"), 400, None),
    (lambda api: api.get("me/?q=a%00b"), 400, "nul_character"),
    (lambda api: Api(None, DEMO_ADMIN_PID).get("me/"), 401, "not_authenticated"),
    (lambda api: Api("not.a.token", DEMO_ADMIN_PID).get("me/"), 401, None),
    (lambda api: api.get("organizations/314168267/integrations/"), 404, "not_found"),
    (lambda api: api.get("no-such-thing/"), 404, "not_found"),
    (lambda api: api.put("me/", {}), 405, "method_not_allowed"),
    (lambda api: api.get("me/", HTTP_ACCEPT="text/html"), 406, "not_acceptable"),
    (lambda api: api.post(INTEGRATIONS, raw=b"x" * 70_000), 413, "payload_too_large"),
    (lambda api: api.post(INTEGRATIONS, raw=b"name=x", content_type="application/x-www-form-urlencoded"),
     415, "unsupported_media_type"),
    (lambda api: api.get("me/", HTTP_HOST="evil.example"), 400, "bad_request"),
])
def test_every_api_error_is_a_problem_with_the_request_id(api, call, status, code):
    response = call(api)
    assert response.status_code == status, response.content[:300]
    body = assert_problem(response, status, code or response.json()["code"])
    assert body["detail"]


def test_an_unhandled_exception_under_api_is_a_500_problem_without_details(api, monkeypatch):
    monkeypatch.setattr("api.views._organizations", _raise(RuntimeError("secret internals: password=hunter2")))
    response = api.get("organizations/")
    body = assert_problem(response, 500, "internal_error")
    assert "hunter2" not in response.content.decode() and "RuntimeError" not in body["detail"]


def test_an_unhandled_exception_on_the_web_is_the_500_page(web_admin, monkeypatch):
    monkeypatch.setattr("portal.views.organizations_for", _raise(RuntimeError("boom")))
    response = web_admin.get(f"/org/{DEMO_ORGNR}/")
    assert response.status_code == 500
    assert "Noe gikk galt" in response.content.decode()


# --- dependencies failing -------------------------------------------------------------------------------------

@pytest.mark.parametrize("exc", [
    OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused"),
    RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
], ids=["database", "cache"])
def test_api_answers_503_problem_with_retry_after_when_a_dependency_fails(api, monkeypatch, exc):
    monkeypatch.setattr("api.views._organizations", _raise(exc))
    response = api.get("organizations/")
    body = assert_problem(response, 503, "service_unavailable")
    assert response["Retry-After"] == "5"
    assert "5432" not in body["detail"] and "6379" not in body["detail"]
    monkeypatch.undo()
    assert api.get("organizations/").status_code == 200  # recovers with the dependency, no restart


@pytest.mark.parametrize("exc", [OperationalError("server closed the connection unexpectedly"),
                                 RedisConnectionError("Timeout connecting to server")], ids=["database", "cache"])
def test_web_ui_answers_a_styled_norwegian_503_page(web_admin, monkeypatch, exc):
    monkeypatch.setattr("portal.views.organizations_for", _raise(exc))
    response = web_admin.get(f"/org/{DEMO_ORGNR}/")
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response["Content-Type"].startswith("text/html")
    assert "Midlertidig utilgjengelig" in html and "Prøv igjen om litt" in html
    assert response["X-Request-ID"] in html  # the reference the user can quote to support
    assert "<style>" in html


def test_the_503_page_in_english(web_admin, monkeypatch):
    monkeypatch.setattr("portal.views.organizations_for", _raise(OperationalError("down")))
    response = web_admin.get(f"/org/{DEMO_ORGNR}/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 503
    assert "Temporarily unavailable" in html and "Midlertidig" not in html


# --- the request deadline -------------------------------------------------------------------------------------

def _create_then_slow(original, slow):
    def create(*args, **kwargs):
        result = original(*args, **kwargs)  # the write happens ...
        slow()  # ... then the request runs into its deadline
        return result
    return create


def test_a_request_past_its_deadline_answers_503_and_saves_nothing(api, monkeypatch, settings):
    """The deadline is checked before each query: a request that has used up REQUEST_DEADLINE_SECONDS gets no
    more database time; its transaction is rolled back."""
    import api.views as views

    settings.REQUEST_DEADLINE_SECONDS = 0.2

    def slow():
        time.sleep(0.3)
        Integration.objects.count()

    monkeypatch.setattr(views, "integration_get_or_create", _create_then_slow(views.integration_get_or_create, slow))
    response = api.post(INTEGRATIONS, GOOD)
    assert_problem(response, 503, "deadline_exceeded")
    assert response["Retry-After"]
    assert not Integration.objects.filter(name=GOOD["name"]).exists()
    monkeypatch.undo()
    settings.REQUEST_DEADLINE_SECONDS = 25
    assert api.post(INTEGRATIONS, GOOD).status_code == 201  # the next request is served as usual


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
def test_postgresql_cancels_a_statement_at_the_deadline_and_nothing_is_saved(api, monkeypatch, settings):
    """A statement that would run past the deadline is cancelled by PostgreSQL (statement_timeout set to the time
    left), the request answers 503 and its write is rolled back."""
    import api.views as views

    settings.REQUEST_DEADLINE_SECONDS = 1.0

    def slow():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(10)")

    monkeypatch.setattr(views, "integration_get_or_create", _create_then_slow(views.integration_get_or_create, slow))
    started = time.monotonic()
    response = api.post(INTEGRATIONS, GOOD)
    assert time.monotonic() - started < 9  # cancelled, not slept through
    assert_problem(response, 503, "deadline_exceeded")
    assert not Integration.objects.filter(name=GOOD["name"]).exists()


# --- Redis down: fail closed where security state lives, keep serving where that is safe -----------------------

def test_with_redis_down_the_web_ui_keeps_serving(web_admin, cache_down):
    response = web_admin.get(f"/org/{DEMO_ORGNR}/")
    assert response.status_code == 200 and "Demo kommune" in response.content.decode()


def test_with_redis_down_the_operator_login_fails_closed(db, django_user_model, cache_down):
    """The login's rate limit and the TOTP used-code check live in Redis: without it, no login (503), never a
    login that skipped them."""
    from django.test import Client

    from tests.admin.conftest import OPERATOR_PASSWORD

    django_user_model.objects.create_superuser("drift", password=OPERATOR_PASSWORD)
    client = Client(raise_request_exception=False)
    response = client.post("/accounts/login/", {"login": "drift", "password": OPERATOR_PASSWORD, "next": "/admin/"})
    assert response.status_code == 503
    assert "Midlertidig utilgjengelig" in response.content.decode()
    assert client.get("/admin/").status_code == 302  # not logged in


def test_with_redis_down_a_token_needing_the_key_cache_is_503_not_500(db, settings, cache_down):
    """A real issuer's signing keys are read from the shared cache: without Redis the API refuses (503 problem)
    rather than fetch the issuer's JWKS on every request or answer 500."""
    from rest_framework.test import APIClient

    from tests.api_tokens.conftest import _rsa_key
    from tests.api_tokens.helpers import MASKINPORTEN_ISSUER, maskinporten_claims, sign

    settings.API_TRUSTED_ISSUERS = []
    settings.API_CUSTOM_ISSUERS = [f"maskinporten|{MASKINPORTEN_ISSUER}|http://127.0.0.1:{closed_port()}/jwks"]
    token = sign(maskinporten_claims(), _rsa_key("k1"))
    client = APIClient(raise_request_exception=False)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ONBEHALFOF=VENDOR_ORGNR)
    body = assert_problem(response, 503, "service_unavailable")
    assert response["Retry-After"] == "5" and "6379" not in body["detail"]
