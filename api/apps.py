from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API under /api/v1/: access-token authentication, OnBehalfOf, endpoints, OpenAPI."""

    name = "api"
    verbose_name = "API"
