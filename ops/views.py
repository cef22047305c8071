"""`/healthz`, `/readyz` and `/metrics`: for load balancers, orchestrators and Prometheus, not for people.

Answered by `ops.middleware.ProbeMiddleware` ahead of every other middleware (no host check, no HTTPS redirect,
no session, no login, no request transaction), so a database that is down cannot keep them from answering.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health, metrics


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 `{"status": "ok"}` while the process answers; checks no dependency (a liveness probe)."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when PostgreSQL and the cache answer, else 503; the body names each check's state, nothing more.

    Output: `{"status": "ok"|"unavailable", "checks": {"database": "ok"|"unavailable", "cache": ...}}`.
    """
    checks = health.readiness()
    ready = all(state == "ok" for state in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


def metrics_allowed(request: HttpRequest) -> bool:
    """True if the request carries `METRICS_BEARER_TOKEN` or comes from `METRICS_ALLOWED_NETWORKS` (the TCP peer,
    never a forwarded header a client could set)."""
    token = settings.METRICS_BEARER_TOKEN
    authorization = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(authorization.encode(), f"Bearer {token}".encode()):
        return True
    try:
        peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(peer in ipaddress.ip_network(network, strict=False) for network in settings.METRICS_ALLOWED_NETWORKS)


@require_GET
@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    """The Prometheus exposition in text format. Only for a scraper that `metrics_allowed`; ProbeMiddleware hands
    every other request on to the ordinary URL routing, whose 404 for an unknown address it then gets."""
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)
