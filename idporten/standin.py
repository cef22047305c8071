"""A local stand-in for ID-porten: a real OpenID provider on loopback, for development and tests only.

Built on `oidc-provider-mock` (Flask + Authlib; pinned 0.3.4) and made to behave like ID-porten where the portal
depends on it (Digdir, "ID-porten OIDC integrasjonsguide"; `shared/reference/identity-and-tokens.md`):
- a one-click login page offering synthetic persons (by default `authz.demo.PERSONS`) and a cancel button,
  which answers `error=access_denied` as ID-porten does when the user cancels;
- PKCE is mandatory and only S256 is accepted (Authlib's `CodeChallenge`, made stricter); `nonce` is required
  and a reused nonce is refused;
- the authorization response carries `iss` (RFC 9207), also on errors;
- id_tokens are RS256 with `kid`, `iss` = the stand-in's base URL (no trailing slash), `aud` = the client id as
  a string, a pairwise-looking `sub`, `pid`, `acr` = the requested `acr_values` (default
  `idporten-loa-substantial`), `amr` ["TestID"], `locale` from `ui_locales`, `auth_time`, `iat`, `exp`
  (120 s), `jti`; a person's own claims (e.g. a forced `acr`, or no `pid`) override these, for tests;
- an end_session endpoint that checks `id_token_hint` and redirects to `post_logout_redirect_uri`.

Everything lives in memory and a new signing key is made at every start. Refuses to run unless
`settings.PORTAL_DEVELOPMENT_MODE`, and listens only on loopback addresses.

Use from a test::

    base_url, stop = start_standin()
    settings.IDPORTEN_ENVIRONMENT = "local"; settings.IDPORTEN_STANDIN_URL = base_url   # see standin_settings()
    ...
    stop()
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import logging
import os
import secrets
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import flask
import jwt
import oidc_provider_mock
import werkzeug.serving
from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc6749 import InvalidRequestError
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import OpenIDCode
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from oidc_provider_mock import _app as mock_app
from oidc_provider_mock import _storage as mock_storage

from authz.identifiers import mask_pid

from .backends import ACR_LEVELS
from .presets import STANDIN_PATHS, local_endpoints

DEFAULT_ACR = "idporten-loa-substantial"
# The client of config/settings/dev.py (not a secret: the stand-in runs on loopback in development only).
DEV_CLIENT_ID = "konfigurasjonsportalen-dev"
DEV_CLIENT_SECRET = "dev-secret"
ID_TOKEN_LIFETIME = timedelta(seconds=120)
_TEMPLATES = Path(__file__).resolve().parent / "standin_templates"
_BLUEPRINT = "oidc-provider-mock"


@dataclass(frozen=True)
class StandinPerson:
    """A person offered on the stand-in's login page.

    `sub`: the subject (opaque, pairwise-looking); `label`: the button text (the name); `description`: a line
    under it (e.g. the person's role in the demo data); `claims`: extra id_token claims — normally `pid`,
    `given_name`, `family_name`; may also override `acr`, `amr` or anything else, for tests.
    """

    sub: str
    label: str
    claims: dict[str, Any]
    description: str = ""


def pairwise_sub(pid: str) -> str:
    """An opaque, stable subject for a pid (ID-porten's `sub` is pairwise and never the pid itself)."""
    digest = hashlib.sha256(f"idporten-standin:{pid}".encode()).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def person(pid: str, given_name: str, family_name: str, description: str = "", **claims: Any) -> StandinPerson:
    """A `StandinPerson` with a pid; keyword arguments become extra or overriding id_token claims."""
    return StandinPerson(
        sub=pairwise_sub(pid),
        label=f"{given_name} {family_name}",
        description=description,
        claims={"pid": pid, "given_name": given_name, "family_name": family_name, **claims},
    )


def demo_persons() -> list[StandinPerson]:
    """The synthetic persons of the demo data (`authz.demo.PERSONS`), with their roles as descriptions."""
    from authz.demo import PERSONS

    return [person(p.pid, p.given_name, p.family_name, p.role) for p in PERSONS]


@dataclass
class _State:
    issuer: str
    persons: list[StandinPerson]
    storage: Any = None
    nonces: set[str] = field(default_factory=set)
    logouts: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(kw_only=True, frozen=True)
class _AuthorizationCode(mock_storage.AuthorizationCode):
    code_challenge: str | None = None
    code_challenge_method: str | None = None
    acr: str = DEFAULT_ACR
    locale: str = "nb"
    auth_time: int = 0

    def get_acr(self) -> str:
        return self.acr

    def get_amr(self) -> list[str]:
        return ["TestID"]

    def get_auth_time(self) -> int:
        return self.auth_time


def _state() -> _State:
    return flask.current_app.extensions["idporten_standin"]


class _AuthorizationCodeGrant(mock_app.AuthorizationCodeGrant):
    """The mock's grant, also keeping the PKCE challenge, acr, locale and auth_time with the code."""

    def save_authorization_code(self, code: str, request: Any) -> None:
        data = request.payload.data
        requested = [v for v in (data.get("acr_values") or "").split() if v in ACR_LEVELS]
        locales = (data.get("ui_locales") or "nb").split()
        nonce = data.get("nonce")
        state = _state()
        with state.lock:
            state.nonces.add(nonce)
        state.storage.store_authorization_code(
            _AuthorizationCode(
                code=code,
                user_id=request.user.sub,
                client_id=request.client.get_client_id(),
                redirect_uri=data.get("redirect_uri"),
                scope=data.get("scope") or "",
                nonce=nonce,
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
                acr=requested[0] if requested else DEFAULT_ACR,
                locale=locales[0] if locales else "nb",
                auth_time=int(time.time()),
            )
        )


class _RequiredS256(CodeChallenge):
    """PKCE as ID-porten enforces it: every authorization request needs a `code_challenge` with method S256."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("Missing 'code_challenge' (PKCE is required)")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("'code_challenge_method' must be S256")
        super().validate_code_challenge(grant, redirect_uri)


class _OpenIDCode(OpenIDCode):
    """id_tokens shaped like ID-porten's (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__(require_nonce=True)

    def exists_nonce(self, nonce: str, request: Any) -> bool:
        return nonce in _state().nonces

    def resolve_client_private_key(self, client: Any) -> dict:
        return _state().storage.jwk.as_dict(is_private=True)

    def get_client_algorithm(self, client: Any) -> str:
        return "RS256"

    def get_encode_header(self, client: Any) -> dict:
        return {"alg": "RS256", "kid": _state().storage.jwk.as_dict()["kid"]}

    def get_client_claims(self, client: Any) -> dict:
        now = int(time.time())
        return {
            "iss": _state().issuer,
            "aud": client.get_client_id(),
            "iat": now,
            "exp": now + int(ID_TOKEN_LIFETIME.total_seconds()),
            "jti": secrets.token_urlsafe(8),
        }

    def get_authorization_code_claims(self, authorization_code: Any) -> dict:
        claims = super().get_authorization_code_claims(authorization_code)
        claims["locale"] = authorization_code.locale
        return claims

    def generate_user_info(self, user: Any, scope: str) -> dict:
        return mock_app._user_claims_for_scope(user, scope)


def _authorize() -> flask.typing.ResponseReturnValue:
    """The login page (GET) and the person's choice or cancel (POST); replaces the mock's view."""
    state = _state()
    grant, redirect_uri = mock_app._validate_auth_request_client_params(flask.request)
    args = flask.request.args
    if flask.request.method == "POST":
        if flask.request.form.get("action") == "deny":
            params = {"error": "access_denied", "error_description": "User cancelled the login", "iss": state.issuer}
            if args.get("state"):
                params["state"] = args["state"]
            return flask.redirect(add_params_to_uri(redirect_uri, params))
        user = state.storage.get_user(flask.request.form.get("sub") or "")
        if user is not None:
            status, body, headers = grant.create_authorization_response(redirect_uri, user)
            headers = [(k, add_params_to_uri(v, {"iss": state.issuer}) if k == "Location" else v) for k, v in headers]
            return mock_app.authorization.handle_response(status, body, headers)
    persons = [
        {"sub": p.sub, "label": p.label, "description": p.description,
         "masked_pid": mask_pid(p.claims["pid"]) if p.claims.get("pid") else ""}
        for p in state.persons
    ]
    return flask.render_template(
        "standin_authorize.html", persons=persons, client_id=grant.client.get_client_id(),
        acr_values=args.get("acr_values") or DEFAULT_ACR, lang=(args.get("ui_locales") or "nb").split()[0],
        redirect_uri=redirect_uri,
    ), (200 if flask.request.method == "GET" else 400)


def _home() -> flask.typing.ResponseReturnValue:
    """The stand-in's front page (the address `./dev run` prints): who can log in, and its discovery document.

    Replaces the mock's view, whose template is not shipped with the stand-in. The mock's other pages (its
    `error.html` for a malformed authorization request, `end_session_confirm.html`) have their own versions in
    `standin_templates`, so no address of the stand-in answers 500.
    """
    state = _state()
    persons = [
        {"label": p.label, "description": p.description,
         "masked_pid": mask_pid(p.claims["pid"]) if p.claims.get("pid") else ""}
        for p in state.persons
    ]
    return flask.render_template("standin_home.html", persons=persons, issuer=state.issuer,
                                 discovery=f"{state.issuer}/.well-known/openid-configuration")


def _end_session() -> flask.typing.ResponseReturnValue:
    """RP-initiated logout: needs a valid `id_token_hint` from this stand-in; replaces the mock's view."""
    state = _state()
    values = flask.request.values
    hint = values.get("id_token_hint") or ""
    try:
        key = jwt.PyJWK(state.storage.jwk.as_dict()).key
        claims = jwt.decode(hint, key, algorithms=["RS256"], issuer=state.issuer,
                            options={"verify_exp": False, "verify_aud": False})
    except jwt.InvalidTokenError:
        return flask.render_template("standin_logged_out.html", error=True), 400
    target = values.get("post_logout_redirect_uri") or ""
    with state.lock:
        state.logouts.append({"sub": claims.get("sub"), "id_token_hint": hint, "post_logout_redirect_uri": target})
    if target.startswith(("http://", "https://")):
        if values.get("state"):
            target = add_params_to_uri(target, {"state": values["state"]})
        return flask.redirect(target)
    return flask.render_template("standin_logged_out.html", error=False)


def _discovery() -> flask.Response:
    """The discovery document, with the fixed issuer and ID-porten's capabilities; replaces the mock's view."""
    state = _state()
    endpoints = local_endpoints(state.issuer)
    return flask.jsonify({
        "issuer": endpoints.issuer,
        "authorization_endpoint": endpoints.authorization_endpoint,
        "token_endpoint": endpoints.token_endpoint,
        "jwks_uri": endpoints.jwks_endpoint,
        "userinfo_endpoint": endpoints.userinfo_endpoint,
        "end_session_endpoint": endpoints.end_session_endpoint,
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "scopes_supported": ["openid", "profile"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "acr_values_supported": list(ACR_LEVELS),
        "ui_locales_supported": ["nb", "nn", "en", "se"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "authorization_response_iss_parameter_supported": True,
    })


def _require_development_mode() -> None:
    if not getattr(settings, "PORTAL_DEVELOPMENT_MODE", False):
        raise ImproperlyConfigured("The ID-porten stand-in runs only in development mode (PORTAL_DEVELOPMENT_MODE)")


def build_app(
    *,
    issuer: str,
    persons: Sequence[StandinPerson] | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
) -> flask.Flask:
    """The stand-in as a Flask WSGI app whose issuer is `issuer` (its own base URL, no trailing slash).

    `persons` defaults to `demo_persons()`. With `client_id` and `client_secret` only that client may log in
    (any redirect URI); without them any client id and secret are accepted. Raises `ImproperlyConfigured`
    outside development mode. Per-app state: `app.extensions["idporten_standin"]` (`logouts` records each
    RP-initiated logout, for tests).
    """
    _require_development_mode()
    # Authlib refuses plain-HTTP OAuth unless told otherwise; the stand-in serves loopback only.
    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")
    # Authlib's debug messages include issued tokens, and id_tokens hold the pid: never below INFO.
    logging.getLogger("authlib").setLevel(logging.INFO)
    persons = list(demo_persons() if persons is None else persons)
    app = flask.Flask("idporten_standin", template_folder=str(_TEMPLATES))
    oidc_provider_mock.init_app(
        app,
        require_client_registration=client_id is not None,
        require_nonce=True,
        issue_refresh_token=False,
        access_token_max_age=ID_TOKEN_LIFETIME,
        user_claims=[mock_storage.User(sub=p.sub, claims=dict(p.claims)) for p in persons],
    )
    # init_app turns on Flask debug mode and wraps the app in Werkzeug's debugger; neither is wanted here.
    app.debug = False
    app.wsgi_app = app.wsgi_app.app
    app.secret_key = secrets.token_bytes(16)
    state = _State(issuer=issuer.rstrip("/"), persons=persons)
    app.extensions["idporten_standin"] = state

    # The mock builds its Authlib server and storage inside a request hook; run it once to reach them, then
    # replace its code grant with ours (same endpoints, plus strict PKCE and ID-porten's claims).
    with app.test_request_context("/"):
        app.preprocess_request()
        server = flask.g._authlib_authorization_server
        state.storage = flask.g.oidc_provider_mock_storage
    mock_grant = mock_app.AuthorizationCodeGrant
    server._authorization_grants = [g for g in server._authorization_grants if g[0] is not mock_grant]
    server._token_grants = [g for g in server._token_grants if g[0] is not mock_grant]
    server.register_grant(_AuthorizationCodeGrant, [_OpenIDCode(), _RequiredS256(required=True)])
    if client_id is not None:
        state.storage.store_client(mock_storage.Client(
            id=client_id, secret=client_secret or "", redirect_uris=mock_storage.ClientAllowAny(),
            allowed_scopes=mock_storage.Client.SCOPES_SUPPORTED,
            token_endpoint_auth_method=mock_storage.ClientAllowAny(),
        ))

    app.view_functions[f"{_BLUEPRINT}.authorize"] = _authorize
    app.view_functions[f"{_BLUEPRINT}.end_session"] = _end_session
    app.view_functions[f"{_BLUEPRINT}.openid_config"] = _discovery
    app.view_functions[f"{_BLUEPRINT}.home"] = _home
    return app


class _RequestHandler(werkzeug.serving.WSGIRequestHandler):
    """Logs requests without their query strings: end_session's carries the id_token (which holds the pid)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = urlsplit(getattr(self, "path", "")).path
        self.log("info", '"%s %s" %s %s', getattr(self, "command", "-"), path, code, size)


def _check_loopback(host: str) -> None:
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ImproperlyConfigured(f"The ID-porten stand-in listens only on loopback, not {host!r}")


def start_standin(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    persons: Sequence[StandinPerson] | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
    issuer: str | None = None,
) -> tuple[str, RunningStandin]:
    """Start the stand-in in a background thread.

    Inputs: a loopback `host`, a `port` (0 = a free one), `build_app`'s options, and the `issuer` when it must
    be spelt differently from "http://<host>:<port>" (e.g. settings.IDPORTEN_STANDIN_URL with "localhost").
    Output: (base_url, stop): the base URL (also the issuer) and a `RunningStandin` that stops the server when
    called (idempotent).
    Raises `ImproperlyConfigured` outside development mode or for a non-loopback host, `OSError` if the port is
    taken. Point the portal at it with `standin_settings(base_url)`.
    """
    _require_development_mode()
    _check_loopback(host)
    # Bind first: the port decides the issuer, which the app needs.
    server = werkzeug.serving.make_server(host, port, app=None, threaded=True, request_handler=_RequestHandler)
    netloc = f"[{host}]" if ":" in host else host
    base_url = (issuer or f"http://{netloc}:{server.server_port}").rstrip("/")
    app = build_app(issuer=base_url, persons=persons, client_id=client_id, client_secret=client_secret)
    server.app = app
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name=f"idporten-standin-{server.server_port}", daemon=True)
    thread.start()
    return base_url, RunningStandin(server, thread, app)


class RunningStandin:
    """The `stop` of `start_standin`: call it to stop the server (idempotent); `logouts` lists the logouts seen."""

    def __init__(self, server: werkzeug.serving.BaseWSGIServer, thread: threading.Thread, app: flask.Flask):
        self._server, self._thread, self.app = server, thread, app
        self._stopped = threading.Event()

    @property
    def logouts(self) -> list[dict[str, Any]]:
        """One dict per accepted end_session request: `sub`, `id_token_hint`, `post_logout_redirect_uri`."""
        state = self.app.extensions["idporten_standin"]
        with state.lock:
            return list(state.logouts)

    def __call__(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        self._server.shutdown()
        self._thread.join(timeout=5)
        self._server.server_close()


def standin_settings(base_url: str, *, client_id: str = DEV_CLIENT_ID,
                     client_secret: str = DEV_CLIENT_SECRET) -> dict[str, Any]:
    """Django settings that point the portal at a stand-in at `base_url` (for `override_settings`/`settings`).

    Every endpoint override is cleared so the "local" preset alone decides.
    """
    return {
        "IDPORTEN_ENVIRONMENT": "local",
        "IDPORTEN_STANDIN_URL": base_url,
        "OIDC_RP_CLIENT_ID": client_id,
        "OIDC_RP_CLIENT_SECRET": client_secret,
        "OIDC_OP_ISSUER": "",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "",
        "OIDC_OP_TOKEN_ENDPOINT": "",
        "OIDC_OP_JWKS_ENDPOINT": "",
        "OIDC_OP_LOGOUT_ENDPOINT": "",
        "OIDC_OP_USER_ENDPOINT": "",
    }


__all__ = ["STANDIN_PATHS", "RunningStandin", "StandinPerson", "build_app", "demo_persons", "person",
           "standin_settings", "start_standin"]
