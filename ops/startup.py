"""Checks made once when an app server starts (config/wsgi.py), so a misconfiguration stops it at once."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from config.cache import describe_redis_url, is_redis


def check_dependencies() -> None:
    """Refuse to start when the configured Redis cache does not answer.

    Production settings already refuse a cache that is not Redis or a malformed `CACHE_URL`; this adds the
    round trip (a closed port, a wrong host, a wrong password). The database is not required here: it may be
    down for a moment at start, and requests then answer 503 until it is back (`/readyz` says so).
    Raises `ImproperlyConfigured` naming `CACHE_URL` and the host:port/db (never the password).
    """
    config = settings.CACHES["default"]
    if not is_redis(config):
        return
    try:
        cache.get("ops:startup")
    except Exception as exc:  # any redis-py error means the same thing here: no shared cache
        raise ImproperlyConfigured(
            f"CACHE_URL: Redis at {describe_redis_url(config['LOCATION'])} does not answer "
            f"({type(exc).__name__}); the portal does not start without its shared cache"
        ) from None
