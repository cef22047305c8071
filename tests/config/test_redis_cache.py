"""The Redis cache backend (config/cache.py): Django's behaviour, one `redis.Redis` client per connection pool."""

import os

import pytest

from config.cache import REDIS_BACKEND, RedisCache, cache_settings


def _redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("needs a Redis database of its own (TEST_REDIS_URL, as .ci/run sets)")
    return url


def test_a_redis_cache_url_selects_the_reusing_backend():
    config = cache_settings("redis://127.0.0.1:6379/3", socket_timeout=1, connect_timeout=1)
    assert config["BACKEND"] == REDIS_BACKEND == "config.cache.RedisCache"


def test_every_operation_works_as_with_django_and_shares_one_client():
    cache = RedisCache(_redis_url(), {"OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1}})
    cache.clear()
    cache.set("a", {"x": 1}, 30)
    assert cache.get("a") == {"x": 1}
    assert cache.add("a", 2) is False and cache.add("n", 1) is True
    assert cache.incr("n") == 2
    assert cache.get_many(["a", "n", "missing"]) == {"a": {"x": 1}, "n": 2}
    cache.delete("a")
    assert cache.get("a") is None
    with pytest.raises(ValueError):
        cache.incr("missing")
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=False) is client  # one server: reads and writes share the pool
    assert cache._cache.get_client(write=True) is client
    cache.clear()
