"""Failed integration logins, counted per (integration id, caller) in the shared cache.

Issue 6 "Bad input": after `INTEGRATION_AUTH_MAX_FAILURES` wrong `IntegrasjonId`/`IntegrasjonPassord` answers for
one integration id from one caller within a window of `INTEGRATION_AUTH_WINDOW_SECONDS`, further attempts with
that id from that caller get 429 with `Retry-After` until the window ends, even with the right password; then
the right password works again. Windows are fixed slices of the clock (`time.time() // window`), so every app
server sharing the cache (Redis in production) counts into the same key and agrees on when the window ends.

The caller is the token's issuer and consumer orgnr (what the access token proves), not the client address,
which is the load balancer's behind one. The id is counted in the form the caller gives (api/authentication.py: a
UUID in its canonical form, whatever its spelling; anything else as sent), stripped, lower-cased and cut at 200
characters, so malformed and unknown ids are limited like real ones.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

_PREFIX = "api:integration-auth-failures:v1:"


def _window() -> tuple[int, int]:
    """(window index, seconds until it ends, at least 1)."""
    length = max(1, int(settings.INTEGRATION_AUTH_WINDOW_SECONDS))
    now = time.time()
    index = int(now // length)
    return index, max(1, int((index + 1) * length - now + 0.999))


def _key(integration_id: str, caller: str, index: int) -> str:
    subject = f"{integration_id.strip().lower()[:200]}\n{caller}".encode("utf-8", "surrogatepass")
    return f"{_PREFIX}{hashlib.sha256(subject).hexdigest()}:{index}"


def retry_after(*, integration_id: str, caller: str) -> int | None:
    """Seconds until this caller may try `integration_id` again, or None if it may try now."""
    key, remaining = counter_key(integration_id=integration_id, caller=caller)
    return wait_for(cache.get(key), remaining)


def counter_key(*, integration_id: str, caller: str) -> tuple[str, int]:
    """(the shared-cache key of this caller's failures with `integration_id` in the current window, seconds until
    the window ends), for a caller that reads the count together with other entries (`wait_for`)."""
    index, remaining = _window()
    return _key(integration_id, caller, index), remaining


def wait_for(count: int | None, remaining: int) -> int | None:
    """`retry_after`'s answer from a count read under `counter_key`: `remaining` if the limit is reached, else
    None."""
    return remaining if (count or 0) >= int(settings.INTEGRATION_AUTH_MAX_FAILURES) else None


def record_failure(*, integration_id: str, caller: str) -> None:
    """Count one failed attempt of `caller` with `integration_id` in the current window (shared cache)."""
    index, remaining = _window()
    key = _key(integration_id, caller, index)
    if cache.add(key, 1, timeout=remaining + 5):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=remaining + 5)
