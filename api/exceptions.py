"""API errors with a stable machine-readable `code`, rendered as RFC 9457 problem details.

`ProblemError` is the base: an `APIException` with `status_code`, a stable `code` (the problem's `code` member)
and a human-readable `detail`. The API's exception handler renders every `ProblemError` as
`application/problem+json`, and copies `auth_header` (when set) into `WWW-Authenticate` as DRF's own handler does.
Keep this module small and stable: the token validation (api/authentication.py) and the endpoints share it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException


def _challenge_value(text: str) -> str:
    """Make `text` safe inside a quoted-string of an HTTP auth challenge (RFC 9110 §11.2): drop quotes, controls."""
    return "".join(c for c in str(text) if c.isprintable() and c not in '"\\' and ord(c) < 128)


def bearer_challenge(*, error: str | None = None, description: str | None = None, scope: str | None = None) -> str:
    """The `WWW-Authenticate` value for the Bearer scheme (RFC 6750 §3).

    Without `error`: the plain challenge sent when no credentials were given. With `error` ("invalid_token",
    "insufficient_scope"): adds `error`, optionally `error_description` and `scope`.
    """
    parts = ['realm="api"']
    if error:
        parts.append(f'error="{_challenge_value(error)}"')
    if description:
        parts.append(f'error_description="{_challenge_value(description)}"')
    if scope:
        parts.append(f'scope="{_challenge_value(scope)}"')
    return "Bearer " + ", ".join(parts)


class ProblemError(APIException):
    """Base of the API's own errors: `status_code`, `code` (stable, machine-readable), `detail` (for people).

    Inputs: `detail` (str), `code` (defaults to the class's `default_code`). Subclasses set `status_code`,
    `default_code`, `default_detail` and, for 401/403 on authentication, `auth_header`.
    """

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "bad_request"
    default_detail = _("Ugyldig forespørsel.")
    auth_header: str | None = None

    def __init__(self, detail=None, code: str | None = None):
        super().__init__(detail=detail, code=code)
        self.code = code or self.default_code


class TokenInvalid(ProblemError):
    """401: the access token is missing the Bearer form, malformed, untrusted, expired or otherwise invalid.

    `code` is the validation failure's code (e.g. "token_expired"); the response carries
    `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3.1).
    """

    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "token_invalid"
    default_detail = _("Tilgangstokenet kunne ikke valideres.")

    def __init__(self, detail=None, code: str | None = None):
        super().__init__(detail=detail, code=code)
        self.auth_header = bearer_challenge(error="invalid_token", description=self.code)


class InsufficientScope(ProblemError):
    """403: a valid access token without the required scope (RFC 6750 §3.1 `insufficient_scope`)."""

    status_code = status.HTTP_403_FORBIDDEN
    default_code = "insufficient_scope"
    default_detail = _("Tilgangstokenet mangler påkrevd scope.")

    def __init__(self, detail=None, code: str | None = None, scope: str | None = None):
        super().__init__(detail=detail, code=code)
        self.auth_header = bearer_challenge(error="insufficient_scope", description=self.code, scope=scope)


class IssuerUnavailable(ProblemError):
    """503: the issuer's JWKS could not be fetched and no usable key is cached; the caller may retry later."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "issuer_unavailable"
    default_detail = _("Nøklene til tokenutstederen er ikke tilgjengelige nå. Prøv igjen senere.")


class IntegrationAuthenticationFailed(ProblemError):
    """401: the `IntegrasjonId`/`IntegrasjonPassord` headers do not identify an integration of the caller.

    One generic error for every cause (unknown id, inactive, wrong password, other orgnr, a header missing),
    so callers cannot tell which part was wrong.
    """

    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "integration_authentication_failed"
    default_detail = _("Integrasjonen kunne ikke autentiseres.")
    # A 401 must carry a challenge (RFC 9110 §15.5.2); the token itself was fine, so no `error`.
    auth_header = bearer_challenge()


class IntegrationAuthenticationThrottled(ProblemError):
    """429: too many failed integration logins for this `IntegrasjonId` from this caller (api/ratelimit.py).

    `wait` (seconds until the window ends) becomes the `Retry-After` header.
    """

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "integration_authentication_throttled"
    default_detail = _("For mange mislykkede forsøk med denne integrasjonen. Prøv igjen senere.")

    def __init__(self, wait: int):
        super().__init__()
        self.wait = wait
