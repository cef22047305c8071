"""Validation of API access tokens (JWTs from ID-porten, Maskinporten and configured issuers).

`validate_access_token(raw)` returns an `AccessToken` or raises `TokenError` (the API answers 401 with
`WWW-Authenticate: Bearer error="invalid_token"`), `InsufficientScope` (403) or `IssuerUnavailable` (503).
Each failure has a stable `code`. Rules from issue 3 ("Rules", "Bad input"), DESIGN.md "API" and
shared/reference/identity-and-tokens.md, in this order:

1. at most `MAX_TOKEN_BYTES` (8 KiB) of ASCII; three base64url parts (an opaque token is refused);
2. the header first: `alg` in the allow-list (never `none` or HS*), no `jku`, `x5u`, `x5c`, `jwk` or `crit`,
   a `kid`;
3. `iss` read unverified only to choose the trusted issuer by exact match (no trailing-slash or prefix
   tolerance), then the key from that issuer's JWKS by `kid` (api/jwks.py);
4. the numeric claims are sane before PyJWT sees them (`check_time_claims`): `exp`, `iat`, `nbf` finite JSON
   numbers between 1970 and 9999, `exp` after `iat`, `nbf` not after `exp`, and a lifetime `exp − iat` of at
   most `API_MAX_TOKEN_LIFETIME_SECONDS` (issue 9 item 9);
5. PyJWT verifies the signature with the explicit algorithm, requires `exp`, `iat`, `iss`, checks `nbf`/`iat`
   not in the future and `exp` with `API_CLOCK_LEEWAY_SECONDS`, and `aud` when one is configured;
6. id_tokens are refused (`nonce`, `at_hash`/`c_hash` or no `client_id`), claims are type-checked;
7. the caller: Maskinporten needs a `consumer` of `0192:<valid orgnr>`; ID-porten a valid `pid` or `consumer`;
8. `API_REQUIRED_SCOPE` must be one whole space-separated token of `scope`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import math
import re
import time
from dataclasses import dataclass
from typing import Any

import jwt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.translation import gettext as _

from authz.identifiers import is_orgnr, is_pid
from authz.lru import BoundedCache

from . import jwks
from .issuers import ALLOWED_ALGORITHMS, TrustedIssuer, issuer_for, required_audience

logger = logging.getLogger(__name__)

MAX_TOKEN_BYTES = 8 * 1024
FORBIDDEN_HEADERS = ("jku", "x5u", "x5c", "jwk", "crit")
MIN_RSA_BITS = 2048
CONSUMER_AUTHORITY = "iso6523-actorid-upis"
_JWS_SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_ORGNR_ID = re.compile(r"0192:([0-9]{9})")
_ID_TOKEN_CLAIMS = ("nonce", "at_hash", "c_hash")
MAX_VERIFIED_TOKENS = 4096
_verified = BoundedCache(MAX_VERIFIED_TOKENS)


class TokenValidationError(Exception):
    """Base of the validation failures: `code` (stable, machine-readable) and `detail` (for people, translated)."""

    def __init__(self, code: str, detail: str):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class TokenError(TokenValidationError):
    """The token is not a valid access token of a trusted issuer (→ 401 `invalid_token`)."""


class InsufficientScope(TokenValidationError):
    """A valid access token without the required scope (→ 403 `insufficient_scope`)."""


class IssuerUnavailable(TokenValidationError):
    """The issuer's keys cannot be fetched and none are cached (→ 503)."""


@dataclass(frozen=True)
class AccessToken:
    """A validated access token.

    claims: all verified claims; issuer: the `TrustedIssuer` that signed it; kind: "idporten" or "maskinporten";
    scopes: the space-separated `scope` as a tuple; pid: the person's identity number (ID-porten) or None;
    consumer_orgnr: the organization the token acts for (`consumer` `0192:<orgnr>`) or None; supplier_orgnr:
    the vendor acting under a delegation (`supplier`), or None; delegation_source: where that delegation is
    registered (e.g. Altinn), or None; client_id: the OAuth client; jti: the token id, or None.
    """

    claims: dict[str, Any]
    issuer: TrustedIssuer
    kind: str
    scopes: tuple[str, ...]
    pid: str | None
    consumer_orgnr: str | None
    supplier_orgnr: str | None
    delegation_source: str | None
    client_id: str | None
    jti: str | None

    def audit_facts(self) -> dict[str, str]:
        """Facts for audit events (`Context.extra`): issuer, client, token id, supplier, delegation source.

        Never the token itself or the pid.
        """
        facts = {"token_issuer": self.issuer.issuer, "client_id": self.client_id or "", "token_jti": self.jti or ""}
        if self.supplier_orgnr:
            facts["supplier"] = self.supplier_orgnr
        if self.delegation_source:
            facts["delegation_source"] = self.delegation_source
        return {k: v for k, v in facts.items() if v}


def parse_organization_id(value: Any) -> str | None:
    """The orgnr in a `consumer`/`supplier` claim, or None when it is not exactly `0192:<valid orgnr>`.

    Input: the claim, `{"authority": "iso6523-actorid-upis", "ID": "0192:910753614"}` (authority optional).
    Other authorities, more colon parts, spaces, non-ASCII digits or a wrong check digit give None
    (Digdir: "the ID format may grow; parse defensively, accept only 0192: + a valid orgnr").
    """
    if not isinstance(value, dict):
        return None
    authority = value.get("authority", CONSUMER_AUTHORITY)
    identifier = value.get("ID")
    if authority != CONSUMER_AUTHORITY or not isinstance(identifier, str):
        return None
    match = _ORGNR_ID.fullmatch(identifier)
    if not match or not is_orgnr(match.group(1)):
        return None
    return match.group(1)


def _b64decode_json(segment: str, what: str) -> dict:
    try:
        data = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        value = json.loads(data.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: nesting deeper than the interpreter's limit (a few thousand brackets fit in 8 KiB).
        raise TokenError(
            "token_malformed", _("Tilgangstokenets %(part)s er ikke base64url-kodet JSON.") % {"part": what}
        ) from None
    if not isinstance(value, dict):
        raise TokenError("token_malformed", _("Tilgangstokenets %(part)s er ikke et JSON-objekt.") % {"part": what})
    return value


def _check_shape(raw: Any) -> tuple[str, str, str]:
    if not isinstance(raw, str) or not raw:
        raise TokenError("token_malformed", _("Tilgangstoken mangler."))
    if len(raw) > MAX_TOKEN_BYTES or len(raw.encode("utf-8", "surrogatepass")) > MAX_TOKEN_BYTES:
        raise TokenError("token_too_large", _("Tilgangstokenet er større enn %(max)d byte.") % {"max": MAX_TOKEN_BYTES})
    if not _JWS_SHAPE.fullmatch(raw):
        raise TokenError(
            "token_malformed",
            _("Tilgangstokenet er ikke et JWT (tre base64url-deler); opake tokener godtas ikke (opaque)."),
        )
    header, payload, signature = raw.split(".")
    return header, payload, signature


def _check_header(header: dict, signature: str) -> tuple[str, str]:
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in ALLOWED_ALGORITHMS:
        raise TokenError(
            "algorithm_not_allowed",
            _("Tokenets algoritme er ikke tillatt; bruk en av %(algs)s.")
            % {"algs": ", ".join(sorted(ALLOWED_ALGORITHMS))},
        )
    forbidden = sorted(name for name in FORBIDDEN_HEADERS if name in header)
    if forbidden:
        raise TokenError(
            "forbidden_header",
            _("Tokenets header kan ikke inneholde %(names)s: nøkler hentes bare fra utstederens JWKS.")
            % {"names": ", ".join(forbidden)},
        )
    if not signature:
        raise TokenError("token_malformed", _("Tilgangstokenet har ingen signatur."))
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid or len(kid) > 256:
        raise TokenError("unknown_key", _("Tokenets header har ingen brukbar nøkkel-id (kid)."))
    return alg, kid


def _key_builder(issuer: TrustedIssuer, alg: str, kid: str):
    """`build(jwk) -> key` for `jwks.key_object`: the public key, checked against the token's algorithm."""

    def build(jwk_data: dict):
        if jwk_data.get("alg") not in (None, alg):
            raise TokenError("unknown_key", _("Utstederens nøkkel med denne kid passer ikke tokenets algoritme."))
        expected_kty = "EC" if alg.startswith("ES") else "RSA"
        if jwk_data.get("kty") != expected_kty:
            raise TokenError("unknown_key", _("Utstederens nøkkel med denne kid passer ikke tokenets algoritme."))
        try:
            key = jwt.PyJWK(jwk_data, algorithm=alg).key
        except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError, KeyError):
            logger.warning("Unusable JWK %r from %s", kid, issuer.jwks_url)
            raise TokenError("unknown_key", _("Utstederens nøkkel med denne kid kan ikke brukes.")) from None
        if expected_kty == "RSA" and key.key_size < MIN_RSA_BITS:
            raise TokenError("unknown_key", _("Utstederens nøkkel med denne kid er for svak."))
        return key

    return build


def _verification_key(issuer: TrustedIssuer, alg: str, kid: str, *, failed: jwks.KeyObject | None = None):
    """The key object for (issuer, kid) checked against the token's algorithm (None: no replacement for `failed`)."""
    try:
        return jwks.key_object(issuer, kid, alg, _key_builder(issuer, alg, kid), failed=failed)
    except jwks.JwksUnavailable:
        raise IssuerUnavailable(
            "issuer_unavailable", _("Nøklene til tokenutstederen kan ikke hentes nå. Prøv igjen senere.")
        ) from None
    except jwks.KeyNotFound:
        raise TokenError(
            "unknown_key", _("Tilgangstokenet er signert med en nøkkel utstederen ikke publiserer.")
        ) from None


def _verify_signature_and_claims(raw: str, alg: str, kid: str, issuer: TrustedIssuer) -> tuple[dict, jwks.KeyObject]:
    """Decode with the cached key; on a signature failure, once more with a key replaced under the same `kid`."""
    key = _verification_key(issuer, alg, kid)
    try:
        return _decode(raw, key.key, alg, issuer), key
    except TokenError as exc:
        if exc.code != "bad_signature":
            raise
        replacement = _verification_key(issuer, alg, kid, failed=key)
        if replacement is None:
            raise
        logger.info("Signing key %r of %s was replaced; verifying with the new key", kid, issuer.issuer)
        return _decode(raw, replacement.key, alg, issuer), replacement


def _decode(raw: str, key, alg: str, issuer: TrustedIssuer) -> dict:
    try:
        audience = required_audience(issuer)
    except ImproperlyConfigured:
        logger.error("API token refused: no audience configured (set API_AUDIENCE or API_AUDIENCE_CHECK=off)")
        raise IssuerUnavailable(
            "audience_not_configured",
            _("API-et er ikke satt opp med en mottaker (aud) for tilgangstokener. Kontakt driftsansvarlig."),
        ) from None
    try:
        return jwt.decode(
            raw,
            key=key,
            algorithms=[alg],
            issuer=issuer.issuer,
            audience=audience,
            leeway=int(settings.API_CLOCK_LEEWAY_SECONDS),
            options={
                "require": ["exp", "iat", "iss"],
                "verify_signature": True,
                "verify_exp": True,
                "verify_iat": True,
                "verify_nbf": True,
                "verify_iss": True,
                "verify_aud": audience is not None,
            },
        )
    except jwt.ExpiredSignatureError:
        raise TokenError("token_expired", _("Tilgangstokenet er utløpt.")) from None
    except jwt.ImmatureSignatureError:
        raise TokenError(
            "token_not_yet_valid", _("Tilgangstokenet er ikke gyldig ennå (nbf eller iat er frem i tid).")
        ) from None
    except jwt.MissingRequiredClaimError as exc:
        raise TokenError(
            "missing_claim", _("Tilgangstokenet mangler det påkrevde claimet «%(claim)s».") % {"claim": exc.claim}
        ) from None
    except jwt.InvalidAudienceError:
        raise TokenError("wrong_audience", _("Tilgangstokenet er ment for en annen mottaker (aud).")) from None
    except jwt.InvalidIssuerError:
        raise TokenError("unknown_issuer", _("Tokenets utsteder (iss) er ikke godkjent.")) from None
    except jwt.InvalidSignatureError:
        raise TokenError("bad_signature", _("Tokenets signatur er ugyldig.")) from None
    except jwt.InvalidAlgorithmError:
        raise TokenError("algorithm_not_allowed", _("Tokenets algoritme er ikke tillatt.")) from None
    except jwt.InvalidTokenError:
        raise TokenError("invalid_claim", _("Tilgangstokenet har et ugyldig claim.")) from None


def _optional_str(claims: dict, name: str, *, max_length: int = 500) -> str | None:
    value = claims.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > max_length:
        raise TokenError(
            "invalid_claim",
            _("Claimet «%(claim)s» må være en tekst på høyst %(max)d tegn.") % {"claim": name, "max": max_length},
        )
    return value


def _scopes(claims: dict) -> tuple[str, ...]:
    scope = claims.get("scope")
    if scope is None:
        return ()
    if not isinstance(scope, str):
        raise TokenError("invalid_claim", _("Claimet «scope» må være en mellomromsseparert tekst."))
    return tuple(part for part in scope.split(" ") if part)


# NumericDate bounds (RFC 7519 §2): 1970-01-01 to the end of year 9999, beyond which no date library follows.
MAX_NUMERIC_DATE = 253402300799
_TIME_CLAIMS = ("exp", "iat", "nbf")


def check_time_claims(claims: dict, *, max_lifetime: int) -> None:
    """Refuse time claims that no honest issuer sends (issue 9 item 9: "claim sanity").

    Input: the payload (verified or not; it is checked before the signature so that PyJWT never converts an
    absurd number, e.g. `Infinity`, which `json.loads` accepts and `int()` cannot convert), and the largest
    allowed lifetime `exp − iat` in seconds (`API_MAX_TOKEN_LIFETIME_SECONDS`; ID-porten and Maskinporten access
    tokens live minutes). Rules: `exp`, `iat` and `nbf`, when present, are JSON numbers (not strings or
    booleans, RFC 7519 §2 NumericDate), finite and within 0 … `MAX_NUMERIC_DATE`; `exp` is after `iat`;
    `nbf` is not after `exp`; `exp − iat` ≤ `max_lifetime`. Raises `TokenError` (`invalid_claim`, or
    `token_lifetime_too_long` for the lifetime). Presence and expiry against the clock are PyJWT's checks.
    """
    for name in _TIME_CLAIMS:
        if name not in claims:
            continue
        value = claims[name]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TokenError(
                "invalid_claim", _("Claimet «%(claim)s» må være et tall (sekunder siden 1970).") % {"claim": name}
            )
        if not math.isfinite(value) or not 0 <= value <= MAX_NUMERIC_DATE:
            raise TokenError(
                "invalid_claim",
                _("Claimet «%(claim)s» er ikke et tidspunkt mellom 1970 og år 9999.") % {"claim": name},
            )
    exp, iat, nbf = (claims.get(name) for name in _TIME_CLAIMS)
    if exp is not None and iat is not None:
        if exp <= iat:
            raise TokenError("invalid_claim", _("Tilgangstokenet utløper (exp) før det er utstedt (iat)."))
        if exp - iat > max_lifetime:
            raise TokenError(
                "token_lifetime_too_long",
                _("Tilgangstokenet varer for lenge (exp − iat er over %(max)d sekunder).") % {"max": max_lifetime},
            )
    if exp is not None and nbf is not None and nbf > exp:
        raise TokenError("invalid_claim", _("Tilgangstokenet blir gyldig (nbf) etter at det utløper (exp)."))


def _is_id_token(claims: dict) -> bool:
    # Same issuer and key as access tokens (reference): an id_token has `nonce` and `aud` = a client id and lacks
    # `scope`, `client_id` and `consumer`. Every access token of ID-porten and Maskinporten carries `client_id`.
    return any(name in claims for name in _ID_TOKEN_CLAIMS) or "client_id" not in claims


def validate_access_token(raw: str) -> AccessToken:
    """Validate a compact JWS access token and return what it says about the caller.

    A token validated before in this process is not verified again while its verification is remembered
    (`_verified`: keyed by the token's SHA-256, at most `MAX_VERIFIED_TOKENS` entries, never past the token's
    `exp` and only while the signing key object it was verified with is still current, see api/jwks.py); a
    change of settings forgets every remembered verification, so an issuer no longer trusted is refused at
    once. Otherwise as `_validate`.
    """
    digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).digest() if isinstance(raw, str) else None
    if digest is not None:
        remembered = _verified.get(digest)
        if remembered is not None:
            token, key_ref = remembered
            if time.time() < token.claims["exp"] and jwks.is_current(*key_ref):
                return token
            _verified.delete(digest)
    token, key_ref = _validate(raw)
    if digest is not None:
        _verified.set(digest, (token, key_ref), token.claims["exp"] - time.time())
    return token


def forget_verified_tokens(**_kwargs) -> None:
    """Forget every remembered verification and key object (connected to Django's `setting_changed`)."""
    _verified.clear()
    jwks.forget_local_keys()


setting_changed.connect(forget_verified_tokens, dispatch_uid="api.tokens.forget_verified_tokens")


def _validate(raw: str) -> tuple[AccessToken, tuple]:
    """Validate a compact JWS access token and return what it says about the caller.

    Input: the token from `Authorization: Bearer <token>`. Output: `AccessToken`. Raises `TokenError`
    (codes: token_malformed, token_too_large, algorithm_not_allowed, forbidden_header, unknown_issuer,
    unknown_key, bad_signature, token_expired, token_not_yet_valid, token_lifetime_too_long, missing_claim,
    wrong_audience, invalid_claim, id_token_not_accepted, invalid_consumer, invalid_pid), `InsufficientScope`
    (insufficient_scope) or `IssuerUnavailable` (issuer_unavailable). Rules: see the module docstring. Also
    returns what the signature was checked with, (issuer, kid, alg, `jwks.KeyObject`), for
    `validate_access_token`'s memory.
    """
    header_b64, payload_b64, signature = _check_shape(raw)
    header = _b64decode_json(header_b64, "header")
    alg, kid = _check_header(header, signature)

    unverified = _b64decode_json(payload_b64, "payload")
    iss = unverified.get("iss")
    if iss is None:
        raise TokenError(
            "missing_claim", _("Tilgangstokenet mangler det påkrevde claimet «%(claim)s».") % {"claim": "iss"}
        )
    issuer = issuer_for(iss) if isinstance(iss, str) else None
    if issuer is None:
        raise TokenError("unknown_issuer", _("Tokenets utsteder (iss) er ikke godkjent (må stemme tegn for tegn)."))
    if alg not in issuer.algorithms:
        raise TokenError("algorithm_not_allowed", _("Tokenets algoritme er ikke tillatt for denne utstederen."))

    check_time_claims(unverified, max_lifetime=int(settings.API_MAX_TOKEN_LIFETIME_SECONDS))
    claims, key = _verify_signature_and_claims(raw, alg, kid, issuer)

    if _is_id_token(claims):
        raise TokenError("id_token_not_accepted", _("Et id_token er ikke et tilgangstoken; send et tilgangstoken."))
    client_id = _optional_str(claims, "client_id")
    jti = _optional_str(claims, "jti")
    delegation_source = _optional_str(claims, "delegation_source")
    scopes = _scopes(claims)

    consumer_orgnr = parse_organization_id(claims["consumer"]) if "consumer" in claims else None
    if "consumer" in claims and consumer_orgnr is None:
        raise TokenError("invalid_consumer", _("Claimet «consumer» er ikke et organisasjonsnummer (0192:<orgnr>)."))
    supplier_orgnr = parse_organization_id(claims.get("supplier"))
    pid = None
    if issuer.kind == "maskinporten":
        if consumer_orgnr is None:
            raise TokenError("missing_claim", _("Maskinporten-tokenet mangler claimet «consumer»."))
    else:
        if "pid" in claims:
            pid = claims["pid"]
            if not isinstance(pid, str) or not is_pid(pid):
                raise TokenError("invalid_pid", _("Claimet «pid» er ikke et gyldig fødselsnummer eller D-nummer."))
        if pid is None and consumer_orgnr is None:
            raise TokenError("missing_claim", _("ID-porten-tokenet har verken «pid» eller «consumer»."))

    required = settings.API_REQUIRED_SCOPE
    if required and required not in scopes:
        raise InsufficientScope(
            "insufficient_scope", _("Tilgangstokenet mangler scopet «%(scope)s».") % {"scope": required}
        )

    token = AccessToken(
        claims=claims,
        issuer=issuer,
        kind=issuer.kind,
        scopes=scopes,
        pid=pid,
        consumer_orgnr=consumer_orgnr,
        supplier_orgnr=supplier_orgnr,
        delegation_source=delegation_source,
        client_id=client_id,
        jti=jti,
    )
    return token, (issuer, kid, alg, key)
