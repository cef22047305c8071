"""Request-wide middleware: a request id for logs and audit events, and refusal of NUL characters."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestIdMiddleware:
    """Give each request an id: a sane incoming `X-Request-ID`, or a new UUID.

    Sets `request.request_id` and the logging context, and echoes it in the `X-Request-ID` response header, so
    a user's report, the logs and the audit events of one request can be matched.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else str(uuid.uuid4())
        token = request_id_var.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


def _has_nul(raw: str | bytes) -> bool:
    if isinstance(raw, bytes):
        return b"\x00" in raw or b"%00" in raw
    return "\x00" in raw or "%00" in raw


class RejectNulMiddleware:
    """Answer 400 to a NUL character in the path, the query string or a form body; nothing is processed.

    NUL cannot be stored in PostgreSQL text and is never meaningful in this product's input.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = _has_nul(request.META.get("QUERY_STRING", "")) or "\x00" in request.path
        if not bad and request.content_type == "application/x-www-form-urlencoded":
            bad = _has_nul(request.body)
        if bad:
            return bad_request_response(request, _("Forespørselen inneholder et ugyldig tegn (NUL)."), "nul_character")
        return self.get_response(request)


def bad_request_response(request: HttpRequest, detail: str, code: str) -> HttpResponse:
    """A 400: problem+json (RFC 9457) under /api/, a friendly HTML page elsewhere."""
    if request.path.startswith("/api/"):
        body = {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": detail, "code": code}
        return HttpResponse(
            json.dumps(body), status=400, content_type="application/problem+json; charset=utf-8"
        )
    return HttpResponseBadRequest(render_to_string("400.html", {"detail": detail}, request=request))
