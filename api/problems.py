"""Errors as RFC 9457 problem details (`application/problem+json`) with a stable machine-readable `code`.

Every API failure goes through `problem_exception_handler`: DRF exceptions, D's token exceptions
(api/exceptions.py), Django's `PermissionDenied`/`ValidationError`/`Http404` raised by services and lookups,
and `ConcurrentUpdate` (412). Body: `{type, title, status, detail, code, request_id}` plus `errors` (field →
messages) for validation errors. The transaction of the request is rolled back, so a failed request changes nothing.
"""

from __future__ import annotations

import math
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import set_rollback

from authz.middleware import request_id_var
from integrations.services import ConcurrentUpdate
from ops import metrics

from .exceptions import (
    InsufficientScope,
    IntegrationAuthenticationFailed,
    IntegrationAuthenticationThrottled,
    IssuerUnavailable,
    TokenInvalid,
    bearer_challenge,
)

PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8"


class PreconditionFailed(exceptions.APIException):
    """412: `If-Match` names another version than the current one."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("Objektet er endret siden du hentet det (If-Match stemmer ikke). Hent det på nytt.")
    default_code = "precondition_failed"


class InvalidIfMatch(exceptions.APIException):
    """400: `If-Match` is neither `*` nor a list of entity tags (RFC 9110 §13.1.1), e.g. empty or unquoted."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("If-Match må være * eller en liste av ETag-er i anførselstegn, f.eks. \"3\".")
    default_code = "invalid_if_match"


class LengthRequired(exceptions.APIException):
    """411: a body sent with `Transfer-Encoding` (chunked) instead of `Content-Length`.

    Django reads a request body only up to `Content-Length`; without it the body is silently empty, so a chunked
    PATCH would answer 200 and change nothing. Refused instead, so the client knows.
    """

    status_code = status.HTTP_411_LENGTH_REQUIRED
    default_detail = _("Send innholdet med Content-Length; Transfer-Encoding (chunked) støttes ikke.")
    default_code = "length_required"


class PayloadTooLarge(exceptions.APIException):
    """413: the request body is bigger than the API accepts."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("Innholdet er for stort.")
    default_code = "payload_too_large"


def _to_api_exception(exc: Exception) -> exceptions.APIException | None:
    """Map Django and service exceptions onto DRF's; None for anything unexpected (a real 500)."""
    if isinstance(exc, exceptions.APIException):
        return exc
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, ConcurrentUpdate):
        return PreconditionFailed()
    return None


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _flatten(value)]
    return [str(detail)]


def _field_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """{"name": [...], "actor.pid": [...]} from DRF's nested error structure; non-field errors under "" ."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else str(key)
            path = f"{prefix}.{name}" if prefix and name else (prefix or name)
            for k, v in _field_errors(value, path).items():
                out.setdefault(k, []).extend(v)
        return out
    if isinstance(detail, list) and any(isinstance(item, dict) for item in detail):
        out = {}
        for index, item in enumerate(detail):
            for k, v in _field_errors(item, f"{prefix}[{index}]").items():
                out.setdefault(k, []).extend(v)
        return out
    return {prefix: _flatten(detail)}


def problem_body(exc: exceptions.APIException) -> dict:
    """The problem document for an API exception (see module docstring)."""
    code_status = exc.status_code
    body = {"type": "about:blank", "title": HTTPStatus(code_status).phrase, "status": code_status}
    body["request_id"] = request_id_var.get()  # the X-Request-ID, so a client's report can be found in our logs
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        general = errors.pop("", [])
        body["detail"] = " ".join(general) if general else str(_("Ugyldige data. Se feltene i «errors»."))
        body["code"] = "validation_error"
        if errors:
            body["errors"] = errors
    else:
        detail = exc.detail
        body["detail"] = " ".join(_flatten(detail))
        body["code"] = getattr(detail, "code", None) or exc.default_code
    return body


def problem_response(exc: exceptions.APIException) -> Response:
    """A DRF `Response` carrying the problem document, its content type and the headers the status needs."""
    body = problem_body(exc)
    headers = {}
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    elif exc.status_code == status.HTTP_401_UNAUTHORIZED:
        # RFC 6750 §3: no error code when credentials are missing; invalid_token for a bad token.
        if isinstance(exc, exceptions.NotAuthenticated):
            headers["WWW-Authenticate"] = bearer_challenge()
        else:
            headers["WWW-Authenticate"] = bearer_challenge(error="invalid_token")
    wait = getattr(exc, "wait", None)
    if wait:
        headers["Retry-After"] = str(max(1, math.ceil(wait)))
    elif exc.status_code == status.HTTP_503_SERVICE_UNAVAILABLE:
        # RFC 9110 §10.2.3: tell the client when to retry; the JWKS is refetched at most this often anyway.
        headers["Retry-After"] = str(max(1, int(settings.API_JWKS_REFRESH_MIN_SECONDS)))
    return Response(body, status=exc.status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def _count(exc: exceptions.APIException) -> None:
    """Count refused tokens and integration headers in the metrics (ops/metrics.py)."""
    if isinstance(exc, (IntegrationAuthenticationFailed, IntegrationAuthenticationThrottled)):
        metrics.integration_authentication_failed(exc.code)
    elif isinstance(exc, (TokenInvalid, InsufficientScope, IssuerUnavailable)):
        metrics.token_refused(exc.code)


def problem_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF `EXCEPTION_HANDLER`: a problem response for every expected failure, and roll back the request's
    transaction (views without one, API reads, say so with `in_request_transaction = False`).

    Returns None for unexpected exceptions: Django's `handler500` (ops/failures.py) then answers a 500 problem
    (a bug to fix, not bad input) or a 503 problem when the database or cache failed.
    """
    api_exc = _to_api_exception(exc)
    if api_exc is None:
        return None
    if getattr(context.get("view"), "in_request_transaction", True):
        set_rollback()  # not for an API read, which has no transaction of its own (api.views.ApiView)
    _count(api_exc)
    return problem_response(api_exc)
