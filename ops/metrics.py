"""Prometheus metrics: one named function per event, so the code that counts stays a one-line call.

Under gunicorn the metrics are kept in prometheus-client's multiprocess mode (`PROMETHEUS_MULTIPROC_DIR`, set by
gunicorn.conf.py), so `/metrics` adds up every worker; without it (runserver, tests) in this process's registry.
Label values are bounded sets (route patterns, never raw paths; codes and results from the code itself), so a
client cannot grow the number of series.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter(
    "portal_http_requests_total", "HTTP requests answered, by route pattern, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "portal_http_request_duration_seconds", "Time from the request reaching Django to its response, by route.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0),
)
TOKEN_REFUSALS = Counter(
    "portal_api_token_refusals_total", "API access tokens refused, by problem code (e.g. token_expired).", ["code"],
)
INTEGRATION_AUTH_FAILURES = Counter(
    "portal_api_integration_authentication_failures_total",
    "Requests whose IntegrasjonId/IntegrasjonPassord did not authenticate an integration, by problem code "
    "(integration_authentication_failed, or integration_authentication_throttled after repeated failures).",
    ["code"],
)
DECISIONS = Counter(
    "portal_api_decisions_total", "Access decisions answered, by result (permit/deny) and code.", ["result", "code"],
)
JWKS_FETCHES = Counter(
    "portal_jwks_fetches_total", "JWKS downloads from trusted issuers, by issuer and outcome (ok/failed).",
    ["issuer", "outcome"],
)
DEPENDENCY_ERRORS = Counter(
    "portal_dependency_errors_total", "Requests that failed because a dependency failed (database, cache).",
    ["dependency"],
)


def request_observed(*, route: str, method: str, status: int, seconds: float) -> None:
    """Count one answered request. `route`: the URL pattern ("api/v1/organizations/<str:orgnr>/"), never a path."""
    REQUESTS.labels(route=route, method=method, status=str(status)).inc()
    LATENCY.labels(route=route, method=method).observe(seconds)


def token_refused(code: str) -> None:
    """Count an API access token refused with problem `code` (401/403/503 of api/exceptions.py)."""
    TOKEN_REFUSALS.labels(code=code).inc()


def integration_authentication_failed(code: str) -> None:
    """Count a request whose integration headers were refused, with its problem `code` (401 or 429)."""
    INTEGRATION_AUTH_FAILURES.labels(code=code).inc()


def decision_made(*, permit: bool, code: str) -> None:
    """Count an access decision: `permit` True/False, `code` its stable reason code (e.g. "granted")."""
    DECISIONS.labels(result="permit" if permit else "deny", code=code).inc()


def jwks_fetched(*, issuer: str, ok: bool) -> None:
    """Count a JWKS download from `issuer` (its issuer identifier URL), successful or not."""
    JWKS_FETCHES.labels(issuer=issuer, outcome="ok" if ok else "failed").inc()


def dependency_failed(dependency: str) -> None:
    """Count a request failed by `dependency`: "database" or "cache"."""
    DEPENDENCY_ERRORS.labels(dependency=dependency).inc()


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format: (body, content type); all gunicorn workers in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry), CONTENT_TYPE_LATEST
