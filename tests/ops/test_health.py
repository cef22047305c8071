"""/healthz and /readyz: no login, no session, 503 naming what is down (and nothing more) when a dependency is."""

import pytest
from django.test import Client

from authz.models import AuditEvent


def test_healthz_answers_without_login_session_or_dependencies(db, database_down, cache_down):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "no-store" in response["Cache-Control"]


def test_readyz_is_200_when_database_and_cache_answer(db):
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert not response.cookies
    assert not AuditEvent.objects.exists()


def test_readyz_is_503_naming_the_database_when_it_is_unreachable(db, database_down):
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "unavailable", "cache": "ok"}}


def test_readyz_is_503_naming_the_cache_when_redis_is_unreachable(db, cache_down):
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.content.decode()
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "cache": "unavailable"}}
    assert "127.0.0.1" not in body and "redis" not in body.lower()  # no connection details


def test_readyz_recovers_when_the_database_is_back(db, database_down, monkeypatch):
    assert Client().get("/readyz").status_code == 503
    monkeypatch.undo()
    assert Client().get("/readyz").status_code == 200


def test_probes_are_not_logged_at_info(db, caplog):
    with caplog.at_level("INFO", logger="portal.request"):
        Client().get("/healthz")
        Client().get("/readyz")
        Client().get("/api/v1/me/")
    lines = [r.getMessage() for r in caplog.records if r.name == "portal.request"]
    assert lines == ["GET /api/v1/me/ 401"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_a_probe_by_address_over_plain_http(db, settings, path):
    """Kubernetes and load balancers call the pod's own address over HTTP: no 400 for the host, no redirect."""
    settings.ALLOWED_HOSTS = ["konfig.example.no"]
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get(path, HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert Client().get("/", HTTP_HOST="10.1.2.3:8000").status_code == 400  # the rest of the site is still guarded


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_get_only(db, path):
    assert Client().post(path).status_code == 405
