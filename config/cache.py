"""The cache configuration: `CACHE_URL` → Django's `CACHES["default"]`, and a safe description of it.

Kept apart from the settings modules so production settings, the WSGI start-up check and `/readyz` describe a
cache the same way, and never with its password.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import environ
from django.core.cache.backends import redis as django_redis
from django.core.exceptions import ImproperlyConfigured

REDIS_BACKEND = "config.cache.RedisCache"
REDIS_SCHEMES = {"redis", "rediss"}


def cache_settings(url: str, *, socket_timeout: float, connect_timeout: float) -> dict:
    """`CACHES["default"]` for `url` (django-environ's cache URL forms).

    Inputs: `url` such as "locmemcache://" or "redis://[:password@]host:port/db"; the Redis socket read/write
    timeout and connect timeout in seconds. Output: a Django cache dict; `redis://` and `rediss://` use Django's
    built-in `RedisCache` (redis-py with hiredis) with those timeouts, so a stalled Redis costs a request at most
    that long instead of the worker. Raises `ImproperlyConfigured` naming `CACHE_URL` for an unknown scheme or a
    Redis URL without a host, port or database number (never echoing the URL, which may hold a password).
    """
    scheme = urlsplit(url).scheme
    if scheme in REDIS_SCHEMES:
        describe_redis_url(url)  # validates
        return {
            "BACKEND": REDIS_BACKEND,
            "LOCATION": url,
            "OPTIONS": {"socket_timeout": socket_timeout, "socket_connect_timeout": connect_timeout},
        }
    try:
        return environ.Env.cache_url_config(url)
    except (ImproperlyConfigured, ValueError):
        raise ImproperlyConfigured(
            f"CACHE_URL has an unknown scheme {scheme!r}; use redis://host:6379/0 (or locmemcache:// in development)"
        ) from None


def describe_redis_url(url: str) -> str:
    """"host:port/db" of a Redis URL, for messages (no user name or password).

    Raises `ImproperlyConfigured` naming `CACHE_URL` when the URL has no host, a port that is not a number, or a
    database part that is not a number.
    """
    parts = urlsplit(url)
    try:
        port = parts.port or 6379
    except ValueError:
        raise ImproperlyConfigured("CACHE_URL is malformed: its port is not a number") from None
    if not parts.hostname:
        raise ImproperlyConfigured("CACHE_URL is malformed: it names no Redis host (redis://host:6379/0)")
    db = parts.path.strip("/") or "0"
    if not db.isdigit():
        raise ImproperlyConfigured("CACHE_URL is malformed: the path must be a Redis database number (/0)")
    return f"{parts.hostname}:{port}/{db}"


def is_redis(cache: dict) -> bool:
    """True if a `CACHES` entry is a Redis backend (ours or Django's; shared by every app server)."""
    return cache.get("BACKEND") in (REDIS_BACKEND, "django.core.cache.backends.redis.RedisCache")


class _ReusingRedisClient(django_redis.RedisCacheClient):
    """Django's Redis cache client, keeping one `redis.Redis` client per connection pool.

    Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache operation, and building one
    fills its table of ~170 response callbacks: about 0.1 ms of CPU per operation, several times per API request
    (token cache, version counters, rate limits) — more than a plain Django view costs in all (issue 6,
    profiled with cProfile). A `redis.Redis` is safe to share between threads (it takes a connection from its
    pool for each command) and its pool checks the process id, so after gunicorn forks a worker it opens its
    own connections.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        """The shared `redis.Redis` of the pool Django would use for this operation (`write`: the primary)."""
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(django_redis.RedisCache):
    """Django's `RedisCache` with `_ReusingRedisClient`: the same behaviour, without a new client per operation."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingRedisClient
