"""Dependency checks behind `/readyz` and the start-up check: is PostgreSQL answering, is the cache answering.

Each check is one short round trip bounded by the configured timeouts (PostgreSQL `connect_timeout`, Redis socket
timeouts); a failure is logged at WARNING with the error's type only (a message may carry a host or user name).
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)
_PROBE_KEY = "ops:readyz"


def database_ok(alias: str = "default") -> bool:
    """True if `SELECT 1` succeeds on the database `alias`; on failure the connection is closed so the next
    request opens a fresh one (recovery without a restart)."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("Readiness: the database does not answer (%s)", type(exc).__name__)
        connection.close()
        return False
    return True


def cache_ok() -> bool:
    """True if the default cache answers a read (Redis: one GET within its socket timeout)."""
    try:
        cache.get(_PROBE_KEY)
    except Exception as exc:  # redis-py's errors, and any other backend's: each means "not answering"
        logger.warning("Readiness: the cache does not answer (%s)", type(exc).__name__)
        return False
    return True


def readiness() -> dict[str, str]:
    """{"database": "ok"|"unavailable", "cache": "ok"|"unavailable"}, from one check of each."""
    return {
        "database": "ok" if database_ok() else "unavailable",
        "cache": "ok" if cache_ok() else "unavailable",
    }
