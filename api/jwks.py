"""Signing keys of trusted issuers: fetched from their JWKS with a timeout, cached in Django's cache framework.

The cache is Django's (`CACHES["default"]`), so several application servers sharing a cache (PostgreSQL,
Redis, memcached) share the keys and the refresh rate limit. Per issuer:
- the JWKS is fresh for `API_JWKS_CACHE_SECONDS`; after that the next request refreshes it;
- when the issuer cannot be reached, the last keys stay usable for `STALE_GRACE_SECONDS` more ("JWKS down
  with keys cached still works");
- a token whose `kid` is not among the cached keys triggers a refresh, but fetches (successful or not) happen
  at most once per `API_JWKS_REFRESH_MIN_SECONDS` per issuer, so random `kid`s cannot make us hammer the issuer;
- a request waits for a fetch at most `API_JWKS_TIMEOUT_SECONDS` (at most 30 s, DESIGN.md "API"); the
  document may be 256 KiB at most;
- a signature that fails with a cached key fetches the JWKS once more (same shared rate limit) before the token is
  refused, so a key replaced by the issuer under the same `kid` is picked up (issue 9, item 10); if another app
  server has already fetched the replacement, it is taken from the shared cache without a fetch.
Each process also keeps the keys it uses as ready key objects (`key_object`) in a bounded in-process cache, for
at most `LOCAL_KEY_SECONDS` and never past the shared entry's freshness, so a request neither asks the shared
cache nor parses a JWK; a refresh in this process forgets that issuer's key objects at once.
Source of the rules: shared/reference/identity-and-tokens.md (select by `kid`, never a key from the token).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import logging
import time
from dataclasses import dataclass

import requests
import urllib3
from django.conf import settings
from django.core.cache import cache

from authz.lru import BoundedCache
from ops import metrics

from .issuers import TrustedIssuer, jwks_timeout_seconds

logger = logging.getLogger(__name__)

STALE_GRACE_SECONDS = 24 * 3600
LOCAL_KEY_SECONDS = 60
MAX_LOCAL_KEYS = 64
MAX_JWKS_BYTES = 256 * 1024
_CACHE_PREFIX = "api:jwks:v1:"
# Downloads run here so a request waits at most the timeout; refreshes are rate-limited, so few run at once.
_executor = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="jwks-fetch")


class JwksUnavailable(Exception):
    """The issuer's JWKS could not be fetched and no keys are cached for it."""


class KeyNotFound(Exception):
    """The JWKS (fresh, or refreshed as far as the rate limit allows) has no usable key with this `kid`."""


class JwksFetchError(Exception):
    """One fetch failed: network error, timeout, non-200 status, oversized or malformed document."""


@dataclass(frozen=True)
class _Entry:
    keys: dict[str, dict]
    fetched_at: float


@dataclass(frozen=True, eq=False)
class KeyObject:
    """A verification key ready for PyJWT: `key` (a `cryptography` public key) built from `jwk` (the JWK dict)."""

    jwk: dict
    key: object


_local_keys = BoundedCache(MAX_LOCAL_KEYS)


def _local_key(issuer: TrustedIssuer, kid: str, alg: str) -> tuple:
    return (issuer.issuer, issuer.jwks_url, kid, alg)


def _cache_key(issuer: TrustedIssuer, suffix: str = "") -> str:
    digest = hashlib.sha256(f"{issuer.issuer}\n{issuer.jwks_url}".encode()).hexdigest()[:32]
    return f"{_CACHE_PREFIX}{digest}{suffix}"


def parse_jwks(document: object) -> dict[str, dict]:
    """Map `kid` to JWK from a JWKS document (RFC 7517 §5).

    Keys without a string `kid`, with `use` other than "sig", or with a duplicate `kid` (ambiguous) are left out.
    Raises `JwksFetchError` when the document is not an object with a `keys` list.
    """
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise JwksFetchError("not a JWKS document")
    keys: dict[str, dict] = {}
    duplicates: set[str] = set()
    for jwk in document["keys"]:
        if not isinstance(jwk, dict):
            continue
        kid = jwk.get("kid")
        if not isinstance(kid, str) or not kid or jwk.get("use", "sig") != "sig":
            continue
        if kid in keys:
            duplicates.add(kid)
        keys[kid] = jwk
    for kid in duplicates:
        del keys[kid]
    return keys


def _download(url: str, *, timeout: float, deadline: float) -> bytes:
    """GET `url`; each connect/read waits at most `timeout`, the body is read only until `deadline`."""
    try:
        with requests.get(url, timeout=(timeout, timeout), stream=True, allow_redirects=False,
                          headers={"Accept": "application/json, application/jwk-set+json",
                                   "Accept-Encoding": "identity"}) as response:
            if response.status_code != 200:
                raise JwksFetchError(f"HTTP {response.status_code}")
            body = bytearray()
            while True:
                if time.monotonic() > deadline:
                    raise JwksFetchError("timeout")
                # read1: at most one socket read, so a server that trickles bytes cannot hold us past `deadline`.
                chunk = response.raw.read1(65536)
                if not chunk:
                    return bytes(body)
                body += chunk
                if len(body) > MAX_JWKS_BYTES:
                    raise JwksFetchError("JWKS too large")
    except requests.RequestException as exc:
        raise JwksFetchError(type(exc).__name__) from None
    except (OSError, urllib3.exceptions.HTTPError) as exc:
        raise JwksFetchError(type(exc).__name__) from None


def fetch_jwks(url: str, *, timeout: float) -> dict[str, dict]:
    """GET the JWKS at `url` and parse it (see `parse_jwks`).

    The caller waits at most `timeout` seconds in all (the download runs in a worker thread, which itself gives
    up soon after), reads at most `MAX_JWKS_BYTES`, and redirects are not followed. Raises `JwksFetchError`.
    """
    future = _executor.submit(_download, url, timeout=timeout, deadline=time.monotonic() + timeout)
    try:
        body = future.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        future.cancel()
        raise JwksFetchError("timeout") from None
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise JwksFetchError("JWKS is not JSON") from None
    return parse_jwks(document)


def _load(issuer: TrustedIssuer) -> _Entry | None:
    raw = cache.get(_cache_key(issuer))
    if not isinstance(raw, dict) or not isinstance(raw.get("keys"), dict):
        return None
    return _Entry(keys=raw["keys"], fetched_at=float(raw.get("fetched_at", 0)))


def _refresh(issuer: TrustedIssuer) -> _Entry | None:
    """Fetch and store the issuer's keys if the rate limit allows; None when not attempted.

    Raises `JwksFetchError` when a fetch was attempted and failed.
    """
    min_interval = int(getattr(settings, "API_JWKS_REFRESH_MIN_SECONDS", 60))
    if min_interval > 0 and not cache.add(_cache_key(issuer, ":attempt"), 1, timeout=min_interval):
        return None
    try:
        keys = fetch_jwks(issuer.jwks_url, timeout=jwks_timeout_seconds())
    except JwksFetchError as exc:
        metrics.jwks_fetched(issuer=issuer.issuer, ok=False)
        logger.warning("JWKS fetch from %s failed: %s", issuer.jwks_url, exc)
        raise
    metrics.jwks_fetched(issuer=issuer.issuer, ok=True)
    entry = _Entry(keys=keys, fetched_at=time.time())
    cache.set(_cache_key(issuer), {"keys": keys, "fetched_at": entry.fetched_at},
              timeout=int(settings.API_JWKS_CACHE_SECONDS) + STALE_GRACE_SECONDS)
    _local_keys.delete_where(lambda key: key[:2] == (issuer.issuer, issuer.jwks_url))
    logger.info("JWKS of %s refreshed: %d signing keys", issuer.issuer, len(keys))
    return entry


def _fresh_seconds(entry: _Entry) -> float:
    return entry.fetched_at + int(settings.API_JWKS_CACHE_SECONDS) - time.time()


def _signing_key_entry(issuer: TrustedIssuer, kid: str) -> tuple[dict, float]:
    """(the JWK with this `kid`, seconds it stays fresh); see `signing_key`."""
    if issuer.local_jwks is not None:
        keys = parse_jwks(issuer.local_jwks())
        if kid in keys:
            return keys[kid], LOCAL_KEY_SECONDS
        raise KeyNotFound(kid)

    entry = _load(issuer)
    refreshed = False
    if entry is None or _fresh_seconds(entry) <= 0:
        try:
            new = _refresh(issuer)
        except JwksFetchError:
            new = None
            if entry is None:
                raise JwksUnavailable(issuer.jwks_url) from None
        if new is not None:
            entry, refreshed = new, True
        elif entry is None:
            raise JwksUnavailable(issuer.jwks_url)
    if kid in entry.keys:
        return entry.keys[kid], _fresh_seconds(entry)
    if refreshed:
        raise KeyNotFound(kid)
    try:
        new = _refresh(issuer)
    except JwksFetchError:
        raise JwksUnavailable(issuer.jwks_url) from None
    if new is not None and kid in new.keys:
        return new.keys[kid], _fresh_seconds(new)
    raise KeyNotFound(kid)


def signing_key(issuer: TrustedIssuer, kid: str) -> dict:
    """The JWK (dict) with this `kid` from the issuer's JWKS, refreshing the cache as described above.

    Raises `KeyNotFound` when no such key exists after the allowed refresh, `JwksUnavailable` when the JWKS
    cannot be fetched and nothing usable is cached (or the refresh for an unknown `kid` failed).
    """
    return _signing_key_entry(issuer, kid)[0]


def _replacement_key(issuer: TrustedIssuer, kid: str, failed: dict) -> tuple[dict, float] | None:
    """After a signature failed with the JWK `failed`: a different JWK now published under `kid`, or None.

    Looks in the shared cache first (another app server may have fetched it), then fetches once if the shared
    rate limit allows. A fetch that fails, or a JWKS that still has `failed` (or no key) under `kid`, gives None.
    """
    if issuer.local_jwks is not None:
        keys = parse_jwks(issuer.local_jwks())
        return (keys[kid], LOCAL_KEY_SECONDS) if keys.get(kid) not in (None, failed) else None
    entry = _load(issuer)
    if entry is not None and entry.keys.get(kid) not in (None, failed):
        return entry.keys[kid], _fresh_seconds(entry)
    try:
        new = _refresh(issuer)
    except JwksFetchError:
        return None
    if new is not None and new.keys.get(kid) not in (None, failed):
        return new.keys[kid], _fresh_seconds(new)
    return None


def key_object(issuer: TrustedIssuer, kid: str, alg: str, build, *, failed: KeyObject | None = None
               ) -> KeyObject | None:
    """The verification key for (issuer, kid, alg) as a `KeyObject`, from this process's bounded cache if it has one.

    `build(jwk) -> key` turns a JWK into a key object (and raises if the JWK does not fit `alg`). With `failed`
    (a key a signature just failed with): that key is forgotten and a replacement published under the same `kid`
    is looked for (`_replacement_key`); None when there is none. Raises what `signing_key` and `build` raise.
    """
    local = _local_key(issuer, kid, alg)
    if failed is None:
        cached = _local_keys.get(local)
        if cached is not None:
            return cached
        jwk_data, fresh = _signing_key_entry(issuer, kid)
    else:
        _local_keys.delete(local)
        found = _replacement_key(issuer, kid, failed.jwk)
        if found is None:
            return None
        jwk_data, fresh = found
    obj = KeyObject(jwk=jwk_data, key=build(jwk_data))
    _local_keys.set(local, obj, min(LOCAL_KEY_SECONDS, fresh))
    return obj


def is_current(issuer: TrustedIssuer, kid: str, alg: str, obj: KeyObject) -> bool:
    """True while `obj` is still this process's key object for (issuer, kid, alg) (not expired, not replaced)."""
    return _local_keys.get(_local_key(issuer, kid, alg)) is obj


def forget_local_keys() -> None:
    """Forget every key object held by this process (settings changed; tests)."""
    _local_keys.clear()


def clear_cache(issuer: TrustedIssuer) -> None:
    """Forget the cached keys and the rate-limit marker of `issuer` (tests and operators)."""
    cache.delete_many([_cache_key(issuer), _cache_key(issuer, ":attempt")])
    _local_keys.delete_where(lambda key: key[:2] == (issuer.issuer, issuer.jwks_url))
