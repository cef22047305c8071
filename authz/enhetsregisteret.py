"""Organization names from Enhetsregisteret (Brønnøysundregistrene's open API), for showing orgnrs with a name.

`GET {ENHETSREGISTERET_URL}/enhetsregisteret/api/enheter/{orgnr}` answers JSON with `organisasjonsnummer` and
`navn` (https://data.brreg.no/enhetsregisteret/api/dokumentasjon/no/index.html); 404 for an unknown number and
410 for a deleted one. The name is decoration: a registry that is slow, down or answers garbage must never block a
page or a save, so every lookup has a short timeout (`ENHETSREGISTERET_TIMEOUT_SECONDS`), answers are cached in
the Django cache (found for `ENHETSREGISTERET_CACHE_SECONDS`, not found for an hour), and after a failure the
registry is left alone for `DOWN_SECONDS` (a page with 25 orgnrs waits for one timeout at most, not 25).
Cache keys include the base URL, so a different registry (or a test's stand-in on another port) never sees
another's answers. An empty `ENHETSREGISTERET_URL` turns lookups off (every name unknown).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from enum import StrEnum

import requests
from django.conf import settings
from django.core.cache import cache

from .identifiers import is_orgnr

logger = logging.getLogger(__name__)

NOT_FOUND_CACHE_SECONDS = 60 * 60
DOWN_SECONDS = 30
NAME_MAX_LENGTH = 200


class Status(StrEnum):
    """What the registry said: a name, no such organization, or nothing usable (slow, down, garbage, off)."""

    FOUND = "found"
    NOT_FOUND = "not_found"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class OrganizationName:
    """The answer for one orgnr: `name` is the registry's name when `status` is FOUND, else None."""

    orgnr: str
    status: Status
    name: str | None = None


def _base_url() -> str:
    return (getattr(settings, "ENHETSREGISTERET_URL", "") or "").rstrip("/")


def _key(base_url: str, suffix: str) -> str:
    digest = hashlib.sha256(base_url.encode()).hexdigest()[:16]
    return f"enhetsregisteret:v1:{digest}:{suffix}"


def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception:  # a cache outage must not break a page; the name is only decoration
        logger.warning("Cache unavailable for Enhetsregisteret lookups", exc_info=True)
        return None


def _cache_set(key: str, value, timeout: int) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception:  # see _cache_get
        logger.warning("Cache unavailable for Enhetsregisteret lookups", exc_info=True)


def _parse(orgnr: str, response: requests.Response) -> OrganizationName | None:
    """The registry's answer as an `OrganizationName`, or None if it is not a usable answer (garbage, errors)."""
    if response.status_code in (404, 410):
        return OrganizationName(orgnr, Status.NOT_FOUND)
    if response.status_code != 200:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict) or body.get("organisasjonsnummer") != orgnr:
        return None
    name = body.get("navn")
    if not isinstance(name, str):
        return None
    name = " ".join(name.split())  # no control characters or runs of whitespace from the registry
    if not name or len(name) > NAME_MAX_LENGTH:
        return None
    return OrganizationName(orgnr, Status.FOUND, name)


def organization_name(orgnr: str) -> OrganizationName:
    """The name Enhetsregisteret gives `orgnr`, from the cache or the registry; never raises, never waits long.

    Input: any string (only a valid orgnr is looked up; anything else is UNKNOWN without a request).
    Output: `OrganizationName` with status FOUND and the name, NOT_FOUND (404/410: no such or a deleted
    organization), or UNKNOWN (lookups off, registry down, slow past the timeout, an error status, or a body
    that is not JSON naming this orgnr with a 1-200 character `navn`). FOUND and NOT_FOUND are cached; UNKNOWN
    marks the registry down for `DOWN_SECONDS` so further lookups answer UNKNOWN at once.
    """
    base_url = _base_url()
    if not base_url or not is_orgnr(orgnr):
        return OrganizationName(orgnr, Status.UNKNOWN)
    key = _key(base_url, orgnr)
    cached = _cache_get(key)
    if isinstance(cached, dict) and cached.get("status") in (Status.FOUND, Status.NOT_FOUND):
        return OrganizationName(orgnr, Status(cached["status"]), cached.get("name"))
    down_key = _key(base_url, "down")
    if _cache_get(down_key):
        return OrganizationName(orgnr, Status.UNKNOWN)
    timeout = settings.ENHETSREGISTERET_TIMEOUT_SECONDS
    try:
        response = requests.get(
            f"{base_url}/enhetsregisteret/api/enheter/{orgnr}",
            headers={"Accept": "application/json"}, timeout=(timeout, timeout), allow_redirects=False,
        )
        result = _parse(orgnr, response)
    except requests.RequestException as error:
        logger.warning("Enhetsregisteret lookup failed: %s", type(error).__name__)
        result = None
    if result is None:
        logger.warning("Enhetsregisteret gave no usable answer; names shown as unknown for %ss", DOWN_SECONDS)
        _cache_set(down_key, True, DOWN_SECONDS)
        return OrganizationName(orgnr, Status.UNKNOWN)
    lifetime = settings.ENHETSREGISTERET_CACHE_SECONDS if result.status == Status.FOUND else NOT_FOUND_CACHE_SECONDS
    _cache_set(key, {"status": str(result.status), "name": result.name}, lifetime)
    return result
