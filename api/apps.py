from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API under /api/v1/: access-token authentication, OnBehalfOf, endpoints, OpenAPI."""

    name = "api"
    verbose_name = "API"

    def ready(self):
        """Register the system checks; outside development mode, refuse to start with a custom issuer whose JWKS
        URL is not https (`API_CUSTOM_ISSUERS`; raises `ImproperlyConfigured`), once the settings are complete."""
        from django.conf import settings

        from . import checks  # noqa: F401  (registers the system checks)
        from .issuers import parse_custom_issuers

        if not settings.PORTAL_DEVELOPMENT_MODE:
            parse_custom_issuers(settings.API_CUSTOM_ISSUERS, allow_http=False,
                                 allow_loopback_http=settings.API_JWKS_ALLOW_LOOPBACK_HTTP)
