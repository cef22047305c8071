"""A loopback stand-in for Enhetsregisteret's open API, for `./dev run` and the tests (never production).

It answers `GET /enhetsregisteret/api/enheter/{orgnr}` like Brønnøysundregistrene's API for a handful of
entities (`ENTITIES`: the demo organizations, the demo vendor, and a few public bodies under their real numbers),
404 for any other valid-looking number and 400 for anything else. Tests can make it misbehave through
`RunningRegistry.mode`: "ok", "garbage" (200 with a body that is not the registry's JSON), "error" (500) or
"slow" (waits `slow_seconds` before answering, longer than the portal's timeout).
"""

from __future__ import annotations

import json
import re
import threading
import time
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# orgnr → (name, organization form code, its description), as the real registry spells them.
ENTITIES = {
    "123456785": ("DEMO KOMMUNE", "KOMM", "Kommune"),
    "314168267": ("TESTVIK KOMMUNE", "KOMM", "Kommune"),
    "910753614": ("FAGSYSTEMLEVERANDØREN AS", "AS", "Aksjeselskap"),
    "971032146": ("KS", "ORGL", "Organisasjonsledd"),
    "991825827": ("DIGITALISERINGSDIREKTORATET", "ORGL", "Organisasjonsledd"),
    "889640782": ("ARBEIDS- OG VELFERDSETATEN", "ORGL", "Organisasjonsledd"),
}
MODES = ("ok", "garbage", "error", "slow")
_PATH = re.compile(r"/enhetsregisteret/api/enheter/([^/]*)")


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        """No request log on stderr (the tests' output stays readable)."""


class RunningRegistry:
    """A started stand-in: `base_url`, `mode` (see the module docstring), `requests` seen, and `stop()`."""

    def __init__(self, host: str, port: int):
        self.mode = "ok"
        self.slow_seconds = 3.0
        self.requests: list[str] = []
        self._server = make_server(host, port, self._app, server_class=_Server, handler_class=_QuietHandler)
        self.base_url = f"http://{host}:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"enhetsregisteret-standin-{self._server.server_port}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and free the port (idempotent)."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)

    def _app(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        self.requests.append(path)
        match = _PATH.fullmatch(path)
        if environ.get("REQUEST_METHOD") != "GET" or not match:
            return _json(start_response, "404 Not Found", {"status": 404, "error": "Not Found"})
        orgnr = match.group(1)
        if self.mode == "slow":
            time.sleep(self.slow_seconds)
        if self.mode == "error":
            return _json(start_response, "500 Internal Server Error", {"status": 500})
        if self.mode == "garbage":
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [b"<html><body>Vedlikehold</body></html>"]
        if not re.fullmatch(r"[0-9]{9}", orgnr):
            return _json(start_response, "400 Bad Request", {"status": 400, "valideringsfeil": [
                {"feilmelding": "Ugyldig organisasjonsnummer", "parametre": ["organisasjonsnummer"]}]})
        if orgnr not in ENTITIES:
            start_response("404 Not Found", [("Content-Length", "0")])
            return [b""]
        name, form_code, form_description = ENTITIES[orgnr]
        return _json(start_response, "200 OK", {
            "organisasjonsnummer": orgnr,
            "navn": name,
            "organisasjonsform": {"kode": form_code, "beskrivelse": form_description},
            "_links": {"self": {"href": f"{self.base_url}/enhetsregisteret/api/enheter/{orgnr}"}},
        })


def _json(start_response, status: str, body: dict) -> list[bytes]:
    data = json.dumps(body, ensure_ascii=False).encode()
    start_response(status, [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(data)))])
    return [data]


def start_registry(host: str = "127.0.0.1", port: int = 0) -> RunningRegistry:
    """Start the stand-in in a background thread on `host`:`port` (0 = a free port).

    Output: a `RunningRegistry`; point the portal at it with `settings.ENHETSREGISTERET_URL = running.base_url`.
    Raises `ImproperlyConfigured` outside development mode (PORTAL_DEVELOPMENT_MODE) or for a host that is not
    127.0.0.1/localhost, `OSError` if the port is taken.
    """
    if not getattr(settings, "PORTAL_DEVELOPMENT_MODE", False):
        raise ImproperlyConfigured("The Enhetsregisteret stand-in runs only in development mode")
    if host not in ("127.0.0.1", "localhost"):
        raise ImproperlyConfigured(f"The Enhetsregisteret stand-in listens only on loopback, not {host!r}")
    return RunningRegistry(host, port)
