"""Production settings: PostgreSQL, Redis, secrets from the environment, HTTPS, JSON logs, no development conveniences.

Refuses to start without `DJANGO_SECRET_KEY`, `DATABASE_URL`, a Redis `CACHE_URL` and real ID-porten client settings,
and with an outbound endpoint that is not https (ID-porten overrides, API issuers' JWKS URLs, any other URL setting).
"""

from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from config.cache import is_redis

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PORTAL_DEVELOPMENT_MODE = False
IDPORTEN_ENVIRONMENT = env.str("IDPORTEN_ENVIRONMENT", default="production")


def _require(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production")
    return value


SECRET_KEY = _require("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 random characters")
_require("DATABASE_URL")
# Several app servers share allauth's used TOTP codes and rate limits and the JWKS keys only through Redis; a
# per-process cache would let one TOTP code log in twice (once per worker). config/wsgi.py also pings it at start.
if not is_redis(CACHES["default"]):  # noqa: F405
    raise ImproperlyConfigured(
        "CACHE_URL must point to Redis in production (redis://host:6379/0): a local-memory cache is not shared "
        "between app servers and workers"
    )
MFA_ENCRYPTION_KEY = _require("MFA_ENCRYPTION_KEY")
try:
    Fernet(MFA_ENCRYPTION_KEY)
except ValueError:
    raise ImproperlyConfigured(
        "MFA_ENCRYPTION_KEY must be a Fernet key (python -c \"from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())\")"
    ) from None
if not INTEGRATION_PASSWORD_PEPPERS:  # noqa: F405
    raise ImproperlyConfigured("INTEGRATION_PASSWORD_PEPPERS must be set in production (id:key, key at least 32 "
                               "random characters)")
if any(len(key) < 32 for key in INTEGRATION_PASSWORD_PEPPERS.values()):  # noqa: F405
    raise ImproperlyConfigured("INTEGRATION_PASSWORD_PEPPERS: every key must have at least 32 characters")
OIDC_RP_CLIENT_ID = _require("IDPORTEN_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = _require("IDPORTEN_CLIENT_SECRET")
if IDPORTEN_ENVIRONMENT not in {"production", "test"}:
    raise ImproperlyConfigured("IDPORTEN_ENVIRONMENT must be 'production' or 'test' in production settings")
if "development" in [name.strip() for name in API_TRUSTED_ISSUERS]:  # noqa: F405
    raise ImproperlyConfigured("API_TRUSTED_ISSUERS must not contain the development issuer in production")
if not 0 < API_JWKS_TIMEOUT_SECONDS <= 30:  # noqa: F405
    raise ImproperlyConfigured("API_JWKS_TIMEOUT_SECONDS must be more than 0 and at most 30")
if API_AUDIENCE_CHECK.strip().lower() not in ("on", "off"):  # noqa: F405
    raise ImproperlyConfigured("API_AUDIENCE_CHECK must be 'on' or 'off'")


# The environment variable behind each ID-porten endpoint setting (config/settings/base.py).
_IDPORTEN_VARIABLES = {
    "OIDC_OP_ISSUER": "IDPORTEN_ISSUER",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "IDPORTEN_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "IDPORTEN_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT": "IDPORTEN_USERINFO_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "IDPORTEN_JWKS_ENDPOINT",
    "OIDC_OP_LOGOUT_ENDPOINT": "IDPORTEN_END_SESSION_ENDPOINT",
}


def _require_https(name: str, url: str) -> None:
    parts = urlsplit(url)
    if url != url.strip() or parts.scheme != "https" or not parts.hostname:
        # The value is not echoed: a URL setting may carry credentials.
        raise ImproperlyConfigured(f"{name} must be an https URL in production (scheme {parts.scheme or 'none'!r})")


# Every outbound endpoint that carries secrets, codes or keys is https: the ID-porten endpoints (client secret,
# authorization code, PKCE verifier, tokens, signing keys; the presets are https, overrides are checked here), the
# API issuers' JWKS URLs (checked when the app starts, `api.apps.ApiConfig.ready`), and any other *_URL, *_ENDPOINT
# or *_URI setting that holds a web URL (e.g. a registry; redis://, postgres:// and other schemes are not web URLs).
for _name, _value in list(globals().items()):
    if not (_name.isupper() and isinstance(_value, str) and _value):
        continue
    if _name in _IDPORTEN_VARIABLES:
        _require_https(_IDPORTEN_VARIABLES[_name], _value)
    elif _name.endswith(("_URL", "_ENDPOINT", "_URI")) and (
        urlsplit(_value.strip()).scheme in ("http", "https") or _value.strip().startswith("//")
    ):
        _require_https(_name, _value)
if not (0 < SESSION_PERSON_MAX_AGE_SECONDS <= 7200 and 0 < SESSION_PERSON_IDLE_SECONDS <= 1800):  # noqa: F405
    raise ImproperlyConfigured("SESSION_PERSON_*: at most ID-porten's 7200 s from the login and 1800 s idle")
if min(SESSION_OPERATOR_MAX_AGE_SECONDS, SESSION_OPERATOR_IDLE_SECONDS) <= 0:  # noqa: F405
    raise ImproperlyConfigured("SESSION_OPERATOR_MAX_AGE_SECONDS and SESSION_OPERATOR_IDLE_SECONDS must be positive")
if ENHETSREGISTERET_URL and not ENHETSREGISTERET_URL.startswith("https://"):  # noqa: F405
    raise ImproperlyConfigured("ENHETSREGISTERET_URL must be https in production (or empty to turn lookups off)")
if not 0 < ENHETSREGISTERET_TIMEOUT_SECONDS <= 10:  # noqa: F405
    raise ImproperlyConfigured("ENHETSREGISTERET_TIMEOUT_SECONDS must be more than 0 and at most 10")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production")

# One JSON object per log line, for the log collector (LOG_FORMAT=text switches back).
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
