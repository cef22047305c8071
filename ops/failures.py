"""What a request answers when something fails outside the normal error handling.

Django's error handlers (`handler400/403/404/500` in config/urls.py) come here. Under `/api/` every answer is an
RFC 9457 problem document with the request id, never an HTML page; elsewhere the web UI's own pages. A database or
cache that does not answer, and a statement cancelled by PostgreSQL's `statement_timeout` (the request deadline),
are not bugs: they answer **503** with `Retry-After` (API: a problem document; web UI: a styled Norwegian page),
and the next request tries again (no restart needed). The request's transaction has been rolled back
(`ATOMIC_REQUESTS`), so nothing of it is committed.
"""

from __future__ import annotations

import json
import logging
import sys
from http import HTTPStatus

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults
from redis.exceptions import RedisError

from authz.middleware import request_id_var

from . import metrics
from .deadline import DeadlineExceeded

logger = logging.getLogger(__name__)
PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8"
RETRY_AFTER_SECONDS = 5


def dependency_of(exc: BaseException | None) -> str | None:
    """"deadline" (PostgreSQL cancelled a statement at `statement_timeout`), "database" (PostgreSQL does not
    answer or the connection broke), "cache" (Redis does not answer) or None (anything else, e.g. a bug)."""
    if exc is None:
        return None
    if isinstance(exc, DeadlineExceeded) or (
            isinstance(exc, OperationalError) and type(exc.__cause__).__name__ == "QueryCanceled"):
        return "deadline"
    if isinstance(exc, (OperationalError, InterfaceError)):
        return "database"
    if isinstance(exc, RedisError):
        return "cache"
    return None


def problem(status: int, code: str, detail: str, *, headers: dict[str, str] | None = None) -> HttpResponse:
    """An `application/problem+json` response: `{type, title, status, detail, code, request_id}` (RFC 9457)."""
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail,
            "code": code, "request_id": request_id_var.get()}
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def unavailable(request: HttpRequest, dependency: str) -> HttpResponse:
    """503 with `Retry-After` for a failed `dependency` (see `dependency_of`): a problem under /api/, else the
    styled 503 page (templates/503.html, which needs neither the database nor the session)."""
    metrics.dependency_failed("database" if dependency == "deadline" else dependency)
    if dependency == "deadline":
        code, detail = "deadline_exceeded", _("Forespørselen tok for lang tid og ble avbrutt. Ingenting ble lagret.")
    else:
        code, detail = "service_unavailable", _("Tjenesten er midlertidig utilgjengelig. Prøv igjen om litt.")
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if _is_api(request):
        return problem(503, code, detail, headers=headers)
    html = render_to_string("503.html", {"detail": detail, "request_id": request_id_var.get()})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = headers["Retry-After"]
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: 503 for a dependency failure (see module docstring), else 500: a problem document with
    code "internal_error" under /api/ (no traceback, no exception text), the 500 page elsewhere."""
    dependency = dependency_of(sys.exc_info()[1])
    if dependency:
        return unavailable(request, dependency)
    if _is_api(request):
        return problem(500, "internal_error", _("Det oppstod en uventet feil hos oss. Ingenting ble lagret."))
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """`handler400` (e.g. a disallowed Host header): a problem under /api/, Django's 400 page elsewhere."""
    if _is_api(request):
        return problem(400, "bad_request", _("Ugyldig forespørsel."))
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """`handler403`: a problem under /api/, the 403 page elsewhere."""
    if _is_api(request):
        return problem(403, "permission_denied", _("Du har ikke tilgang til dette."))
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """`handler404`: a problem under /api/, the 404 page elsewhere."""
    if _is_api(request):
        return problem(404, "not_found", _("Ikke funnet."))
    return defaults.page_not_found(request, exception)
