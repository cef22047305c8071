from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthzConfig(AppConfig):
    """Parties, resource tree, privileges, grants, delegations and the audit trail."""

    name = "authz"
    verbose_name = _("Tilganger")

    def ready(self) -> None:
        """Connect the receivers that keep cached decisions right (authz/receivers.py)."""
        from . import receivers

        receivers.connect()
