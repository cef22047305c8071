"""/healthz and /readyz: no login, no session, 503 naming what is down (and nothing more) when a dependency is."""

import copy
import socket

import pytest
from django.db import connections
from django.test import Client

from authz.models import AuditEvent
from config.cache import cache_settings


def closed_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def database_down(monkeypatch):
    """The default database as readyz sees it, pointed at a closed port (PostgreSQL) or an unopenable file."""
    broken = connections.create_connection("default")
    broken.settings_dict = copy.deepcopy(broken.settings_dict)  # the original is the real connection's
    if broken.vendor == "postgresql":
        broken.settings_dict["PORT"] = closed_port()
        broken.settings_dict["HOST"] = "127.0.0.1"
    else:
        broken.settings_dict["NAME"] = "/nonexistent-directory/portal.sqlite3"
    monkeypatch.setattr("ops.health.connections", {"default": broken})
    yield
    broken.close()


@pytest.fixture
def cache_down(settings):
    """The cache is a Redis on a closed loopback port."""
    settings.CACHES = {"default": cache_settings(f"redis://127.0.0.1:{closed_port()}/0",
                                                 socket_timeout=0.5, connect_timeout=0.5)}


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
def test_probes_answer_get_only(db, path):
    assert Client().post(path).status_code == 405
