"""Version counters in the shared cache: what an answer cached in one process depended on, and whether it changed.

Issue 6 item 5: decisions may be cached, but a revoked grant, a revoked delegation or a deactivated integration
must show in the very next decision on every app server. Every cached answer records the versions of what it
read (the organization asked about, the actors involved, the catalogue); every change of those bumps their
version in the shared cache (Redis in production) when its transaction commits (`transaction.on_commit`), so
the next request on any server reads a new version and computes the answer afresh.

The bumps are made by signal receivers on the models (`authz.apps`), so every write path is covered — services,
the admin, cascades (deleting an integration deletes its grants) — not only the services. Counters start at a
random value, so a counter lost from the cache (eviction, restart) never comes back as an old number.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import transaction

_PREFIX = "authz:version:v1:"
CATALOGUE = "catalogue"


def organization_key(orgnr: str) -> str:
    """The counter of everything decided about the organization `orgnr` (its grants, its existence)."""
    return f"org:{orgnr}"


def actor_key(kind: str, identifier) -> str:
    """The counter of an actor (kind "person" with its pid, "integration" with its id): grants, state."""
    return f"{kind}:{identifier}"


def party_key(party: str) -> str:
    """The counter of delegations naming the party (orgnr or pid)."""
    return f"party:{party}"


def _incr(names: tuple[str, ...]) -> None:
    for name in names:
        key = _PREFIX + name
        try:
            cache.incr(key)
        except ValueError:  # not in the cache: any fresh random value differs from what answers recorded
            cache.set(key, secrets.randbits(62), timeout=None)


def bump(*names: str) -> None:
    """Bump the named counters now and again when the current transaction commits.

    The bump at commit is what other app servers rely on: an answer computed from the old rows between the first
    bump and the commit is recorded under a version the commit makes stale. The bump now keeps this
    transaction's own later reads right (and tests, whose transactions never commit).
    """
    names = tuple(dict.fromkeys(n for n in names if n))
    if names:
        _incr(names)
        transaction.on_commit(lambda: _incr(names))


def current(*names: str) -> tuple:
    """The current values of the named counters, in order (one shared-cache round trip; missing ones created)."""
    keys = [_PREFIX + name for name in names]
    found = cache.get_many(keys)
    values = []
    for key in keys:
        if key not in found:
            cache.add(key, secrets.randbits(62), timeout=None)
            found[key] = cache.get(key)
        values.append(found[key])
    return tuple(values)
