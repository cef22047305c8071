"""The benchmark (`./dev bench`) starts and prints its table, on a tiny dataset with one second per endpoint.

It needs PostgreSQL (the benchmark measures the production database) and Redis: on SQLite it is skipped; on
PostgreSQL (`.ci/run`) it runs, in its own databases `<test database name>_bench_smoke[_empty]`. Never asserts
speed (a shared machine): only that every endpoint answered, was measured, and made as many queries with the
larger dataset as with the empty one.
"""

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = [
    "plain Django JSON view",
    "GET /api/v1/me/, Maskinporten token",
    "GET /api/v1/me/ as an integration",
    "GET one integration, as an integration",
    "list page of 50 of 60 integrations, as administrator",
    "POST /api/v1/decisions/ |",
]


def _cache_url() -> str:
    url = os.environ.get("CACHE_URL", "")
    return url if urlsplit(url).scheme == "redis" else "redis://127.0.0.1:6379/15"


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def bench_database_url():
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the benchmark needs PostgreSQL (DATABASE_URL=postgres://...)")
    user, host, port = database.get("USER") or "postgres", database.get("HOST") or "127.0.0.1", database.get("PORT")
    return f"postgres://{user}@{host}:{port or 5432}/{database['NAME']}_bench_smoke"


def _rows(output: str) -> dict[str, list[str]]:
    rows = {}
    for line in output.splitlines():
        if line.startswith("| ") and not line.startswith("| endpoint"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0]] = cells[1:]
    return rows


def test_bench_prints_its_table_for_both_datasets(bench_database_url):
    cache_url = _cache_url()
    if not _redis_answers(cache_url):
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {cache_url} does not answer")
        pytest.skip(f"the benchmark needs Redis ({cache_url})")
    done = subprocess.run(
        ["bash", "dev", "bench", "--database-url", bench_database_url, "--cache-url", cache_url,
         "--organizations", "3", "--integrations-per-organization", "5", "--target-integrations", "60",
         "--empty-target-integrations", "10", "--duration", "1", "--warmup", "0", "--threads", "1",
         "--connections", "2", "--workers", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=240, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "wrk 1 threads × 2 connections in all" in out
    assert "Dataset full: 3 organizations × 5 integrations + a target organization with 60" in out
    assert "Dataset empty: the target organization alone, with 10 integrations" in out
    rows = _rows(out)
    assert len(rows) == 7, out
    for label in REQUIRED:
        matches = [cells for name, cells in rows.items() if f"| {name} |".startswith(f"| {label}")
                   or name.startswith(label.rstrip(" |"))]
        assert matches, f"no row {label!r} in\n{out}"
        full_rps, _p50, _p99, full_queries, full_ratio, empty_rps, empty_queries, empty_ratio = matches[0]
        for value in (full_rps, empty_rps):  # 0 is a measurement too: a slow endpoint on a busy machine
            assert re.fullmatch(r"[0-9,.]+|0 \(none within 1 s\)", value), f"{label}: req/s {value!r}\n{out}"
        for value in (full_ratio, empty_ratio):
            assert re.fullmatch(r"[0-9.]+ %", value), f"{label}: ratio {value!r}\n{out}"
        assert full_queries.isdigit() and full_queries == empty_queries, f"{label}: queries differ\n{out}"
    batch = next(cells for name, cells in rows.items() if name.startswith("POST /api/v1/decisions/batch/"))
    assert batch[0].startswith("n/a") or "questions/s" in batch[0], out
    assert re.search(r"Worker memory after the run \(full\), resident \(VmRSS\): [0-9]+ MB\.", out), out


def test_the_plain_view_and_query_header_exist_only_in_the_benchmark_settings(client, db):
    response = client.get("/bench/plain/")
    assert response.status_code == 404
    assert "X-Bench-Queries" not in response
