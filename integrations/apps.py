from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    """Integrations and global integrations."""

    name = "integrations"
    verbose_name = _("Integrasjoner")

    def ready(self) -> None:
        """Connect the receivers that keep cached decisions right (integrations/receivers.py)."""
        from . import receivers

        receivers.connect()
