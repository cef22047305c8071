"""ID-porten endpoints per environment, and the effective OpenID Connect configuration of this deployment.

Source of the production and test values: Digdir's documentation (docs.digdir.no, "ID-porten OIDC
integrasjonsguide"), summarised in `shared/reference/identity-and-tokens.md`. The "local" preset points at the
ID-porten stand-in (`idporten/standin.py`) at `settings.IDPORTEN_STANDIN_URL` and exists only in development.

`settings.IDPORTEN_ENVIRONMENT` picks the preset; any non-empty `OIDC_OP_*` setting (read from the
`IDPORTEN_*` environment variables in `config/settings/base.py`) overrides the preset's value. The result is
computed on every call, so `override_settings` in tests (a stand-in on a random port) takes effect at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Endpoints:
    """The provider's issuer and endpoint URLs (absolute URLs; `issuer` exact, as it appears in `iss`)."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_endpoint: str
    end_session_endpoint: str
    userinfo_endpoint: str


PRESETS: dict[str, Endpoints] = {
    "production": Endpoints(
        issuer="https://idporten.no",
        authorization_endpoint="https://login.idporten.no/authorize",
        token_endpoint="https://idporten.no/token",
        jwks_endpoint="https://idporten.no/jwks.json",
        end_session_endpoint="https://login.idporten.no/logout",
        userinfo_endpoint="https://idporten.no/userinfo",
    ),
    "test": Endpoints(
        issuer="https://test.idporten.no",
        authorization_endpoint="https://login.test.idporten.no/authorize",
        token_endpoint="https://test.idporten.no/token",
        jwks_endpoint="https://test.idporten.no/jwks.json",
        end_session_endpoint="https://login.test.idporten.no/logout",
        userinfo_endpoint="https://test.idporten.no/userinfo",
    ),
}

# Paths of the stand-in (oidc-provider-mock's routes), relative to settings.IDPORTEN_STANDIN_URL.
STANDIN_PATHS = {
    "authorization_endpoint": "/oauth2/authorize",
    "token_endpoint": "/oauth2/token",
    "jwks_endpoint": "/jwks",
    "end_session_endpoint": "/oauth2/end_session",
    "userinfo_endpoint": "/userinfo",
}

# Which OIDC_* setting overrides which field.
_OVERRIDES = {
    "issuer": "OIDC_OP_ISSUER",
    "authorization_endpoint": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "OIDC_OP_TOKEN_ENDPOINT",
    "jwks_endpoint": "OIDC_OP_JWKS_ENDPOINT",
    "end_session_endpoint": "OIDC_OP_LOGOUT_ENDPOINT",
    "userinfo_endpoint": "OIDC_OP_USER_ENDPOINT",
}


def local_endpoints(base_url: str) -> Endpoints:
    """Endpoints of an ID-porten stand-in listening at `base_url` (e.g. "http://127.0.0.1:8081").

    The issuer is `base_url` without a trailing slash, like ID-porten's issuer.
    """
    base = base_url.rstrip("/")
    return Endpoints(issuer=base, **{name: base + path for name, path in STANDIN_PATHS.items()})


def preset(environment: str) -> Endpoints:
    """The endpoints of `environment`: "production", "test" or "local".

    Raises `ImproperlyConfigured` for an unknown name, and for "local" unless `settings.PORTAL_DEVELOPMENT_MODE`
    (the stand-in accepts anyone, so it must never be reachable from a production deployment).
    """
    if environment == "local":
        if not getattr(settings, "PORTAL_DEVELOPMENT_MODE", False):
            raise ImproperlyConfigured("IDPORTEN_ENVIRONMENT=local (the ID-porten stand-in) needs development mode")
        return local_endpoints(settings.IDPORTEN_STANDIN_URL)
    try:
        return PRESETS[environment]
    except KeyError:
        raise ImproperlyConfigured(
            f"IDPORTEN_ENVIRONMENT must be 'production', 'test' or 'local', not {environment!r}"
        ) from None


def endpoints() -> Endpoints:
    """The effective endpoints: the preset of `settings.IDPORTEN_ENVIRONMENT` with non-empty overrides applied.

    Raises `ImproperlyConfigured` as `preset` does.
    """
    result = preset(settings.IDPORTEN_ENVIRONMENT)
    overrides = {field: getattr(settings, name, "") for field, name in _OVERRIDES.items()}
    return replace(result, **{field: value for field, value in overrides.items() if value})


def oidc_setting(name: str, *default):
    """Value of a mozilla-django-oidc setting `name`, with the endpoint settings resolved through `endpoints()`.

    Used as `get_settings` by the backend and views in this app. Raises `ImproperlyConfigured` for an unknown
    setting without a default (as mozilla-django-oidc does).
    """
    for field, setting_name in _OVERRIDES.items():
        if name == setting_name:
            return getattr(endpoints(), field)
    if default:
        return getattr(settings, name, default[0])
    try:
        return getattr(settings, name)
    except AttributeError:
        raise ImproperlyConfigured(f"Setting {name} not found") from None
