from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthzConfig(AppConfig):
    """Parties, resource tree, privileges, grants, delegations and the audit trail."""

    name = "authz"
    verbose_name = _("Tilganger")

    def ready(self) -> None:
        """Connect the receivers: cached decisions (authz/receivers.py), the audit of operators' own account
        changes (authz/account_events.py) and the session login time (authz/sessions.py)."""
        from . import account_events, receivers, sessions

        receivers.connect()
        account_events.connect()
        sessions.connect()
