"""Fixtures: a real JWKS server on loopback, signing keys, trusted-issuer settings, an empty cache per test."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.core.cache import cache
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from .helpers import IDPORTEN_ISSUER, MASKINPORTEN_ISSUER, SigningKey


def _rsa_key(kid: str) -> SigningKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = RSAAlgorithm.to_jwk(private.public_key(), as_dict=True) | {"kid": kid, "use": "sig", "alg": "RS256"}
    return SigningKey(kid=kid, private=private, public_jwk=jwk)


@pytest.fixture(scope="session")
def rsa_keys() -> dict[str, SigningKey]:
    """Three RSA keys ("k1", "k2", "k3") generated once per test session."""
    return {kid: _rsa_key(kid) for kid in ("k1", "k2", "k3")}


@pytest.fixture(scope="session")
def ec_key() -> SigningKey:
    """A P-256 key for ES256."""
    private = ec.generate_private_key(ec.SECP256R1())
    jwk = ECAlgorithm.to_jwk(private.public_key(), as_dict=True) | {"kid": "e1", "use": "sig", "alg": "ES256"}
    return SigningKey(kid="e1", private=private, public_jwk=jwk)


@dataclass
class JwksServer:
    """State of the loopback JWKS server: the published keys, a mode and the requests it received.

    mode: "ok" (serve the JWKS), "error" (HTTP 500), "slow" (sleep `delay` seconds before answering),
    "trickle" (send the headers, then one byte every 0.3 s); raw_body: serve these bytes instead of the JWKS.
    """

    url: str = ""
    keys: list[dict] = field(default_factory=list)
    mode: str = "ok"
    delay: float = 10.0
    requests: int = 0
    raw_body: bytes | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    _server: object = None

    def go_down(self) -> None:
        """Stop listening: connections are refused from now on."""
        self.stop.set()
        self._server.shutdown()
        self._server.server_close()

    def publish(self, *signing_keys: SigningKey) -> None:
        """Serve exactly these keys from now on (key rotation)."""
        self.keys = [k.public_jwk for k in signing_keys]


@pytest.fixture
def jwks_server():
    """A JWKS server on 127.0.0.1 (port 0) in a thread; `url` is its JWKS URL."""
    state = JwksServer()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            state.requests += 1
            if state.mode == "error":
                self.send_error(500)
                return
            if state.mode == "slow":
                state.stop.wait(state.delay)
            body = state.raw_body if state.raw_body is not None else json.dumps({"keys": state.keys}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if state.mode == "trickle":
                for byte in body:
                    if state.stop.wait(0.3):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                return
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/jwk"
    state._server = server
    try:
        yield state
    finally:
        if not state.stop.is_set():
            state.go_down()


@pytest.fixture
def issuer_settings(settings, jwks_server, rsa_keys):
    """Trust a Maskinporten- and an ID-porten-like issuer (the real test issuer names) whose JWKS is on loopback.

    The server publishes k1; the refresh rate limit is off (tests of the limit turn it on), required scope "ks".
    """
    jwks_server.publish(rsa_keys["k1"])
    settings.API_TRUSTED_ISSUERS = []
    settings.API_CUSTOM_ISSUERS = [
        f"maskinporten|{MASKINPORTEN_ISSUER}|{jwks_server.url}",
        f"idporten|{IDPORTEN_ISSUER}|{jwks_server.url}",
    ]
    settings.API_REQUIRED_SCOPE = "ks"
    settings.API_AUDIENCE = ""
    settings.API_JWKS_TIMEOUT_SECONDS = 1.0
    settings.API_JWKS_CACHE_SECONDS = 3600
    settings.API_JWKS_REFRESH_MIN_SECONDS = 0
    settings.API_CLOCK_LEEWAY_SECONDS = 30
    return settings


@pytest.fixture(autouse=True)
def _clear_cache():
    """The JWKS cache lives in Django's cache; start every test without cached keys."""
    cache.clear()
    yield
    cache.clear()
