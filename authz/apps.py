from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthzConfig(AppConfig):
    """Parties, resource tree, privileges, grants, delegations and the audit trail."""

    name = "authz"
    verbose_name = _("Tilganger")

    def ready(self) -> None:
        """Connect the receivers: cached decisions (authz/receivers.py), the audit of operators' own account
        changes (authz/account_events.py) and the session login time (authz/sessions.py); and after `migrate` or
        `flush` (post_migrate), every remembered answer made stale (`versions.bump_all`)."""
        from django.db.models.signals import post_migrate

        from . import account_events, receivers, sessions, versions

        receivers.connect()
        post_migrate.connect(versions.bump_all, sender=self, dispatch_uid="versions-bump-all-after-migrate")
        account_events.connect()
        sessions.connect()
