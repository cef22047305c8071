"""One log line and one metrics observation per request.

`RequestLogMiddleware` sits right inside `authz.middleware.RequestIdMiddleware`, so each line carries the request
id. The line (logger "portal.request") holds method, masked path, route pattern, status, duration and caller kind
as separate fields, which the JSON formatter of production writes as JSON keys. The probes and `/metrics` are
answered by `ProbeMiddleware` before this one and never logged: a load balancer asking every few seconds would
drown the real traffic.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import LazyObject, empty

from authz.logging import mask_identity_numbers

from . import metrics, views

logger = logging.getLogger("portal.request")


def route_of(request: HttpRequest) -> str:
    """The matched URL pattern ("api/v1/organizations/<str:orgnr>/"), "<unmatched>" when none matched."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return match.route or match.view_name or "<unmatched>"


def caller_kind(request: HttpRequest) -> str:
    """Who called: an API caller's actor kind ("person", "organization", "integration"); on the web "operator"
    (staff), "person" or "anonymous". The web user is only looked at if the request already loaded it, so
    logging never costs a query (nor fails when the database is down)."""
    user = request.__dict__.get("user")
    if isinstance(user, LazyObject):
        user = user._wrapped  # never evaluates it (which would query the session and user)
    if user is None or user is empty:
        return "anonymous"
    actor = getattr(user, "actor", None)
    if actor is not None:
        return actor.kind
    if not getattr(user, "is_authenticated", False):
        return "anonymous"
    return "operator" if user.is_staff else "person"


class ProbeMiddleware:
    """Answer `/healthz`, `/readyz` and `/metrics` before anything else (first in MIDDLEWARE).

    Load balancers and Kubernetes call an app server by its own address over plain HTTP: the `Host` header is
    that address (not in `DJANGO_ALLOWED_HOSTS`) and there is no `X-Forwarded-Proto`, so behind the host check
    or the HTTPS redirect every probe would fail. The probes read nothing from the request but its path, method
    and (for /metrics) the bearer token and peer address, and they touch no session. A request for /metrics that
    is not allowed goes on like any other and gets the ordinary 404 of an unknown address.
    """

    ROUTES: dict[str, Callable[[HttpRequest], HttpResponse]] = {
        "/healthz": views.healthz, "/readyz": views.readyz, "/metrics": views.metrics_view,
    }

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = self.ROUTES.get(request.path_info)
        if view is None or (view is views.metrics_view and not views.metrics_allowed(request)):
            return self.get_response(request)
        return view(request)


class RequestLogMiddleware:
    """Log each request once (see module docstring) and count it in the metrics (`ops.metrics.request_observed`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        route = route_of(request)
        metrics.request_observed(route=route, method=request.method, status=response.status_code, seconds=seconds)
        if logger.isEnabledFor(logging.INFO):
            path = mask_identity_numbers(request.path)
            logger.info("%s %s %s", request.method, path, response.status_code, extra={
                "method": request.method, "path": path, "route": route, "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1), "caller": caller_kind(request),
            })
        return response
