"""`/healthz`, `/readyz` and `/metrics`: for load balancers, orchestrators and Prometheus, not for people.

None of them reads or writes the session or needs a login; they are not atomic requests (a database that is down
must not keep `/healthz` and `/readyz` from answering).
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health, metrics


@require_GET
@never_cache
@transaction.non_atomic_requests
def healthz(request: HttpRequest) -> JsonResponse:
    """200 `{"status": "ok"}` while the process answers; checks no dependency (a liveness probe)."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
@transaction.non_atomic_requests
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when PostgreSQL and the cache answer, else 503; the body names each check's state, nothing more.

    Output: `{"status": "ok"|"unavailable", "checks": {"database": "ok"|"unavailable", "cache": ...}}`.
    """
    checks = health.readiness()
    ready = all(state == "ok" for state in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


def _allowed(request: HttpRequest) -> bool:
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
@transaction.non_atomic_requests
def metrics_view(request: HttpRequest) -> HttpResponse:
    """The Prometheus exposition, for a scraper with the bearer token or from an allowed network; 404 otherwise
    (the same page as any unknown address, so the endpoint's existence is not revealed)."""
    if not _allowed(request):
        raise Http404
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)
