"""Trusted issuers of API access tokens: ID-porten and Maskinporten presets, custom issuers, the development issuer.

Configuration (config/settings/base.py, documented in .env.example):
- `API_TRUSTED_ISSUERS`: comma-separated preset names from `PRESETS` ("idporten-prod", "idporten-test",
  "maskinporten-prod", "maskinporten-test") or "development" (only with `PORTAL_DEVELOPMENT_MODE`; the
  production settings refuse it).
- `API_CUSTOM_ISSUERS`: comma-separated `kind|issuer|jwks_url` or `kind|issuer|jwks_url|audience` entries, e.g.
  `maskinporten|https://maskinporten.example/|https://maskinporten.example/jwk`. The JWKS URL must use https
  except in development mode, and except a loopback address (127.0.0.0/8, ::1, localhost) where the settings
  module sets `API_JWKS_ALLOW_LOOPBACK_HTTP` (only `config.settings.bench`, whose token issuer runs on this
  machine; it is no environment variable, so a production deployment cannot turn it on).
- `API_JWKS_TIMEOUT_SECONDS` (0 < t ≤ 30, the outbound-call limit of DESIGN.md "API").

Values from Digdir's documentation (shared/reference/identity-and-tokens.md): the issuer is matched exactly,
ID-porten's without and Maskinporten's with a trailing slash.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

IssuerKind = Literal["idporten", "maskinporten"]

# Asymmetric algorithms only: never "none" or HS* (an HMAC "secret" could be the issuer's public key).
ALLOWED_ALGORITHMS = frozenset({"RS256", "PS256", "ES256"})
MAX_JWKS_TIMEOUT_SECONDS = 30.0
DEVELOPMENT = "development"


@dataclass(frozen=True)
class TrustedIssuer:
    """One issuer whose access tokens the API accepts.

    issuer: the exact `iss` value; jwks_url: where its signing keys are published; kind: "idporten" (persons,
    `pid`) or "maskinporten" (organizations, `consumer`); audience: the `aud` required of its tokens, or None
    (then `API_AUDIENCE` applies, and with neither `aud` is not checked); algorithms: the allowed `alg` values,
    a subset of `ALLOWED_ALGORITHMS`; name: the preset name, for logs; local_jwks: for the development issuer,
    a function returning its JWKS in-process instead of over HTTP. Raises `ImproperlyConfigured` on bad values.
    """

    issuer: str
    jwks_url: str
    kind: IssuerKind
    audience: str | None = None
    algorithms: tuple[str, ...] = ("RS256",)
    name: str = ""
    local_jwks: Callable[[], dict] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if self.kind not in ("idporten", "maskinporten"):
            raise ImproperlyConfigured(f"Trusted issuer {self.issuer!r}: kind must be 'idporten' or 'maskinporten'")
        if not self.issuer or self.issuer != self.issuer.strip():
            raise ImproperlyConfigured(f"Trusted issuer {self.issuer!r}: empty or surrounded by whitespace")
        if not self.algorithms or not set(self.algorithms) <= ALLOWED_ALGORITHMS:
            raise ImproperlyConfigured(
                f"Trusted issuer {self.issuer!r}: algorithms must be a non-empty subset of {sorted(ALLOWED_ALGORITHMS)}"
            )
        if self.local_jwks is None:
            parts = urlsplit(self.jwks_url)
            if parts.scheme not in ("https", "http") or not parts.netloc:
                raise ImproperlyConfigured(f"Trusted issuer {self.issuer!r}: JWKS URL {self.jwks_url!r} is not a URL")


PRESETS: dict[str, TrustedIssuer] = {
    "idporten-prod": TrustedIssuer(
        issuer="https://idporten.no", jwks_url="https://idporten.no/jwks.json", kind="idporten",
        name="idporten-prod",
    ),
    "idporten-test": TrustedIssuer(
        issuer="https://test.idporten.no", jwks_url="https://test.idporten.no/jwks.json", kind="idporten",
        name="idporten-test",
    ),
    "maskinporten-prod": TrustedIssuer(
        issuer="https://maskinporten.no/", jwks_url="https://maskinporten.no/jwk", kind="maskinporten",
        name="maskinporten-prod",
    ),
    "maskinporten-test": TrustedIssuer(
        issuer="https://test.maskinporten.no/", jwks_url="https://test.maskinporten.no/jwk", kind="maskinporten",
        name="maskinporten-test",
    ),
}


def is_loopback_url(url: str) -> bool:
    """True if `url`'s host is `localhost` or a loopback address (127.0.0.0/8, ::1)."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_custom_issuers(entries: list[str] | tuple[str, ...], *, allow_http: bool,
                         allow_loopback_http: bool = False) -> list[TrustedIssuer]:
    """Parse `API_CUSTOM_ISSUERS` entries (`kind|issuer|jwks_url[|audience]`) into `TrustedIssuer`s.

    `allow_http`: whether a plain-http JWKS URL is acceptable (development mode only); `allow_loopback_http`:
    whether it is acceptable on a loopback address (`is_loopback_url`; the benchmark's local issuer). Raises
    `ImproperlyConfigured` for a malformed entry.
    """
    issuers = []
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        parts = [p.strip() for p in entry.split("|")]
        if len(parts) not in (3, 4) or not all(parts):
            raise ImproperlyConfigured(f"API_CUSTOM_ISSUERS entry {entry!r}: expected kind|issuer|jwks_url[|audience]")
        kind, issuer, jwks_url = parts[:3]
        audience = parts[3] if len(parts) == 4 else None
        if (urlsplit(jwks_url).scheme != "https" and not allow_http
                and not (allow_loopback_http and is_loopback_url(jwks_url))):
            raise ImproperlyConfigured(f"API_CUSTOM_ISSUERS entry {entry!r}: the JWKS URL must use https")
        issuers.append(TrustedIssuer(issuer=issuer, jwks_url=jwks_url, kind=kind, audience=audience, name="custom"))
    return issuers


def jwks_timeout_seconds() -> float:
    """`API_JWKS_TIMEOUT_SECONDS` checked: more than 0 and at most 30. Raises `ImproperlyConfigured`."""
    timeout = float(settings.API_JWKS_TIMEOUT_SECONDS)
    if not 0 < timeout <= MAX_JWKS_TIMEOUT_SECONDS:
        raise ImproperlyConfigured(
            f"API_JWKS_TIMEOUT_SECONDS must be more than 0 and at most {MAX_JWKS_TIMEOUT_SECONDS:g}"
        )
    return timeout


def trusted_issuers() -> list[TrustedIssuer]:
    """The issuers the API trusts, from settings: presets by name, custom issuers, the development issuer.

    Output: list of `TrustedIssuer`, each `issuer` at most once. Raises `ImproperlyConfigured` for an unknown
    preset name, "development" without `PORTAL_DEVELOPMENT_MODE`, a malformed custom entry, a duplicate issuer
    or a JWKS timeout outside (0, 30] s.
    """
    jwks_timeout_seconds()
    development_mode = bool(getattr(settings, "PORTAL_DEVELOPMENT_MODE", False))
    result: list[TrustedIssuer] = []
    for name in settings.API_TRUSTED_ISSUERS:
        name = name.strip()
        if not name:
            continue
        if name == DEVELOPMENT:
            if not development_mode:
                raise ImproperlyConfigured("The development token issuer needs PORTAL_DEVELOPMENT_MODE")
            from .devissuer import development_issuers

            result.extend(development_issuers())
        elif name in PRESETS:
            result.append(PRESETS[name])
        else:
            raise ImproperlyConfigured(
                f"API_TRUSTED_ISSUERS: unknown issuer {name!r}; choose from {sorted([*PRESETS, DEVELOPMENT])}"
            )
    result.extend(parse_custom_issuers(
        getattr(settings, "API_CUSTOM_ISSUERS", []), allow_http=development_mode,
        allow_loopback_http=bool(getattr(settings, "API_JWKS_ALLOW_LOOPBACK_HTTP", False)),
    ))
    seen: set[str] = set()
    for issuer in result:
        if issuer.issuer in seen:
            raise ImproperlyConfigured(f"Trusted issuer {issuer.issuer!r} is configured twice")
        seen.add(issuer.issuer)
    return result


AUDIENCE_CHECK_VALUES = ("on", "off")


def audience_check_enabled() -> bool:
    """`API_AUDIENCE_CHECK`: True for "on" (the default), False for "off". Raises `ImproperlyConfigured` otherwise."""
    value = str(getattr(settings, "API_AUDIENCE_CHECK", "on")).strip().lower()
    if value not in AUDIENCE_CHECK_VALUES:
        raise ImproperlyConfigured(f"API_AUDIENCE_CHECK must be 'on' or 'off', not {value!r}")
    return value == "on"


def configured_audience(issuer: TrustedIssuer) -> str | None:
    """The audience configured for `issuer`'s tokens: `API_AUDIENCE`, else its own (`API_CUSTOM_ISSUERS`), else None."""
    return settings.API_AUDIENCE or issuer.audience or None


def required_audience(issuer: TrustedIssuer) -> str | None:
    """The `aud` a token of `issuer` must carry, or None when `aud` is not checked.

    None when `API_AUDIENCE_CHECK` is "off" (an explicit opt-out), or in development mode with no audience
    configured (the development issuer's tokens). Raises `ImproperlyConfigured` when the check is on, no audience
    is configured and this is not development mode: a token minted for another API must never pass unnoticed.
    """
    if not audience_check_enabled():
        return None
    audience = configured_audience(issuer)
    if audience is None and not getattr(settings, "PORTAL_DEVELOPMENT_MODE", False):
        raise ImproperlyConfigured(
            "API_AUDIENCE is empty and API_AUDIENCE_CHECK is on: set the API's audience or API_AUDIENCE_CHECK=off"
        )
    return audience


def issuer_for(iss: str) -> TrustedIssuer | None:
    """The trusted issuer whose `issuer` equals `iss` exactly (no trailing-slash or prefix tolerance), or None."""
    for issuer in trusted_issuers():
        if issuer.issuer == iss:
            return issuer
    return None
