"""Request-wide middleware: a request id for logs and audit events, refusal of NUL characters and of input
that is not UTF-8."""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# C0 control characters except tab (RFC 9110 §5.5 allows HTAB in field values), and DEL.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# Django decodes cookies as UTF-8 with errors="replace": a replacement character marks bytes that were not UTF-8.
_REPLACEMENT_CHARACTER = "\ufffd"


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


def _header_problem(request: HttpRequest) -> str | None:
    """"nul_character" if a request header holds a NUL, "control_character" if one holds another control
    character (tab excepted), "invalid_utf8" if one is not UTF-8, else None. The Cookie header is left to
    `_drop_bad_cookies`.

    WSGI and ASGI servers hand header values over as ISO-8859-1 text, one character per byte, so encoding back
    to ISO-8859-1 gives the bytes on the wire, which must be UTF-8. A character beyond ISO-8859-1 cannot have come
    from the wire: such a value is already text and is left to the code that reads it.
    """
    for key, value in request.META.items():
        if not (key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH")) or key == "HTTP_COOKIE":
            continue
        if not isinstance(value, str):
            continue
        if "\x00" in value:
            return "nul_character"
        if _CONTROL_CHARACTER.search(value):
            return "control_character"
        try:
            raw = value.encode("iso-8859-1")
        except UnicodeEncodeError:
            continue  # already decoded text (an in-process caller such as the test client), not bytes off the wire
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return "invalid_utf8"
    return None


def _drop_bad_cookies(request: HttpRequest) -> None:
    """Treat a cookie whose name or value holds a control character (NUL included) or bytes that are not UTF-8
    as absent: it is removed from `request.COOKIES` before the session, CSRF, language or messages code reads it.

    A 400 would lock the browser out for as long as it keeps the bad cookie (which may have been planted by
    another site on a shared parent domain); without the cookie the request goes on as if it had never been set.
    """
    cookies = request.COOKIES
    good = {
        name: value for name, value in cookies.items()
        if not any(_CONTROL_CHARACTER.search(text) or _REPLACEMENT_CHARACTER in text for text in (name, value))
    }
    if len(good) != len(cookies):
        dropped = sorted(set(cookies) - set(good))
        logger.warning("Ignored %d cookie(s) with invalid characters: %s", len(dropped),
                       ", ".join(ascii(name)[:40] for name in dropped))
        request.COOKIES = good


def _has_nul_in_params(request: HttpRequest) -> bool:
    """True if a query parameter, a form field (url-encoded or multipart) or a name holds a NUL character."""
    sources = [request.GET]
    if request.method in ("POST", "PUT", "PATCH") and request.content_type in (
        "application/x-www-form-urlencoded", "multipart/form-data"
    ):
        sources.append(request.POST)
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for data in sources for key, values in data.lists()
    )


def _is_utf8_urlencoded(raw: bytes) -> bool:
    """True if url-encoded data (a query string or a form body) decodes to UTF-8 after percent-decoding."""
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _has_non_utf8_input(request: HttpRequest) -> bool:
    """True if the query string or a form body is not UTF-8 (raw or percent-encoded bytes).

    Django would silently decode such input as ISO-8859-1 or with replacement characters, so a name could be
    stored as mojibake. A multipart form is parsed by Django with replacement characters, so one there marks
    bytes that were not UTF-8.
    """
    query = request.META.get("QUERY_STRING", "")
    if not _is_utf8_urlencoded(query.encode("latin-1", "replace") if isinstance(query, str) else query):
        return True
    if request.method in ("POST", "PUT", "PATCH") and request.content_type == "application/x-www-form-urlencoded":
        return not _is_utf8_urlencoded(request.body)  # (Django itself refuses another declared charset)
    if request.method in ("POST", "PUT", "PATCH") and request.content_type == "multipart/form-data":
        return any(
            _REPLACEMENT_CHARACTER in key or any(_REPLACEMENT_CHARACTER in value for value in values)
            for key, values in request.POST.lists()
        )
    return False


class RejectNulMiddleware:
    """Refuse NUL characters and bytes that are not UTF-8 in every part of a request the portal reads.

    - a NUL in the path, a query parameter, a form field or a header: 400 "nul_character";
    - another control character (tab excepted) in a header: 400 "control_character";
    - a query string, form body (url-encoded or multipart) or header that is not UTF-8: 400 "invalid_utf8";
    - a cookie with a control character or bytes that are not UTF-8: ignored, as if absent (`_drop_bad_cookies`).
    Nothing is processed after a 400.

    NUL cannot be stored in PostgreSQL text (a session key, a language code or a header written to the database
    would be a 500) and is never meaningful in this product's input; input that is not valid UTF-8 is a 400
    (DESIGN.md). JSON bodies are checked by the API's parser. Runs before the session, CSRF, locale and
    authentication middleware, which read the cookies and headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header_problem = _header_problem(request)
        if header_problem is None:
            _drop_bad_cookies(request)
        if header_problem == "nul_character" or "\x00" in request.path or (
            "%00" in request.META.get("QUERY_STRING", "") or _has_nul_in_params(request)
        ):
            return bad_request_response(request, _("Forespørselen inneholder et ugyldig tegn (NUL)."), "nul_character")
        if header_problem == "control_character":
            return bad_request_response(
                request, _("Et felt i forespørselens header inneholder et ugyldig kontrolltegn."), "control_character"
            )
        if header_problem == "invalid_utf8" or _has_non_utf8_input(request):
            return bad_request_response(request, _("Forespørselen er ikke gyldig UTF-8."), "invalid_utf8")
        return self.get_response(request)


def bad_request_response(request: HttpRequest, detail: str, code: str) -> HttpResponse:
    """A 400: problem+json (RFC 9457) under /api/, a friendly HTML page elsewhere."""
    if request.path.startswith("/api/"):
        body = {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": detail, "code": code,
                "request_id": request_id_var.get()}
        return HttpResponse(
            json.dumps(body), status=400, content_type="application/problem+json; charset=utf-8"
        )
    return HttpResponseBadRequest(render_to_string("400.html", {"detail": detail}, request=request))


# Scripts, styles, images and fonts only from this site (no inline scripts anywhere in the templates), no
# plugins, no <base>, never framed. Inline styles stay allowed for the self-contained error page (500.html).
# `form-action` is left out: the logout form's redirect to ID-porten's end_session_endpoint must not be blocked.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Add `Content-Security-Policy` (CONTENT_SECURITY_POLICY) to every HTML page outside /api/.

    The API's Swagger UI page (/api/docs/) runs inline scripts and is left alone, as are JSON responses and
    responses that already set a policy. Defence in depth against script injection besides autoescaping.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not request.path.startswith("/api/")
            and response.get("Content-Type", "").startswith("text/html")
            and "Content-Security-Policy" not in response
        ):
            response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response


class WebOnlyMiddleware:
    """Run the middleware in `settings.WEB_ONLY_MIDDLEWARE` (sessions, CSRF, authentication, messages, allauth)
    for the web UI, the admin and the login, and skip it for the machine API under /api/.

    The API authenticates every request with its access token (DRF) and has no session, cookie, form or
    message, so that work would be wasted on every call (issue 6, item 4). The wrapped middleware is built
    around the rest of the chain once, in order, and its `process_view`, `process_template_response` and
    `process_exception` hooks are run for web requests the way Django's handler runs them (CSRF is checked in
    `process_view`), so the web UI keeps exactly the behaviour it had.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        from django.conf import settings
        from django.utils.module_loading import import_string

        self.get_response = get_response
        self._view_hooks: list = []
        self._template_hooks: list = []
        self._exception_hooks: list = []
        handler = get_response
        for path in reversed(settings.WEB_ONLY_MIDDLEWARE):
            instance = import_string(path)(handler)
            if hasattr(instance, "process_view"):
                self._view_hooks.insert(0, instance.process_view)
            if hasattr(instance, "process_template_response"):
                self._template_hooks.append(instance.process_template_response)
            if hasattr(instance, "process_exception"):
                self._exception_hooks.append(instance.process_exception)
            handler = instance
        self.web = handler

    @staticmethod
    def is_api(request: HttpRequest) -> bool:
        """True for the machine API (/api/), which skips the wrapped middleware."""
        return request.path_info.startswith("/api/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request) if self.is_api(request) else self.web(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """The wrapped middleware's `process_view`s in order (CSRF), for web requests only."""
        if self.is_api(request):
            return None
        for hook in self._view_hooks:
            response = hook(request, view_func, view_args, view_kwargs)
            if response is not None:
                return response
        return None

    def process_template_response(self, request, response):
        """The wrapped middleware's `process_template_response`s, innermost first, for web requests only."""
        if not self.is_api(request):
            for hook in self._template_hooks:
                response = hook(request, response)
        return response

    def process_exception(self, request, exception):
        """The wrapped middleware's `process_exception`s, innermost first, for web requests only."""
        if self.is_api(request):
            return None
        for hook in self._exception_hooks:
            response = hook(request, exception)
            if response is not None:
                return response
        return None
