"""Authentication backend for ID-porten: mozilla-django-oidc's backend made strict for ID-porten.

What ID-porten requires of a client (Digdir, "ID-porten OIDC integrasjonsguide"; summarised in
`shared/reference/identity-and-tokens.md`) and mozilla-django-oidc 5 does not do by default:
- the id_token is RS256, verified with a key from the provider's JWKS chosen by `kid` (fetched once more when
  the signature fails, in case the provider replaced the key under the same `kid`: rate-limited and shared
  across app servers, see `_replaced_key`), with `iss` equal to the configured issuer,
  `aud` equal to the client id, `exp`/`iat` present and valid, and `nonce` equal to the one
  sent in the authorization request;
- `acr` is checked against the requested level (`idporten-loa-high` satisfies a request for
  `idporten-loa-substantial`, not the other way round);
- the person is identified by the `pid` claim (fødselsnummer or D-number). `sub` is pairwise per client and
  there is no e-mail, so neither is used. A login without a valid `pid` is refused.

Failures raise `IDPortenLoginError` with a reason code; the callback view turns it into the friendly page.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
import uuid

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from authz.identifiers import mask_pid, pid_info
from authz.services import person_get_or_create, person_name_from_claims, person_set_name

from .presets import oidc_setting

logger = logging.getLogger(__name__)

# Levels of assurance ID-porten issues for persons with a pid, lowest first.
ACR_LEVELS = {"idporten-loa-substantial": 1, "idporten-loa-high": 2}
ID_TOKEN_ALGORITHM = "RS256"
CLOCK_LEEWAY_SECONDS = 30
JWKS_CACHE_SECONDS = 3600

_jwks_clients: dict[str, jwt.PyJWKClient] = {}  # one per configured JWKS URL
_jwks_generations: dict[str, str] = {}  # per URL: the shared refetch generation this process's keys are from
_jwks_lock = threading.Lock()


class IDPortenLoginError(Exception):
    """A login refused or impossible; `reason` is a code known to `idporten.views.FAILURE_MESSAGES`.

    `detail` is for the log only and must not contain a full identity number.
    """

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def acr_satisfies(acr: object, requested: str) -> bool:
    """True if the `acr` claim meets the level requested in `acr_values`.

    Inputs: the claim (any JSON value) and the requested `acr_values` (space-separated; the lowest known value
    is the minimum). Unknown values never satisfy. Rule: ID-porten's levels are ordered substantial < high.
    """
    wanted = [ACR_LEVELS[v] for v in requested.split() if v in ACR_LEVELS]
    if not wanted or not isinstance(acr, str) or acr not in ACR_LEVELS:
        return False
    return ACR_LEVELS[acr] >= min(wanted)


def jwks_client(url: str) -> jwt.PyJWKClient:
    """The process-wide PyJWKClient for `url`: keys cached for an hour, fetched with `OIDC_TIMEOUT` seconds."""
    with _jwks_lock:
        client = _jwks_clients.get(url)
        if client is None:
            client = jwt.PyJWKClient(
                url, lifespan=JWKS_CACHE_SECONDS, timeout=settings.OIDC_TIMEOUT
            )
            _jwks_clients[url] = client
        return client


def _replaced_key(url: str, kid: str) -> jwt.PyJWK | None:
    """After an id_token signature failed: the key now published under `kid`, fetched anew, or None.

    The provider may replace a key and keep its `kid` (issue 9, item 10). A refetch happens when another app
    server has already refetched (its generation in the shared cache differs from this process's), or when the
    shared rate limit allows one (at most one per `API_JWKS_REFRESH_MIN_SECONDS` per JWKS URL, across servers),
    so forged tokens cannot make us hammer the provider. Raises `IDPortenLoginError` "unreachable" when the
    refetch fails.
    """
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    generation_key = f"idporten:jwks-generation:{digest}"
    shared = cache.get(generation_key)
    if shared is None or shared == _jwks_generations.get(url):
        min_interval = int(getattr(settings, "API_JWKS_REFRESH_MIN_SECONDS", 60))
        if min_interval > 0 and not cache.add(f"idporten:jwks-refetch:{digest}", 1, timeout=min_interval):
            return None
        shared = uuid.uuid4().hex
        cache.set(generation_key, shared, timeout=None)
    try:
        keys = jwks_client(url).get_signing_keys(refresh=True)
    except jwt.PyJWKClientConnectionError as exc:
        raise IDPortenLoginError("unreachable", "JWKS endpoint unreachable") from exc
    except jwt.PyJWKClientError:
        return None
    _jwks_generations[url] = shared
    return next((key for key in keys if key.key_id == kid), None)


class IDPortenBackend(OIDCAuthenticationBackend):
    """Logs in a person from ID-porten's authorization code; used only by `idporten.views.CallbackView`.

    `authenticate(request, nonce=..., code_verifier=...)` exchanges `request.GET["code"]` at the token endpoint
    (with the PKCE verifier), validates the id_token and returns the `authz.models.User` of the person with the
    token's `pid` (created on first login, username `idporten-<person uuid>`). It returns None when called
    without `nonce` (e.g. by the operators' password login). Raises `IDPortenLoginError` with reason
    "unreachable", "token_rejected", "invalid_token", "no_pid", "acr" or "invalid_pid".
    """

    get_settings = staticmethod(oidc_setting)

    def authenticate(self, request, nonce=None, code_verifier=None, **kwargs):
        if request is None or nonce is None:
            return None
        return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)

    def get_user(self, user_id):
        # ModelBackend's version also refuses inactive users on every request.
        return ModelBackend.get_user(self, user_id)

    def get_token(self, payload):
        """Exchange the code at the token endpoint; network errors and 5xx are "unreachable", 4xx "token_rejected"."""
        try:
            token_info = super().get_token(payload)
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else 0
            reason = "token_rejected" if 400 <= status < 500 else "unreachable"
            raise IDPortenLoginError(reason, f"token endpoint answered {status}") from exc
        except requests.RequestException as exc:
            raise IDPortenLoginError("unreachable", f"token endpoint: {type(exc).__name__}") from exc
        except ValueError as exc:
            raise IDPortenLoginError("unreachable", "token endpoint answered with something else than JSON") from exc
        if not isinstance(token_info, dict) or not isinstance(token_info.get("id_token"), str):
            raise IDPortenLoginError("invalid_token", "no id_token in the token response")
        return token_info

    def verify_token(self, token, **kwargs):
        """Validate the id_token (see the module docstring) and return its claims.

        Raises `IDPortenLoginError` "unreachable" if the JWKS cannot be fetched, "invalid_token" for a bad
        signature, algorithm, `iss`, `aud`, `exp`, `iat` or `nonce`. (`acr` and `pid`: `verify_claims`.)
        """
        nonce = kwargs.get("nonce")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise IDPortenLoginError("invalid_token", "malformed id_token") from exc
        if header.get("alg") != ID_TOKEN_ALGORITHM:
            raise IDPortenLoginError("invalid_token", f"id_token algorithm {header.get('alg')!r}")
        try:
            key = jwks_client(self.OIDC_OP_JWKS_ENDPOINT).get_signing_key_from_jwt(token)
        except jwt.PyJWKClientConnectionError as exc:
            raise IDPortenLoginError("unreachable", "JWKS endpoint unreachable") from exc
        except (jwt.PyJWKClientError, jwt.InvalidTokenError) as exc:
            raise IDPortenLoginError("invalid_token", f"no JWKS key for the id_token: {exc}") from exc
        try:
            claims = self._decode_id_token(token, key)
        except jwt.InvalidSignatureError as exc:
            replaced = _replaced_key(self.OIDC_OP_JWKS_ENDPOINT, header.get("kid"))
            if replaced is None:
                raise IDPortenLoginError("invalid_token", f"id_token rejected: {exc}") from exc
            logger.info("ID-porten signing key %r was replaced; verifying with the new key", header.get("kid"))
            try:
                claims = self._decode_id_token(token, replaced)
            except jwt.InvalidTokenError as again:
                raise IDPortenLoginError("invalid_token", f"id_token rejected: {again}") from again
        except jwt.InvalidTokenError as exc:
            raise IDPortenLoginError("invalid_token", f"id_token rejected: {exc}") from exc
        if not isinstance(nonce, str) or not isinstance(claims["nonce"], str) or not hmac.compare_digest(
            claims["nonce"], nonce
        ):
            raise IDPortenLoginError("invalid_token", "id_token nonce does not match the authorization request")
        return claims

    def _decode_id_token(self, token: str, key: jwt.PyJWK) -> dict:
        """PyJWT's checks of the id_token with `key`; raises `jwt.InvalidTokenError` (subclasses) on failure."""
        return jwt.decode(
            token,
            key.key,
            algorithms=[ID_TOKEN_ALGORITHM],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=self.get_settings("OIDC_OP_ISSUER"),
            leeway=CLOCK_LEEWAY_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "sub", "nonce"], "strict_aud": True},
        )

    def get_userinfo(self, access_token, id_token, payload):
        # ID-porten puts everything needed (pid) in the id_token; the userinfo endpoint adds nothing.
        return payload

    def verify_claims(self, claims):
        """Return the valid `pid` of the verified id_token claims.

        Raises `IDPortenLoginError` "no_pid" (checked first: an e-mail login also has a low `acr`, and the missing
        pid is what the person can act on), "acr" for a level below settings.IDPORTEN_ACR_VALUES, "invalid_pid".
        """
        pid = claims.get("pid")
        if not pid:
            raise IDPortenLoginError("no_pid", f"no pid claim (acr {claims.get('acr')!r})")
        if not acr_satisfies(claims.get("acr"), settings.IDPORTEN_ACR_VALUES):
            raise IDPortenLoginError(
                "acr", f"acr {claims.get('acr')!r} does not satisfy {settings.IDPORTEN_ACR_VALUES!r}"
            )
        try:
            pid_info(pid)
        except ValidationError as exc:
            shown = mask_pid(pid) if isinstance(pid, str) else type(pid).__name__
            raise IDPortenLoginError("invalid_pid", f"pid {shown} is not valid here") from exc
        return pid

    def get_or_create_user(self, access_token, id_token, payload):
        """The user of the person with the token's pid, created on first login (race-safe)."""
        claims = self.get_userinfo(access_token, id_token, payload)
        pid = self.verify_claims(claims)
        person = person_get_or_create(pid=pid)
        user_model = get_user_model()
        user = user_model.objects.filter(person=person).first()
        if user is None:
            try:
                with transaction.atomic():
                    user = user_model.objects.create_user(username=f"idporten-{person.pk}", person=person)
            except IntegrityError:  # a simultaneous first login of the same person won
                user = user_model.objects.get(person=person)
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        """Keep the user's and the person's name in step with the provider's name claims when it sends them.

        The person's name (`name`, else `given_name` + `family_name`) is what the portal shows instead of the
        masked number, e.g. in the list of administrators.
        """
        person_set_name(person=user.person, name=person_name_from_claims(claims))
        changed = []
        for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
            value = claims.get(claim)
            if isinstance(value, str) and value and getattr(user, field) != value[:150]:
                setattr(user, field, value[:150])
                changed.append(field)
        if changed:
            user.save(update_fields=changed)
        return user
