"""Version counters in the shared cache: what an answer cached in one process depended on, and whether it changed.

Issue 6 item 5: decisions may be cached, but a revoked grant, a revoked delegation or a deactivated integration
must show in the very next decision on every app server. Every cached answer records the versions of what it
read (the organization asked about, the actors involved, the catalogue); every change of those bumps their
version in the shared cache (Redis in production) when its transaction commits (`transaction.on_commit`), so
the next request on any server reads a new version and computes the answer afresh.

The bumps are made by signal receivers on the models (`authz.apps`), so every write path is covered — services,
the admin, cascades (deleting an integration deletes its grants) — not only the services. Writes no receiver
hears (data migrations, which use historical models; `flush`) are followed by `post_migrate`, which bumps the
counter every value depends on (`bump_all`). Counters start at a random value, so a counter lost from the cache
(eviction, restart) never comes back as an old number.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import transaction

_PREFIX = "authz:version:v1:"
CATALOGUE = "catalogue"
# Read with every counter and part of every value `current` returns: bumping it (`bump_all`) makes every answer
# remembered anywhere stale at once, for writes no receiver hears (data migrations' historical models, `flush`).
EVERYTHING = "everything"


def organization_key(orgnr: str) -> str:
    """The counter of everything decided about the organization `orgnr` (its grants, its existence)."""
    return f"org:{orgnr}"


def actor_key(kind: str, identifier) -> str:
    """The counter of an actor (kind "person" with its pid, "integration" with its id): grants, state."""
    return f"{kind}:{identifier}"


def party_key(party: str) -> str:
    """The counter of delegations naming the party (orgnr or pid)."""
    return f"party:{party}"


def integrations_key(orgnr: str) -> str:
    """The counter of the organization `orgnr`'s list of integrations (its integrations and their grants)."""
    return f"integrations:{orgnr}"


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


def bump_all(**_kwargs) -> None:
    """Make every remembered answer on every app server stale (bump `EVERYTHING`, now and at commit).

    Connected to `post_migrate` (authz.apps): data migrations write through historical models, to which no
    receiver is connected, and `flush` empties tables without a signal; `migrate` and `flush` end with
    `post_migrate`, so app servers still running (a rolling deploy) stop using what they read before.
    """
    bump(EVERYTHING)


def current(*names: str) -> tuple:
    """The current values of the named counters, in order (one shared-cache round trip; missing ones created).

    Each value is the pair (value of `EVERYTHING`, value of the counter), so `bump_all` changes every value.
    """
    return current_with(names, ())[0]


def current_with(names, other_keys) -> tuple[tuple, dict]:
    """`current(*names)` and the shared-cache entries `other_keys` (e.g. a rate-limit count), in one round trip.

    Output: (the counters' values in order, as `current` gives them, {key: value} of the other keys that exist).
    """
    keys = [_PREFIX + name for name in (EVERYTHING, *names)]
    found = cache.get_many([*keys, *other_keys])
    others = {key: found[key] for key in other_keys if key in found}
    values = []
    for key in keys:
        if key not in found:
            cache.add(key, secrets.randbits(62), timeout=None)
            found[key] = cache.get(key)
        values.append(found[key])
    everything, *values = values
    return tuple((everything, value) for value in values), others


class VersionedLocalCache:
    """Values read from the database, remembered in this process while the version counters they depend on hold.

    Each entry is stored with the values of the named counters (`current`) at the time it was read; `get`
    returns it only while those counters still have the same values, so a change committed on any app server
    (which bumps the counters, see `bump`) is seen by the very next request here. Bounded (`authz.lru`), and no
    entry lives longer than `seconds` in any case.

    Usage: `stamp = versions.current(*names)` (one shared-cache round trip, which callers may share across
    several caches), then `cache.get(key, stamp)` → value or None; after reading the database,
    `cache.set(key, stamp, value)`. The stamp must be read *before* the database, so a change committed in
    between makes the stored stamp stale rather than the value.
    """

    def __init__(self, maxsize: int, seconds: float):
        from .lru import BoundedCache

        self._entries = BoundedCache(maxsize)
        self.seconds = seconds

    def get(self, key, stamp: tuple):
        """The value stored under `key` with exactly this `stamp` (tuple of counter values), else None."""
        entry = self._entries.get(key)
        if entry is None or entry[0] != stamp:
            return None
        return entry[1]

    def set(self, key, stamp: tuple, value) -> None:
        """Remember `value` (not None) for `key`, read under `stamp`."""
        self._entries.set(key, (stamp, value), self.seconds)

    def clear(self) -> None:
        """Forget everything (tests)."""
        self._entries.clear()
