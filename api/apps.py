from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API under /api/v1/: access-token authentication, OnBehalfOf, endpoints, OpenAPI."""

    name = "api"
    verbose_name = "API"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
