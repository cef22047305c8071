from django.apps import AppConfig


class IDPortenConfig(AppConfig):
    """Login with ID-porten (mozilla-django-oidc subclassed) and the local ID-porten stand-in."""

    name = "idporten"
    verbose_name = "ID-porten"
