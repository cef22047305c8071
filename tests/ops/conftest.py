"""Fixtures for the operations tests: a logged-in browser, a database and a cache that do not answer."""

import copy
import socket

import pytest
from django.db import connections
from django.test import Client

from authz.services import person_get_or_create
from config.cache import cache_settings
from tests.conftest import DEMO_ADMIN_PID
from tests.portal.conftest import user_for


@pytest.fixture
def web_admin(demo_org):
    """A browser logged in as Demo kommune's administrator; errors are answered, not raised (as in production)."""
    client = Client(raise_request_exception=False)
    client.force_login(user_for(person_get_or_create(pid=DEMO_ADMIN_PID)))
    return client


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
