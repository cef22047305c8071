"""The development token issuer: mints Maskinporten- and ID-porten-shaped access tokens for local use.

Only with `PORTAL_DEVELOPMENT_MODE` (development and test settings); production settings refuse it. Its RSA key
pair is generated on first use and kept in `DEV_ISSUER_KEY_FILE` (default `var/dev-issuer-key.pem`, ignored by
git, never committed). Two issuers share the key, one per kind, shaped like the real ones (Maskinporten's with
a trailing slash). The API reads the JWKS in-process; `jwks_view` also serves it at `/api/dev-issuer/jwks.json`
for curious clients.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import secrets
import tempfile
import time
import uuid
from functools import lru_cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET
from jwt.algorithms import RSAAlgorithm

from authz.identifiers import validate_orgnr, validate_pid

from .issuers import TrustedIssuer

DEV_ISSUER_BASE = "http://127.0.0.1:8000/dev-issuer"
MASKINPORTEN_ISSUER = f"{DEV_ISSUER_BASE}/maskinporten/"
IDPORTEN_ISSUER = f"{DEV_ISSUER_BASE}/idporten"
DEV_CLIENT_ID = "dev-client-0000"
# The organization owning the development client in ID-porten-shaped tokens without --orgnr (Digdir).
DEFAULT_CLIENT_ORGNR = "991825827"
JWKS_PATH = "/api/dev-issuer/jwks.json"


def _require_development_mode() -> None:
    if not getattr(settings, "PORTAL_DEVELOPMENT_MODE", False):
        raise ImproperlyConfigured("The development token issuer is only available with PORTAL_DEVELOPMENT_MODE")


def key_file() -> Path:
    """Where the private key is kept: `settings.DEV_ISSUER_KEY_FILE` or `BASE_DIR/var/dev-issuer-key.pem`."""
    configured = getattr(settings, "DEV_ISSUER_KEY_FILE", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "dev-issuer-key.pem"


def _generate_key_file(path: Path) -> None:
    """Write a new 2048-bit RSA key (PKCS#8 PEM, mode 0600) to `path` unless another process already did."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".dev-issuer-")
    try:
        os.write(fd, pem)
        os.close(fd)
        # Atomic, and fails if the file exists: concurrent first uses agree on one key.
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        os.unlink(tmp)


@lru_cache(maxsize=4)
def _load_key(path: str) -> rsa.RSAPrivateKey:
    return serialization.load_pem_private_key(Path(path).read_bytes(), password=None)


def private_key() -> rsa.RSAPrivateKey:
    """The development issuer's private key, generated on first use. Raises `ImproperlyConfigured` outside dev."""
    _require_development_mode()
    path = key_file()
    if not path.exists():
        _generate_key_file(path)
    return _load_key(str(path))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def public_jwk() -> dict:
    """The public key as a JWK with `kid` = its RFC 7638 thumbprint, `use` "sig", `alg` "RS256"."""
    jwk = RSAAlgorithm.to_jwk(private_key().public_key(), as_dict=True)
    canonical = json.dumps({"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}, separators=(",", ":"), sort_keys=True)
    return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": _b64(hashlib.sha256(canonical.encode()).digest()),
            "n": jwk["n"], "e": jwk["e"]}


def jwks() -> dict:
    """The development issuer's JWKS document: `{"keys": [<public JWK>]}`."""
    return {"keys": [public_jwk()]}


def development_issuers() -> list[TrustedIssuer]:
    """The two development issuers (kind maskinporten and idporten), reading the JWKS in-process."""
    _require_development_mode()
    return [
        TrustedIssuer(issuer=MASKINPORTEN_ISSUER, jwks_url=f"http://127.0.0.1:8000{JWKS_PATH}", kind="maskinporten",
                      name="development", local_jwks=jwks),
        TrustedIssuer(issuer=IDPORTEN_ISSUER, jwks_url=f"http://127.0.0.1:8000{JWKS_PATH}", kind="idporten",
                      name="development", local_jwks=jwks),
    ]


def mint_token(*, kind: str = "maskinporten", orgnr: str | None = None, pid: str | None = None,
               scope: str = "ks", lifetime: int = 3600, extra: dict | None = None) -> str:
    """Sign a development access token shaped like a real Maskinporten or ID-porten one.

    kind "maskinporten": needs `orgnr` (the `consumer`, `0192:<orgnr>`). kind "idporten": needs `pid`; the
    `consumer` is `orgnr` or `DEFAULT_CLIENT_ORGNR`. `scope`: space-separated scopes; `lifetime`: seconds
    (1 to `API_MAX_TOKEN_LIFETIME_SECONDS`, the longest the API accepts); `extra`: claims merged last (a value of
    None removes the claim). `aud` is `API_AUDIENCE` when configured, otherwise "unspecified" as Digdir sends.
    Output: the compact JWS (RS256, header `kid`).
    Raises `ImproperlyConfigured` outside development mode, `ValidationError` for bad orgnr/pid/kind/lifetime.
    """
    _require_development_mode()
    if kind not in ("maskinporten", "idporten"):
        raise ValidationError("kind must be 'maskinporten' or 'idporten'")
    if not 1 <= int(lifetime) <= settings.API_MAX_TOKEN_LIFETIME_SECONDS:
        raise ValidationError(f"lifetime must be 1 to {settings.API_MAX_TOKEN_LIFETIME_SECONDS} seconds "
                              "(API_MAX_TOKEN_LIFETIME_SECONDS)")
    now = int(time.time())
    claims: dict = {
        "scope": scope,
        "client_id": DEV_CLIENT_ID,
        "client_amr": "private_key_jwt",
        "token_type": "Bearer",
        "aud": settings.API_AUDIENCE or "unspecified",
        "iat": now,
        "exp": now + int(lifetime),
        "jti": secrets.token_urlsafe(16),
    }
    if kind == "maskinporten":
        if not orgnr:
            raise ValidationError("a Maskinporten token needs an orgnr")
        validate_orgnr(orgnr)
        claims |= {"iss": MASKINPORTEN_ISSUER,
                   "consumer": {"authority": "iso6523-actorid-upis", "ID": f"0192:{orgnr}"}}
    else:
        if not pid:
            raise ValidationError("an ID-porten token needs a pid")
        validate_pid(pid)
        client_orgnr = orgnr or DEFAULT_CLIENT_ORGNR
        validate_orgnr(client_orgnr)
        claims |= {"iss": IDPORTEN_ISSUER, "pid": pid, "sub": str(uuid.uuid5(uuid.NAMESPACE_URL, pid)),
                   "acr": "idporten-loa-substantial",
                   "consumer": {"authority": "iso6523-actorid-upis", "ID": f"0192:{client_orgnr}"}}
    for name, value in (extra or {}).items():
        if value is None:
            claims.pop(name, None)
        else:
            claims[name] = value
    return jwt.encode(claims, private_key(), algorithm="RS256", headers={"kid": public_jwk()["kid"]})


@require_GET
def jwks_view(request):
    """GET /api/dev-issuer/jwks.json: the development issuer's JWKS; 404 unless `PORTAL_DEVELOPMENT_MODE`."""
    if not getattr(settings, "PORTAL_DEVELOPMENT_MODE", False):
        raise Http404
    return JsonResponse(jwks(), json_dumps_params={"separators": (",", ":")},
                        content_type="application/json; charset=utf-8")
