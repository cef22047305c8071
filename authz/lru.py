"""A small bounded in-process cache: least recently used entries go first, each entry has its own deadline.

Used for what one process may remember without asking the shared cache on every request (verified access
tokens, signing key objects, decision answers). Every in-process cache in the portal is one of these, so none
grows without bound (issue 6, item 2: each worker stays small).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

_MISSING = object()


class BoundedCache:
    """At most `maxsize` entries; `get` returns the value until its deadline (`time.monotonic()` seconds).

    Thread-safe (gunicorn threads, the JWKS fetch pool). `clear()` empties it (tests, key refreshes).
    """

    def __init__(self, maxsize: int):
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, default: Any = None) -> Any:
        """The value stored under `key` if its deadline has not passed, else `default`."""
        now = time.monotonic()
        with self._lock:
            item = self._data.get(key, _MISSING)
            if item is _MISSING:
                return default
            deadline, value = item
            if deadline <= now:
                del self._data[key]
                return default
            self._data.move_to_end(key)
            return value

    def set(self, key: Hashable, value: Any, ttl: float) -> None:
        """Store `value` for `ttl` seconds (nothing is stored for `ttl` <= 0), evicting the least recently used."""
        if ttl <= 0:
            return
        with self._lock:
            self._data[key] = (time.monotonic() + ttl, value)
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def delete(self, key: Hashable) -> None:
        """Forget `key` (no error if absent)."""
        with self._lock:
            self._data.pop(key, None)

    def delete_where(self, predicate) -> None:
        """Forget every entry whose key satisfies `predicate(key)`."""
        with self._lock:
            for key in [k for k in self._data if predicate(k)]:
                del self._data[key]

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)
