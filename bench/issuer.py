"""The benchmark's token issuer: an RSA key made per run, its JWKS served over http on 127.0.0.1, tokens signed here.

The API trusts it through `API_CUSTOM_ISSUERS` (two entries, one Maskinporten- and one ID-porten-shaped issuer
sharing the JWKS), which `config.settings.bench` allows over http on a loopback address only. The API fetches
the JWKS as it fetches Maskinporten's: over HTTP, cached in the shared cache.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

JWKS_PATH = "/jwks.json"


class Issuer:
    """A loopback issuer. `start()` serves the JWKS; `custom_issuers()` is the `API_CUSTOM_ISSUERS` value.

    Tokens: `maskinporten(orgnr)` (consumer `0192:<orgnr>`) and `idporten(pid)`, scope `ks`, valid for
    `lifetime` seconds, RS256 with header `kid`.
    """

    def __init__(self, *, lifetime: int = 3600):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_urlsafe(8)
        self.lifetime = lifetime
        self.server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>` once started."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def jwks(self) -> dict:
        """The JWKS document: the public key with `kid`, `use` "sig", `alg` "RS256"."""
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def start(self) -> None:
        """Serve the JWKS at `<base_url>/jwks.json` from a daemon thread (port chosen by the system)."""
        body = json.dumps(self.jwks()).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path != JWKS_PATH:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True, name="bench-jwks").start()

    def stop(self) -> None:
        """Stop serving."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    @property
    def maskinporten_issuer(self) -> str:
        """The Maskinporten-shaped issuer (with a trailing slash, as Maskinporten's)."""
        return f"{self.base_url}/maskinporten/"

    @property
    def idporten_issuer(self) -> str:
        """The ID-porten-shaped issuer (without a trailing slash, as ID-porten's)."""
        return f"{self.base_url}/idporten"

    def custom_issuers(self) -> str:
        """The `API_CUSTOM_ISSUERS` value trusting both issuers (`kind|issuer|jwks_url`, comma-separated)."""
        jwks_url = f"{self.base_url}{JWKS_PATH}"
        return f"maskinporten|{self.maskinporten_issuer}|{jwks_url},idporten|{self.idporten_issuer}|{jwks_url}"

    def _sign(self, claims: dict) -> str:
        now = int(time.time())
        claims = {"scope": "ks", "client_id": "bench-client", "client_amr": "private_key_jwt",
                  "token_type": "Bearer", "aud": "unspecified", "iat": now, "exp": now + self.lifetime,
                  "jti": secrets.token_urlsafe(16), **claims}
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})

    def maskinporten(self, orgnr: str) -> str:
        """A Maskinporten-shaped access token for the organization `orgnr` (the `consumer`)."""
        return self._sign({"iss": self.maskinporten_issuer,
                           "consumer": {"authority": "iso6523-actorid-upis", "ID": f"0192:{orgnr}"}})

    def idporten(self, pid: str, *, client_orgnr: str) -> str:
        """An ID-porten-shaped access token for the person `pid`, from a client owned by `client_orgnr`."""
        return self._sign({"iss": self.idporten_issuer, "pid": pid, "sub": secrets.token_urlsafe(16), "acr":
                           "idporten-loa-substantial",
                           "consumer": {"authority": "iso6523-actorid-upis", "ID": f"0192:{client_orgnr}"}})
