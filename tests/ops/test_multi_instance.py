"""Two app servers (gunicorn, production-like: JSON logs, Redis cache, threaded workers) on two loopback ports,
sharing one PostgreSQL database and one Redis, called over real HTTP.

Needs PostgreSQL (`DATABASE_URL`) and a Redis database of its own (`TEST_REDIS_URL`, e.g.
redis://127.0.0.1:6379/1; `.ci/run` sets it): skipped without them, failed with CI=true. The app servers reach
PostgreSQL through a TCP proxy in this process, which the test cuts to take the database away.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.db import connection

from api.devissuer import mint_token
from tests.admin.conftest import OPERATOR_PASSWORD, stored_totp_secret, totp_code
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, VENDOR_ORGNR

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
METRICS_TOKEN = "multi-instance-metrics-token-0123456789"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the multi-instance test must run)", pytrace=False)
    pytest.skip(reason)


class TcpProxy:
    """Forwards 127.0.0.1:<port> to `target`; `cut()` drops every connection and refuses new ones until
    `restore()`: to the app servers, the database is gone."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.sockets: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets |= {client, upstream}
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.up = False
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.sockets.clear()

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


class AppServer:
    """One gunicorn (gunicorn.conf.py, config.wsgi) on a loopback port that this process bound and hands over."""

    def __init__(self, name: str, env: dict[str, str], tmp_path: Path):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.out = (tmp_path / f"{name}.out").open("w+")
        env = env | {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path / f"metrics-{name}")}
        fd = self.sock.fileno()
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "--bind", f"fd://{fd}", "config.wsgi"],
            cwd=ROOT, env=env, pass_fds=(fd,), stdout=self.out, stderr=subprocess.STDOUT,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited: {self.log()[-3000:]}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:  # still booting (the socket already accepts)
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer: {self.log()[-3000:]}")

    def log(self) -> str:
        self.out.flush()
        return Path(self.out.name).read_text()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.sock.close()
        self.out.close()


@pytest.fixture
def cluster(transactional_db, tmp_path):
    """(A, B, proxy, standin): two app servers on the test database (through `proxy`) and TEST_REDIS_URL."""
    if connection.vendor != "postgresql":
        _unavailable("the multi-instance test needs PostgreSQL (DATABASE_URL=postgres://...)")
    redis_url = os.environ.get("TEST_REDIS_URL", "")
    if not redis_url.startswith(("redis://", "rediss://")):
        _unavailable("the multi-instance test needs TEST_REDIS_URL=redis://127.0.0.1:6379/<a database of its own>")
    import redis

    from authz.catalogue import load_catalogue
    from authz.demo import load_demo
    from authz.models import Privilege, Service
    from idporten.standin import start_standin

    redis.Redis.from_url(redis_url).flushdb()
    load_catalogue(Service, Privilege)
    load_demo()
    standin_url, stop_standin = start_standin()
    db = connection.settings_dict
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "IDPORTEN_", "API_", "LOG_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",  # development issuer and stand-in; otherwise production-like
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"postgres://{credentials}@127.0.0.1:{proxy.port}/{db['NAME']}",
        "DATABASE_CONNECT_TIMEOUT_SECONDS": "2",
        "CACHE_URL": redis_url,
        "LOG_FORMAT": "json",
        "IDPORTEN_ENVIRONMENT": "local",
        "IDPORTEN_STANDIN_URL": standin_url,
        "METRICS_BEARER_TOKEN": METRICS_TOKEN,
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "2",
        "GUNICORN_GRACEFUL_TIMEOUT": "2",
    }
    servers = [AppServer("a", env, tmp_path), AppServer("b", env, tmp_path)]
    try:
        for server in servers:
            server.wait_ready()
        yield servers[0], servers[1], proxy
    finally:
        for server in servers:
            server.stop()
        proxy.close()
        stop_standin()
        redis.Redis.from_url(redis_url).flushdb()


def _api(token: str, on_behalf_of: str) -> requests.Session:
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {token}", "OnBehalfOf": on_behalf_of})
    return session


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _operator_logs_in(server, username: str, code: str) -> requests.Response:
    """Password on allauth's login page, then `code` on its 2FA page, on `server`; the 2FA page's answer."""
    browser = requests.Session()
    page = browser.get(f"{server.url}/accounts/login/?next=/admin/", timeout=10)
    response = browser.post(f"{server.url}/accounts/login/", timeout=10, allow_redirects=False, data={
        "login": username, "password": OPERATOR_PASSWORD, "next": "/admin/", "csrfmiddlewaretoken": _csrf(page.text),
    })
    assert response.status_code == 302 and "/accounts/2fa/authenticate/" in response.headers["Location"]
    page = browser.get(f"{server.url}/accounts/2fa/authenticate/", timeout=10)
    return browser.post(f"{server.url}/accounts/2fa/authenticate/", timeout=10, allow_redirects=False,
                        data={"code": code, "csrfmiddlewaretoken": _csrf(page.text)})


def test_two_app_servers_share_sessions_data_decisions_totp_and_recover_from_the_database(
        cluster, django_user_model):
    a, b, proxy = cluster

    # A person logs in through the ID-porten stand-in on A and goes on on B with the same session cookie.
    browser = requests.Session()
    page = browser.get(f"{a.url}/oidc/login/", timeout=10)  # follows the redirect to the stand-in
    chosen = re.search(r'name="sub" value="([^"]+)"[^>]*>\s*Kari Nordmann', page.text).group(1)
    response = browser.post(page.url, data={"sub": chosen}, timeout=10)  # back to A's callback, then A's pages
    assert response.url.startswith(a.url) and response.status_code == 200
    on_b = browser.get(f"{b.url}/org/{DEMO_ORGNR}/", timeout=10, allow_redirects=False)
    assert on_b.status_code == 200 and "Demo kommune" in on_b.text

    # Created on A, read on B.
    admin = _api(mint_token(kind="idporten", pid=DEMO_ADMIN_PID), DEMO_ADMIN_PID)
    created = admin.post(f"{a.url}/api/v1/organizations/{DEMO_ORGNR}/integrations/", timeout=10,
                         json={"name": "Fagsystem over to servere", "authorized_orgnr": VENDOR_ORGNR})
    assert created.status_code == 201, created.text
    integration_id = created.json()["id"]
    read = admin.get(f"{b.url}/api/v1/organizations/{DEMO_ORGNR}/integrations/{integration_id}/", timeout=10)
    assert read.status_code == 200 and read.json()["name"] == "Fagsystem over to servere"

    # A grant revoked on A: a decision on B denies within a second.
    grant = admin.post(f"{a.url}/api/v1/organizations/{DEMO_ORGNR}/grants/", timeout=10, json={
        "actor": {"type": "integration", "integration_id": integration_id},
        "privilege": "MINSIDE_SOK.INDEX", "service": "MINSIDE_SOK"})
    assert grant.status_code == 201, grant.text
    question = {"actor": {"type": "integration", "integration_id": integration_id},
                "privilege": "MINSIDE_SOK.INDEX", "orgnr": DEMO_ORGNR}
    assert admin.post(f"{b.url}/api/v1/decisions/", json=question, timeout=10).json()["decision"] == "permit"
    revoked = admin.delete(f"{a.url}/api/v1/organizations/{DEMO_ORGNR}/grants/{grant.json()['id']}/", timeout=10)
    assert revoked.status_code == 204, revoked.text
    answers = []
    until = time.monotonic() + 1.0
    while time.monotonic() < until and "deny" not in answers:
        answers.append(admin.post(f"{b.url}/api/v1/decisions/", json=question, timeout=10).json()["decision"])
    assert answers[-1] == "deny", answers

    # One TOTP code: accepted on A, refused on B (allauth's used codes live in the shared Redis).
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    operator = django_user_model.objects.create_superuser("drift-multi", password=OPERATOR_PASSWORD)
    TOTP.activate(operator, generate_totp_secret())
    period = 30  # allauth's TOTP period: both logins must fall in the same one, or B would refuse an old code
    if period - time.time() % period < 10:
        time.sleep(period - time.time() % period + 0.5)
    code = totp_code(stored_totp_secret(operator))
    first = _operator_logs_in(a, operator.username, code)
    assert first.status_code == 302 and first.headers["Location"] == "/admin/", first.text[:500]
    second = _operator_logs_in(b, operator.username, code)
    assert second.status_code == 200  # the 2FA form again, with an error: not logged in
    assert second.headers.get("Location") != "/admin/"

    # The database goes away: 503 on both (problem with Retry-After on the API, the Norwegian page on the web,
    # readyz names the database); when it is back, both serve again without a restart.
    proxy.cut()
    for server in (a, b):
        api = admin.get(f"{server.url}/api/v1/organizations/", timeout=10)
        assert api.status_code == 503 and api.headers["Content-Type"].startswith("application/problem+json")
        assert api.json()["code"] == "service_unavailable" and api.headers["Retry-After"]
        web = browser.get(f"{server.url}/org/{DEMO_ORGNR}/", timeout=10)
        assert web.status_code == 503 and "Midlertidig utilgjengelig" in web.text
        ready = requests.get(f"{server.url}/readyz", timeout=10)
        assert ready.status_code == 503 and ready.json()["checks"] == {"database": "unavailable", "cache": "ok"}
    proxy.restore()
    for server in (a, b):
        assert requests.get(f"{server.url}/readyz", timeout=10).json() == {
            "status": "ok", "checks": {"database": "ok", "cache": "ok"}}
        assert admin.get(f"{server.url}/api/v1/organizations/", timeout=10).status_code == 200
        assert browser.get(f"{server.url}/org/{DEMO_ORGNR}/", timeout=10).status_code == 200

    # Metrics add up over each server's workers and are there only with the token; logs are JSON lines.
    assert requests.get(f"{a.url}/metrics", timeout=10).status_code == 404
    metrics = requests.get(f"{a.url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=10)
    assert metrics.status_code == 200
    assert re.search(r'portal_dependency_errors_total\{dependency="database"\} [1-9]', metrics.text)
    assert re.search(r'portal_http_requests_total\{method="POST",route="api/v1/organizations/.*status="201"\}',
                     metrics.text)
    lines = [json.loads(line) for line in a.log().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    requests_logged = [line for line in lines if line["logger"] == "portal.request"]
    assert access and requests_logged
    assert {"time", "level", "request_id", "method", "path", "status", "duration_ms"} <= set(access[-1])
    logged_ids = {line["request_id"] for line in requests_logged}
    unmatched = [line for line in access if line["request_id"] not in logged_ids]
    assert not unmatched, unmatched  # each gunicorn access line joins the portal's line of the same request
    assert {"route", "caller", "status", "duration_ms", "request_id"} <= set(requests_logged[-1])
    assert DEMO_ADMIN_PID not in a.log() + b.log()
