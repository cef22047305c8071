from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """Integrations and global integrations."""

    name = "integrations"
    verbose_name = _("Integrasjoner")
