"""Development settings: SQLite, DEBUG, the local ID-porten stand-in and the development token issuer."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-development-key-not-for-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
PORTAL_TEST_ENVIRONMENT = env.bool("PORTAL_TEST_ENVIRONMENT", default=True)
PORTAL_DEVELOPMENT_MODE = True
IDPORTEN_ENVIRONMENT = env.str("IDPORTEN_ENVIRONMENT", default="local")
# Tokens from `manage.py mint_token` (api/devissuer.py) are accepted by the API.
API_TRUSTED_ISSUERS = env.list("API_TRUSTED_ISSUERS", default=["development"])
# Port of the local ID-porten stand-in started by `./dev run`.
IDPORTEN_STANDIN_URL = env.str("IDPORTEN_STANDIN_URL", default="http://127.0.0.1:8081")
# The Enhetsregisteret stand-in that `./dev run` starts (authz/enhetsregisteret_standin.py).
ENHETSREGISTERET_URL = env.str("ENHETSREGISTERET_URL", default="http://127.0.0.1:8082")
# The stand-in started by `manage.py rundev` accepts exactly this client.
OIDC_RP_CLIENT_ID = env.str("IDPORTEN_CLIENT_ID", default="konfigurasjonsportalen-dev")
OIDC_RP_CLIENT_SECRET = env.str("IDPORTEN_CLIENT_SECRET", default="dev-secret")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Development serves static files from the apps and static/ directly (no collectstatic, no staticfiles/).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None
# Operators' TOTP secrets: a key derived from the development secret key unless one is given.
if not MFA_ENCRYPTION_KEY:  # noqa: F405
    import base64
    import hashlib

    MFA_ENCRYPTION_KEY = base64.urlsafe_b64encode(hashlib.sha256(SECRET_KEY.encode()).digest()).decode()
# Integration password digests: a key derived from the development secret key unless one is given.
if not INTEGRATION_PASSWORD_PEPPERS:  # noqa: F405
    import hashlib

    INTEGRATION_PASSWORD_PEPPERS = {
        1: hashlib.sha256(b"integration-password-pepper\n" + SECRET_KEY.encode()).hexdigest()
    }
