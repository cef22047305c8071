"""Fixtures for the API tests: real development-issuer access tokens and a small client wrapper."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from api.devissuer import mint_token
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, NOBODY_PID, OTHER_ADMIN_PID, VENDOR_ORGNR


class Api:
    """Calls /api/v1/ with a bearer token and an `OnBehalfOf` header (None: header left out).

    `path` is relative to /api/v1/ ("organizations/123456785/integrations/"). Extra headers as keyword
    arguments in WSGI form (HTTP_IF_MATCH=...). JSON bodies are encoded here; `raw=` sends bytes as they are.
    """

    def __init__(self, token: str | None, on_behalf_of: str | None, **headers):
        self.client = APIClient()
        self.token = token
        self.on_behalf_of = on_behalf_of
        self.headers = headers

    def request(self, method: str, path: str, data=None, *, raw: bytes | None = None,
                content_type: str = "application/json", **headers):
        meta = dict(self.headers)
        if self.token is not None:
            meta["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        if self.on_behalf_of is not None:
            meta["HTTP_ONBEHALFOF"] = self.on_behalf_of
        meta.update(headers)
        url = path if path.startswith("/") else f"/api/v1/{path}"
        body = raw if raw is not None else (json.dumps(data) if data is not None else None)
        kwargs = {"data": body, "content_type": content_type} if body is not None else {}
        return getattr(self.client, method)(url, **kwargs, **meta)

    def get(self, path, **kw):
        return self.request("get", path, **kw)

    def post(self, path, data=None, **kw):
        return self.request("post", path, data, **kw)

    def patch(self, path, data=None, **kw):
        return self.request("patch", path, data, **kw)

    def put(self, path, data=None, **kw):
        return self.request("put", path, data, **kw)

    def delete(self, path, **kw):
        return self.request("delete", path, **kw)


@pytest.fixture
def admin_api(demo_org):
    """Demo kommune's administrator with an ID-porten token, acting for themself."""
    return Api(mint_token(kind="idporten", pid=DEMO_ADMIN_PID), DEMO_ADMIN_PID)


@pytest.fixture
def other_admin_api(other_org):
    """Testvik kommune's administrator (another organization)."""
    return Api(mint_token(kind="idporten", pid=OTHER_ADMIN_PID), OTHER_ADMIN_PID)


@pytest.fixture
def nobody_api(db):
    """A person with no grants anywhere."""
    return Api(mint_token(kind="idporten", pid=NOBODY_PID), NOBODY_PID)


@pytest.fixture
def vendor_api(db):
    """A vendor's system with a Maskinporten token (consumer VENDOR_ORGNR), no integration headers."""
    return Api(mint_token(orgnr=VENDOR_ORGNR), VENDOR_ORGNR)


@pytest.fixture
def demo_org_token(demo_org):
    """A Maskinporten token whose consumer is Demo kommune itself."""
    return mint_token(orgnr=DEMO_ORGNR)


def problem(response) -> dict:
    """The problem document of a response, after checking it is one (RFC 9457, our media type)."""
    assert response["Content-Type"] == "application/problem+json; charset=utf-8", response.content
    body = response.json()
    assert body["status"] == response.status_code
    assert {"type", "title", "detail", "code"} <= set(body)
    return body


def make_orgnr(n: int) -> str:
    """The n-th valid test orgnr (mod-11 per Brønnøysundregistrene) from the 8-digit base 80000000 + k."""
    k = 0
    found = -1
    while True:
        base = f"{80000000 + k:08d}"
        k += 1
        total = sum(w * int(d) for w, d in zip((3, 2, 7, 6, 5, 4, 3, 2), base, strict=True))
        check = (11 - total % 11) % 11
        if check == 10:
            continue
        found += 1
        if found == n:
            return base + str(check)


@pytest.fixture
def vendor_integration(admin_ctx, demo_org):
    """Demo kommune's integration for the vendor's system (authorized VENDOR_ORGNR), with KONFIG.CONFIGURE.

    Returns (integration, password).
    """
    from authz.models import Privilege
    from authz.selectors import root_resource
    from authz.services import grant_create
    from integrations.services import integration_create, integration_password_rotate

    integration = integration_create(admin_ctx, organization=demo_org, name="Fagsystem", authorized_orgnr=VENDOR_ORGNR)
    password = integration_password_rotate(admin_ctx, integration=integration)
    grant_create(admin_ctx, privilege=Privilege.objects.get(code="KONFIG.CONFIGURE"), resource=root_resource(demo_org),
                 integration=integration)
    integration.refresh_from_db()
    return integration, password


@pytest.fixture
def integration_api(vendor_integration):
    """The vendor's system acting as Demo kommune's integration (Maskinporten token + integration headers)."""
    integration, password = vendor_integration
    return Api(mint_token(orgnr=VENDOR_ORGNR), VENDOR_ORGNR,
               HTTP_INTEGRASJONID=str(integration.pk), HTTP_INTEGRASJONPASSORD=password)


@pytest.fixture
def cache_calls(monkeypatch) -> list:
    """The shared-cache operations made from now on, in order, as (name, arguments after the first) — only calls
    from outside the backend (locmem's `get_many` calls its own `get`). Round trips, as Redis would see them."""
    from django.core.cache import caches

    backend, calls, depth = caches["default"], [], [0]

    def counted(name, original):
        def call(*args, **kwargs):
            if not depth[0]:
                calls.append((name, args[1:]))
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1
        return call

    for method in ("get", "get_many", "set", "set_many", "add", "incr", "delete"):
        monkeypatch.setattr(backend, method, counted(method, getattr(backend, method)))
    return calls


ROOT = Path(__file__).resolve().parents[2]


def shared_redis_url() -> str | None:
    """A Redis the tests may share with another process: `CACHE_URL` if it is Redis (as `.ci/run` sets), else
    `TEST_REDIS_URL` (default database 2) if it answers; None without one."""
    url = os.environ.get("CACHE_URL", "")
    if url.startswith("redis://"):
        return url
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:
        return None
    return url


@pytest.fixture
def other_app_server(settings):
    """Another app server, for the tests that prove a change shows there: `start(script)` runs the Python source
    `script` in a new process (config.settings.test) on this test's PostgreSQL database and on a Redis this process
    then shares as its cache, with text pipes to its stdin and stdout, and returns the `Popen`. Skips without
    PostgreSQL and Redis (`.ci/run` has both); the processes' stdin is closed and they are waited for at the end."""
    from django.db import connection

    redis_url = shared_redis_url()
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql" or redis_url is None:
        pytest.skip("needs PostgreSQL and Redis shared by two processes (.ci/run)")
    settings.CACHES = {"default": {"BACKEND": "config.cache.RedisCache", "LOCATION": redis_url}}
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": database_url, "CACHE_URL": redis_url,
           "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    started = []

    def start(script: str) -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True)
        started.append(process)
        return process

    yield start
    for process in started:
        if not process.stdin.closed:
            process.stdin.close()
        process.wait(timeout=30)
