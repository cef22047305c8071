"""/metrics: only with the bearer token or from an allowed network (else 404, nothing leaked); requests counted
by route pattern, token refusals by code, decisions by result, integration authentication failures, JWKS
fetches and dependency errors."""

import re

import pytest
from django.test import Client
from prometheus_client import REGISTRY

from api import jwks
from api.devissuer import mint_token
from api.issuers import TrustedIssuer
from tests.api.conftest import Api
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, VENDOR_ORGNR
from tests.ops.conftest import closed_port

TOKEN = "metrics-scraper-token-for-tests-0123456789"


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def scraper(settings):
    settings.METRICS_BEARER_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = []
    return Client(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


@pytest.mark.parametrize("headers", [{}, {"HTTP_AUTHORIZATION": "Bearer wrong"},
                                     {"HTTP_AUTHORIZATION": TOKEN}, {"HTTP_X_FORWARDED_FOR": "127.0.0.1"}])
def test_metrics_without_the_token_are_404_and_say_nothing(db, settings, headers):
    settings.METRICS_BEARER_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    response = Client().get("/metrics", **headers)
    assert response.status_code == 404
    assert b"portal_" not in response.content and b"# HELP" not in response.content


def test_refused_metrics_look_like_any_unknown_address(db, settings):
    settings.METRICS_BEARER_TOKEN = TOKEN
    refused, unknown = Client().get("/metrics"), Client().get("/metrics-nothing-here")
    assert refused.status_code == unknown.status_code == 404
    def page(response, path):  # the page without its per-request CSRF token and its own address
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content).replace(path, b"")

    assert page(refused, b"/metrics") == page(unknown, b"/metrics-nothing-here")


def test_metrics_are_off_without_configuration(db, settings):
    settings.METRICS_BEARER_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = []
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_metrics_with_the_token(db, scraper):
    response = scraper.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "# TYPE portal_http_requests_total counter" in response.content.decode()


def test_metrics_from_an_allowed_network(db, settings):
    settings.METRICS_BEARER_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = ["127.0.0.0/8"]  # the test client's REMOTE_ADDR is 127.0.0.1
    assert Client().get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="192.0.2.7").get("/metrics").status_code == 404


def test_requests_are_counted_by_route_pattern_method_and_status(demo_org, scraper):
    route = "api/v1/organizations/(?P<orgnr>[0-9]{9})/integrations/?$"  # the URL pattern of api/urls.py
    before = sample("portal_http_requests_total", route=route, method="GET", status="200")
    count_before = sample("portal_http_request_duration_seconds_count", route=route, method="GET")
    api = Api(mint_token(kind="idporten", pid=DEMO_ADMIN_PID), DEMO_ADMIN_PID)
    assert api.get(f"organizations/{DEMO_ORGNR}/integrations/").status_code == 200
    assert sample("portal_http_requests_total", route=route, method="GET", status="200") == before + 1
    assert sample("portal_http_request_duration_seconds_count", route=route, method="GET") == count_before + 1
    text = scraper.get("/metrics").content.decode()
    assert DEMO_ORGNR not in text  # patterns, never paths with their identifiers


def test_token_refusals_are_counted_by_code(db):
    before = sample("portal_api_token_refusals_total", code="token_malformed")
    response = Api("not-a-jwt", DEMO_ADMIN_PID).get("me/")
    assert response.status_code == 401 and response.json()["code"] == "token_malformed"
    assert sample("portal_api_token_refusals_total", code="token_malformed") == before + 1


def test_integration_authentication_failures_are_counted(db):
    labels = {"code": "integration_authentication_failed"}
    before = sample("portal_api_integration_authentication_failures_total", **labels)
    api = Api(mint_token(kind="maskinporten", orgnr=VENDOR_ORGNR), VENDOR_ORGNR,
              HTTP_INTEGRASJONID="00000000-0000-0000-0000-000000000000", HTTP_INTEGRASJONPASSORD="wrong")
    assert api.get("me/").status_code == 401
    assert sample("portal_api_integration_authentication_failures_total", **labels) == before + 1


def test_decisions_are_counted_by_result(demo_org):
    before = sample("portal_api_decisions_total", result="permit", code="granted")
    api = Api(mint_token(kind="idporten", pid=DEMO_ADMIN_PID), DEMO_ADMIN_PID)
    response = api.post("decisions/", {"actor": {"type": "person", "pid": DEMO_ADMIN_PID}, "privilege": "ADMIN",
                                       "orgnr": DEMO_ORGNR})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["decision"], body["code"]) == ("permit", "granted")
    assert sample("portal_api_decisions_total", result="permit", code="granted") == before + 1


def test_jwks_fetch_failures_are_counted(db, settings):
    settings.API_JWKS_REFRESH_MIN_SECONDS = 0
    issuer = TrustedIssuer(issuer="https://issuer.example/", jwks_url=f"http://127.0.0.1:{closed_port()}/jwks",
                           kind="maskinporten")
    before = sample("portal_jwks_fetches_total", issuer=issuer.issuer, outcome="failed")
    with pytest.raises(jwks.JwksUnavailable):
        jwks.signing_key(issuer, "some-kid")
    assert sample("portal_jwks_fetches_total", issuer=issuer.issuer, outcome="failed") == before + 1


def test_dependency_errors_are_counted(demo_org, monkeypatch):
    from django.db import OperationalError

    before = sample("portal_dependency_errors_total", dependency="database")
    api = Api(mint_token(kind="idporten", pid=DEMO_ADMIN_PID), DEMO_ADMIN_PID)
    api.client.raise_request_exception = False

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("api.views._organizations", down)
    assert api.get("organizations/").status_code == 503
    assert sample("portal_dependency_errors_total", dependency="database") == before + 1
