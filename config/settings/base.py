"""Settings shared by every environment, read from the environment with django-environ.

Every variable is documented in `.env.example`. Per-environment modules (`dev`, `test`, `production`)
only change defaults and add checks; they never read variables that this module does not know.
"""

import ipaddress
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from config.cache import cache_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Whether this deployment is a test environment (accepts synthetic +80/+40 test identity numbers).
PORTAL_TEST_ENVIRONMENT = env.bool("PORTAL_TEST_ENVIRONMENT", default=False)
# Development-only conveniences (ID-porten stand-in, development token issuer). Never on in production.
PORTAL_DEVELOPMENT_MODE = False

INSTALLED_APPS = [
    "authz.admin_site.OperatorAdminConfig",  # Django admin for operators: allauth login + TOTP required
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "mozilla_django_oidc",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "authz",
    "integrations",
    "idporten",
    "portal",
    "api",
    "ops",
]

MIDDLEWARE = [
    "ops.middleware.ProbeMiddleware",  # /healthz, /readyz, /metrics: before the host check and HTTPS redirect
    "authz.redirects.KeepMethodSecureRedirectMiddleware",  # https redirect of POST/PUT/PATCH/DELETE: 308, not 301
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "authz.middleware.RequestIdMiddleware",
    "ops.middleware.RequestLogMiddleware",  # inside the request id: every line carries it
    "ops.deadline.DeadlineMiddleware",
    "authz.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",  # before RejectNul: its 400 pages get it too
    "authz.middleware.RejectNulMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "authz.redirects.KeepMethodCommonMiddleware",  # APPEND_SLASH for POST/PUT/PATCH/DELETE: 308, never 301 or 500
    "authz.middleware.WebOnlyMiddleware",  # runs WEB_ONLY_MIDDLEWARE, except for the API under /api/
    "allauth.account.middleware.AccountMiddleware",  # allauth refuses to start without it here
]
# Middleware of the web UI, the admin and the login that the token-authenticated API does not need (no session,
# cookie, form or message there); run in this order by `WebOnlyMiddleware` for every request outside /api/.
WEB_ONLY_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "authz.sessions.SessionLifetimeMiddleware",  # absolute and idle session limits (after auth and messages)
]
# Django's checks look for these middleware in MIDDLEWARE itself; they run inside WebOnlyMiddleware for every
# page outside /api/ (the admin included), which tests/security_web/test_web_only_middleware.py proves.
SILENCED_SYSTEM_CHECKS = ["admin.E408", "admin.E409", "admin.E410", "security.W003"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=0))
# The request deadline (README "Request deadline"): clients read for 30 s, so every wait on our side ends sooner.
# A statement running longer is cancelled by PostgreSQL (the request answers 503, its transaction is rolled back).
DATABASE_STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=20_000)
DATABASE_CONNECT_TIMEOUT_SECONDS = env.int("DATABASE_CONNECT_TIMEOUT_SECONDS", default=3)
# The most database time one request may use in all (ops/deadline.py); below gunicorn's worker timeout (28 s).
REQUEST_DEADLINE_SECONDS = env.float("REQUEST_DEADLINE_SECONDS", default=25.0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT_SECONDS)
    _pg_options.setdefault("options", f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}")
    # A broken pooled connection (database restarted) is noticed before use, not as the request's first error.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Every request is a transaction (ATOMIC_REQUESTS); taking SQLite's write lock at its start makes parallel
    # requests (a double-clicked form) wait for each other instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds state that every app server must share (allauth's used TOTP codes and rate limits, JWKS keys):
# Redis in production (`redis://host:6379/0`, Django's own RedisCache), local memory by default in development.
CACHE_URL = env.str("CACHE_URL", default="locmemcache://")
CACHE_SOCKET_TIMEOUT_SECONDS = env.float("CACHE_SOCKET_TIMEOUT_SECONDS", default=1.0)
CACHE_CONNECT_TIMEOUT_SECONDS = env.float("CACHE_CONNECT_TIMEOUT_SECONDS", default=1.0)
CACHES = {"default": cache_settings(CACHE_URL, socket_timeout=CACHE_SOCKET_TIMEOUT_SECONDS,
                                    connect_timeout=CACHE_CONNECT_TIMEOUT_SECONDS)}

AUTH_USER_MODEL = "authz.User"
AUTHENTICATION_BACKENDS = [
    "idporten.backends.IDPortenBackend",  # only acts on the ID-porten callback (needs a nonce)
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:home"  # the landing page offers "Logg inn med ID-porten"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates in a European format ("1 Dec 2026 00:07"), see config/formats/en/formats.py.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 2  # ID-porten sessions last at most 120 minutes
# Session limits in seconds (authz/sessions.py): persons (ID-porten: 120 minutes from the login, 30 minutes idle)
# and operators (OWASP ASVS level 3: 12 hours from the login, 15 minutes idle).
SESSION_PERSON_MAX_AGE_SECONDS = env.int("SESSION_PERSON_MAX_AGE_SECONDS", default=120 * 60)
SESSION_PERSON_IDLE_SECONDS = env.int("SESSION_PERSON_IDLE_SECONDS", default=30 * 60)
SESSION_OPERATOR_MAX_AGE_SECONDS = env.int("SESSION_OPERATOR_MAX_AGE_SECONDS", default=12 * 60 * 60)
SESSION_OPERATOR_IDLE_SECONDS = env.int("SESSION_OPERATOR_IDLE_SECONDS", default=15 * 60)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- ID-porten login (mozilla-django-oidc, subclassed in idporten/) -----------------------------------
# Presets for the real environments are in idporten/presets.py; IDPORTEN_ENVIRONMENT picks one.
IDPORTEN_ENVIRONMENT = env.str("IDPORTEN_ENVIRONMENT", default="test")  # "production", "test" or "local"
OIDC_RP_CLIENT_ID = env.str("IDPORTEN_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("IDPORTEN_CLIENT_SECRET", default="")
OIDC_OP_ISSUER = env.str("IDPORTEN_ISSUER", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("IDPORTEN_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("IDPORTEN_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("IDPORTEN_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("IDPORTEN_JWKS_ENDPOINT", default="")
OIDC_OP_LOGOUT_ENDPOINT = env.str("IDPORTEN_END_SESSION_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid profile"
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
OIDC_TIMEOUT = 10  # calls to ID-porten end well within the 30 s clients wait (README "Request deadline")
OIDC_STORE_ID_TOKEN = True
OIDC_CREATE_USER = True
IDPORTEN_ACR_VALUES = env.str("IDPORTEN_ACR_VALUES", default="idporten-loa-substantial")
IDPORTEN_UI_LOCALES = env.str("IDPORTEN_UI_LOCALES", default="nb")
OIDC_AUTHENTICATION_CALLBACK_URL = "idporten:callback"  # register <site>/oidc/callback/ at ID-porten
# The client's registered token endpoint authentication: client_secret_basic (true) or client_secret_post (false).
OIDC_TOKEN_USE_BASIC_AUTH = env.bool("IDPORTEN_TOKEN_USE_BASIC_AUTH", default=False)

# --- API access tokens (api/tokens.py, api/issuers.py) -------------------------------------------------
# TRUSTED_ISSUERS: comma-separated preset names (see api/issuers.py), e.g. "maskinporten-test,idporten-test".
API_TRUSTED_ISSUERS = env.list("API_TRUSTED_ISSUERS", default=[])
# More issuers: comma-separated "kind|issuer|jwks_url[|audience]", kind "idporten" or "maskinporten".
API_CUSTOM_ISSUERS = env.list("API_CUSTOM_ISSUERS", default=[])
API_REQUIRED_SCOPE = env.str("API_REQUIRED_SCOPE", default="ks")
API_AUDIENCE = env.str("API_AUDIENCE", default="")
# "on" (default): tokens must carry the audience (`aud`) of this API: API_AUDIENCE, else a custom issuer's own. Outside
# development mode a token is refused (503 audience_not_configured) while none is configured, and `check --deploy`
# warns. "off": `aud` is never checked; an explicit choice for a deployment whose issuers mint no audience.
API_AUDIENCE_CHECK = env.str("API_AUDIENCE_CHECK", default="on")
API_JWKS_TIMEOUT_SECONDS = env.float("API_JWKS_TIMEOUT_SECONDS", default=5.0)
API_JWKS_CACHE_SECONDS = env.int("API_JWKS_CACHE_SECONDS", default=3600)
# An unknown `kid` triggers a JWKS refresh at most once per this many seconds per issuer.
API_JWKS_REFRESH_MIN_SECONDS = env.int("API_JWKS_REFRESH_MIN_SECONDS", default=60)
API_CLOCK_LEEWAY_SECONDS = env.int("API_CLOCK_LEEWAY_SECONDS", default=30)
# Longest accepted access-token lifetime (exp − iat, seconds): ID-porten and Maskinporten tokens live minutes.
API_MAX_TOKEN_LIFETIME_SECONDS = env.int("API_MAX_TOKEN_LIFETIME_SECONDS", default=3 * 3600)
if API_MAX_TOKEN_LIFETIME_SECONDS <= 0:
    raise ImproperlyConfigured("API_MAX_TOKEN_LIFETIME_SECONDS must be a positive number of seconds")
# Accept a plain-http JWKS URL of a custom issuer on a loopback address. Only the benchmark's settings
# (config.settings.bench) turn it on, for the token issuer it runs on this machine; not read from the environment.
API_JWKS_ALLOW_LOOPBACK_HTTP = False

# Keys ("peppers") of the integration passwords' HMAC-SHA-256 digests (integrations/passwords.py), from
# "id:key,id:key" (ids 1, 2, …; keys at least 32 characters). New passwords use the highest id; digests made with
# an older id keep working, so a key can rotate. Required in production; development derives one from SECRET_KEY.
INTEGRATION_PASSWORD_PEPPERS: dict[int, str] = {}
for _entry in env.list("INTEGRATION_PASSWORD_PEPPERS", default=[]):
    _id, _sep, _key = _entry.strip().partition(":")
    if not _sep or not _id.isdigit() or int(_id) < 1 or int(_id) in INTEGRATION_PASSWORD_PEPPERS:
        raise ImproperlyConfigured("INTEGRATION_PASSWORD_PEPPERS: expected distinct id:key entries, ids 1, 2, …")
    INTEGRATION_PASSWORD_PEPPERS[int(_id)] = _key.strip()
# Wrong integration credentials: after this many failures for one IntegrasjonId from one caller within one window,
# 429 with Retry-After until the window ends (counted in the shared cache, so every app server agrees).
INTEGRATION_AUTH_MAX_FAILURES = env.int("INTEGRATION_AUTH_MAX_FAILURES", default=20)
INTEGRATION_AUTH_WINDOW_SECONDS = env.int("INTEGRATION_AUTH_WINDOW_SECONDS", default=60)

# Callers whose own party (Maskinporten consumer orgnr) is a platform service that may ask for access
# decisions about any organization (api/views.py DecisionView); others ask only about organizations they see.
API_DECISION_ORGNRS = env.list("API_DECISION_ORGNRS", default=[])

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "api.schema.PortalAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.AccessTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.CallerRequired"],
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.UTF8JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.StrictJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.ProblemAwareContentNegotiation",
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "UNAUTHENTICATED_USER": None,
    "UNAUTHENTICATED_TOKEN": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Konfigurasjonsportalen API",
    "DESCRIPTION": "Integrations, privileges, delegations and access decisions of the integration platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "PREPROCESSING_HOOKS": ["api.schema.only_api_v1"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.postprocess_problems",
                             "api.schema.postprocess_nullable_types", "api.schema.postprocess_strict_inputs"],
    # Paths are relative to the host that serves the schema (each deployment has its own host name).
    "SERVERS": [{"url": "/", "description": "The portal that serves this document"}],
    "ENUM_NAME_OVERRIDES": {
        "CallerTypeEnum": ["person", "integration", "organization"],
        "PartyTypeEnum": ["organization", "person"],
        "ActorTypeEnum": ["person", "integration"],
        "PersonActorTypeEnum": ["person"],
        "IntegrationActorTypeEnum": ["integration"],
    },
}

# --- Operators: django-allauth local accounts with mandatory TOTP ----------------------------------------
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "authz.allauth_adapter.NoSignupAccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "authz.allauth_adapter.EncryptingMFAAdapter"
# Fernet key (urlsafe base64 of 32 bytes) encrypting operators' TOTP secrets; required in production.
MFA_ENCRYPTION_KEY = env.str("MFA_ENCRYPTION_KEY", default="")
MFA_TOTP_ISSUER = "Konfigurasjonsportalen"

# --- Operations: probes, metrics, logs (ops/, README "Running in production") -----------------------------
# /metrics answers a scraper that sends `Authorization: Bearer <METRICS_BEARER_TOKEN>` or connects from one of
# METRICS_ALLOWED_NETWORKS (comma-separated CIDRs, matched against the TCP peer address); everyone else gets 404.
METRICS_BEARER_TOKEN = env.str("METRICS_BEARER_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=[])
for _network in METRICS_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"METRICS_ALLOWED_NETWORKS: {_network!r} is not a network (10.0.0.0/8)") from None

# "text" (readable, the default) or "json" (one JSON object per line; the default of production settings).
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")


def logging_config(log_format: str, level: str) -> dict:
    """The `LOGGING` dict: every record through the identity-number mask and the request-id filter, written as
    readable text or (log_format "json") as one JSON object per line with time, level, logger, message, request
    id and, on request lines, method, path, route, status, duration_ms and caller. Raises ImproperlyConfigured for
    another format."""
    if log_format not in {"text", "json"}:
        raise ImproperlyConfigured("LOG_FORMAT must be 'text' or 'json'")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "mask_identity_numbers": {"()": "authz.logging.MaskIdentityNumbersFilter"},
            "request_id": {"()": "authz.logging.RequestIdFilter"},
        },
        "formatters": {
            "text": {"()": "ops.logformat.text_formatter"},
            "json": {"()": "ops.logformat.json_formatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["mask_identity_numbers", "request_id"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        # Django's own handlers for these (the DEBUG console, runserver's request log) bypass the masking filter and
        # would print a full identity number from a URL; send them through the masked console handler instead.
        "loggers": {
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }


LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)

# --- Enhetsregisteret (organization names beside orgnrs; authz/enhetsregisteret.py) ---------------------------
# Base URL of Brønnøysundregistrene's open API (https in production); empty turns name lookups off.
ENHETSREGISTERET_URL = env.str("ENHETSREGISTERET_URL", default="https://data.brreg.no")
# Connect and read timeout of one lookup (seconds): a slow registry shows "navn ukjent" instead of waiting.
ENHETSREGISTERET_TIMEOUT_SECONDS = env.float("ENHETSREGISTERET_TIMEOUT_SECONDS", default=2.0)
# How long a found name is cached (seconds).
ENHETSREGISTERET_CACHE_SECONDS = env.int("ENHETSREGISTERET_CACHE_SECONDS", default=24 * 60 * 60)

# --- The footer: accessibility statement, privacy statement, support ---------------------------------------
# Where users get help: an e-mail address and/or a web page (either may be empty; at least one should be set).
PORTAL_SUPPORT_EMAIL = env.str("PORTAL_SUPPORT_EMAIL", default="brukerstotte@example.no")
PORTAL_SUPPORT_URL = env.str("PORTAL_SUPPORT_URL", default="")
# The statement as published in Digdir's register (uustatus.no), linked from the portal's own statement page.
PORTAL_ACCESSIBILITY_STATEMENT_URL = env.str("PORTAL_ACCESSIBILITY_STATEMENT_URL", default="")
