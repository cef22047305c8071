"""DRF authentication by JWT access token, optionally with the integration headers.

`AccessTokenAuthentication` reads `Authorization: Bearer <JWT>`, validates it (api/tokens.py) and sets
`request.user` to a `Caller` and `request.auth` to the `AccessToken`. The acting party (`Caller.actor`):
- an integration, when `IntegrasjonId` and `IntegrasjonPassord` are sent: it must exist, be active, have this
  password (surrounding whitespace tolerated) and the token's consumer orgnr as its authorized orgnr
  (issue 3 "Caller identity"); any mismatch, or only one of the headers, gives one generic 401, and repeated
  failures for one id from one caller a 429 (api/ratelimit.py);
- otherwise the person of an ID-porten token's `pid`, or the organization of a Maskinporten token's `consumer`.
Without an `Authorization` header it returns None, so permission classes answer 401 with the Bearer challenge.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import SAFE_METHODS

from authz import versions
from authz.context import Actor
from authz.identifiers import validate_pid
from authz.models import Person
from authz.services import person_get_or_create
from integrations.selectors import integration_authenticate, parse_integration_id

from . import exceptions, ratelimit, tokens

logger = logging.getLogger(__name__)

INTEGRATION_ID_HEADER = "IntegrasjonId"
INTEGRATION_PASSWORD_HEADER = "IntegrasjonPassord"
MAX_INTEGRATION_HEADER_LENGTH = 200


@dataclass(frozen=True)
class Caller:
    """The authenticated API caller, set as `request.user`.

    actor: the acting party (`authz.context.Actor`: person, organization or integration); token: the validated
    `AccessToken`; is_authenticated: always True (DRF's `IsAuthenticated` reads it).
    """

    actor: Actor
    token: tokens.AccessToken
    is_authenticated: bool = field(default=True)

    @property
    def is_anonymous(self) -> bool:
        """Always False: a `Caller` has a validated token."""
        return False

    def audit_facts(self) -> dict[str, str]:
        """Facts for `Context.extra` on audit events (issuer, client, jti, Maskinporten supplier/delegation)."""
        return self.token.audit_facts()


def _header(request, name: str) -> str | None:
    return request.META.get("HTTP_" + name.upper().replace("-", "_"))


class AccessTokenAuthentication(BaseAuthentication):
    """Authenticates API requests with a JWT access token from a trusted issuer (see module docstring).

    Errors: `exceptions.TokenInvalid` (401, `WWW-Authenticate: Bearer error="invalid_token"`, code from the
    validation), `exceptions.InsufficientScope` (403), `exceptions.IssuerUnavailable` (503),
    `exceptions.IntegrationAuthenticationFailed` (401, code "integration_authentication_failed").
    """

    keyword = "Bearer"

    def authenticate(self, request):
        """Return `(Caller, AccessToken)`, None without an `Authorization` header, or raise (see class)."""
        authorization = request.META.get("HTTP_AUTHORIZATION")
        if authorization is None:
            return None
        raw = self._bearer_token(authorization)
        try:
            token = tokens.validate_access_token(raw)
        except tokens.TokenError as exc:
            logger.info("API access token refused: %s", exc.code)
            raise exceptions.TokenInvalid(detail=exc.detail, code=exc.code) from None
        except tokens.InsufficientScope as exc:
            logger.info("API access token without the required scope")
            raise exceptions.InsufficientScope(detail=exc.detail, code=exc.code,
                                               scope=settings.API_REQUIRED_SCOPE) from None
        except tokens.IssuerUnavailable as exc:
            raise exceptions.IssuerUnavailable(detail=exc.detail, code=exc.code) from None
        return Caller(actor=self._actor(request, token), token=token), token

    def authenticate_header(self, request) -> str:
        """The challenge of a 401 without credentials: `Bearer realm="api"` (RFC 6750 §3)."""
        return exceptions.bearer_challenge()

    @staticmethod
    def _bearer_token(authorization: str) -> str:
        parts = authorization.split(" ")
        if len(parts) != 2 or parts[0].lower() != "bearer" or not parts[1]:
            raise exceptions.TokenInvalid(
                detail=_("Send tilgangstokenet som «Authorization: Bearer <token>»."), code="token_missing_bearer"
            )
        return parts[1]

    @staticmethod
    def _actor(request, token: tokens.AccessToken) -> Actor:
        integration_id = _header(request, INTEGRATION_ID_HEADER)
        password = _header(request, INTEGRATION_PASSWORD_HEADER)
        if integration_id is not None or password is not None:
            return Actor.for_integration(_authenticate_integration(request, integration_id, password, token))
        if token.pid:
            try:
                return Actor.for_person(_person(request, token.pid))
            except ValidationError:
                raise exceptions.TokenInvalid(detail=_("Tokenets fødselsnummer er ugyldig."), code="invalid_pid") \
                    from None
        if token.kind == "maskinporten" and token.consumer_orgnr:
            return Actor.for_organization(token.consumer_orgnr)
        # An ID-porten token without `pid` (e.g. e-mail login) names no person; its `consumer` is the client's
        # owner, not the user, so acting as that organization would be wrong.
        raise exceptions.TokenInvalid(
            detail=_("ID-porten-tokenet har ikke fødselsnummer (pid) og identifiserer ingen person."),
            code="missing_claim",
        )


def _versions_memo(request) -> dict:
    return request.__dict__.setdefault("_portal_versions", {})


def request_versions(request, *names: str) -> dict:
    """The values of the named version counters (authz/versions.py) for this request, read once per request.

    Names not read before in this request are read now, in one shared-cache round trip; the mapping holds every
    value read so far. A value read earlier in the request is still read before any database read that follows,
    which is all a `VersionedLocalCache` stamp needs (a change committed since only makes the entry stale).
    """
    memo = _versions_memo(request)
    missing = [name for name in dict.fromkeys(names) if name not in memo]
    if missing:
        memo.update(zip(missing, versions.current(*missing), strict=True))
    return memo


# Persons by pid, as API callers authenticate (issue 6): remembered per process under the person's version
# counter, which every save or delete of the person and of its grants bumps (authz/receivers.py).
PERSON_CACHE_SIZE = 5_000  # about 1 KB each
PERSON_CACHE_SECONDS = 300
_persons = versions.VersionedLocalCache(PERSON_CACHE_SIZE, PERSON_CACHE_SECONDS)


def _person(request, pid: str) -> Person:
    """The person of a token's `pid`: looked up, and created only by requests that may write (not GET/HEAD).

    A person unknown to the portal holds no grants, so a read gets an unsaved `Person` and writes nothing.
    Raises `ValidationError` for an invalid pid. A known person is remembered in this process under its version
    counter (`request_versions`: one shared-cache round trip, no query on a repeated call); the caller gets a
    copy it may change freely.
    """
    name = versions.actor_key("person", pid)
    stamp = (request_versions(request, name)[name],)
    person = _persons.get(pid, stamp)
    if person is None:
        person = Person.objects.filter(pid=pid).first()
        if person is not None:
            _persons.set(pid, stamp, person)
    if person is not None:
        return copy.copy(person)
    if request.method in SAFE_METHODS:
        validate_pid(pid)
        return Person(pid=pid)
    return person_get_or_create(pid=pid)


def forget_persons() -> None:
    """Forget every remembered person of this process (tests)."""
    _persons.clear()


def _authenticate_integration(request, integration_id: str | None, password: str | None,
                              token: tokens.AccessToken):
    """The integration named by the headers, or raise one generic 401 (429 after repeated failures).

    Failures are counted per (integration id, in its canonical form when it is a UUID, else as sent; caller = the
    token's issuer and consumer) in the shared cache
    (api/ratelimit.py); while the limit is reached, the password is not even checked. The failure count, the
    integration's version counter and the catalogue's (which the views' remembered reads need too) are read in
    one shared-cache round trip and kept for the request (`request_versions`).
    """
    caller = f"{token.issuer.issuer}|{token.consumer_orgnr or token.claims.get('sub', '')}"
    pk = parse_integration_id(integration_id)
    # One count per integration however its id is spelt (`uuid.UUID` also takes braces, "urn:uuid:" and hyphens
    # anywhere), so changing the spelling does not start a fresh count.
    key_id = str(pk) if pk is not None else (integration_id if integration_id is not None else "")
    failures_key, remaining = ratelimit.counter_key(integration_id=key_id, caller=caller)
    names = (versions.actor_key("integration", pk), versions.CATALOGUE) if pk is not None else ()
    counters, found = versions.current_with(names, [failures_key])
    memo = _versions_memo(request)
    memo.update(zip(names, counters, strict=True))
    wait = ratelimit.wait_for(found.get(failures_key), remaining)
    if wait is not None:
        logger.info("API integration headers throttled")
        raise exceptions.IntegrationAuthenticationThrottled(wait)
    integration = None
    if (integration_id is not None and password is not None and token.consumer_orgnr
            and len(integration_id) <= MAX_INTEGRATION_HEADER_LENGTH
            and len(password) <= MAX_INTEGRATION_HEADER_LENGTH):
        integration = integration_authenticate(
            integration_id=integration_id, password=password, consumer_orgnr=token.consumer_orgnr,
            versions_now=memo,
        )
    if integration is None:
        logger.info("API integration headers refused")
        ratelimit.record_failure(integration_id=key_id, caller=caller)
        raise exceptions.IntegrationAuthenticationFailed()
    return integration


class AccessTokenScheme(OpenApiAuthenticationExtension):
    """Declares `AccessTokenAuthentication` in the OpenAPI schema as an HTTP bearer JWT security scheme."""

    target_class = "api.authentication.AccessTokenAuthentication"
    name = "accessToken"

    def get_security_definition(self, auto_schema):
        """The security scheme: `{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}` with a description."""
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": (
                "A JWT access token from Maskinporten or ID-porten (a configured trusted issuer) with the required "
                "scope (default `ks`). Optional `IntegrasjonId` + `IntegrasjonPassord` headers make the "
                "integration the acting party."
            ),
        }
