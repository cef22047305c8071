"""Redirects that keep the method: an unsafe request (POST, PUT, PATCH, DELETE) sent to a URL that is only a
redirect away from the right one gets 308, never 301 or 302 (which browsers and clients follow with a GET,
dropping the form or body) and never Django's DEBUG-only RuntimeError (a 500).

Rule (RFC 9110 §15.4.9, 308 Permanent Redirect): the client repeats the same method and body at the new URL,
where the view checks CSRF, login and input as for any other request. The places that redirect to canonicalize a
URL are: `CommonMiddleware` (APPEND_SLASH, PREPEND_WWW), the admin's catch-all view (APPEND_SLASH under /admin/)
and `SecurityMiddleware` (SECURE_SSL_REDIRECT to https). The API's routes match with and without the slash and
never redirect. Redirects after a request was handled (post/redirect/get, "log in first") are not of this kind.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseRedirectBase
from django.middleware.common import CommonMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils.http import escape_leading_slashes

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class HttpResponsePermanentRedirectKeepMethod(HttpResponseRedirectBase):
    """308 Permanent Redirect: the client repeats the request, same method and body, at `Location`."""

    status_code = 308


def keep_method(request: HttpRequest, response: HttpResponse | None) -> HttpResponse | None:
    """`response` as a 308 to the same `Location` if it is a 301/302 answer to an unsafe method; else unchanged."""
    if response is None or request.method in SAFE_METHODS or response.status_code not in (301, 302):
        return response
    return HttpResponsePermanentRedirectKeepMethod(response["Location"])


class KeepMethodCommonMiddleware(CommonMiddleware):
    """Django's `CommonMiddleware` whose slash and www redirects keep the method (308) for unsafe requests.

    Django raises `RuntimeError` for a POST/PUT/PATCH that would need a slash when DEBUG is on (a 500), and
    answers 301 otherwise; here both are a 308 to the URL with the slash.
    """

    def get_full_path_with_slash(self, request: HttpRequest) -> str:
        """The request's full path with a slash after the path (query string kept); never raises."""
        return escape_leading_slashes(request.get_full_path(force_append_slash=True))

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        return keep_method(request, super().process_request(request))

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # Only the middleware's own redirect (a 404 that the slash would fix) changes, never a view's redirect.
        if response.status_code == 404 and request.method not in SAFE_METHODS and (
            self.should_redirect_with_slash(request)
        ):
            return HttpResponsePermanentRedirectKeepMethod(self.get_full_path_with_slash(request))
        return super().process_response(request, response)


class KeepMethodSecureRedirectMiddleware:
    """Before Django's `SecurityMiddleware`: an unsafe request over http that it would redirect to https gets a
    308 to the same https URL (with the security headers), instead of Django's 301.

    Django's own decision is used (`SECURE_SSL_REDIRECT`, `SECURE_SSL_HOST`, `SECURE_REDIRECT_EXEMPT`), so both
    agree on which requests move. `SecurityMiddleware` stays in MIDDLEWARE for everything else (and for
    `check --deploy`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.security = SecurityMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            redirect = keep_method(request, self.security.process_request(request))
            if redirect is not None:
                return self.security.process_response(request, redirect)
        return self.get_response(request)
