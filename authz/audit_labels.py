"""What the audit trail's action names mean, in words for administrators (nb, translated to en).

Shared by the web's audit log, its CSV export and the audit filters' free-text search (web and API).
"""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "organization.create": _("Organisasjon opprettet"),
    "integration.create": _("Integrasjon opprettet"),
    "integration.update": _("Integrasjon endret"),
    "integration.delete": _("Integrasjon slettet"),
    "integration.password_rotate": _("Nytt passord laget"),
    "integration.password_end_previous": _("Forrige passord avsluttet"),
    "integration.deactivate": _("Integrasjon deaktivert"),
    "integration.reactivate": _("Integrasjon aktivert igjen"),
    "grant.create": _("Tilgang gitt"),
    "grant.revoke": _("Tilgang fjernet"),
    "global_integration.activate": _("Global integrasjon aktivert"),
    "global_integration.deactivate": _("Global integrasjon deaktivert"),
    "delegation.create": _("Fullmakt gitt"),
    "delegation.revoke": _("Fullmakt trukket tilbake"),
}

TARGET_TYPE_LABELS = {
    "organization": _("Organisasjon"),
    "integration": _("Integrasjon"),
    "grant": _("Tilgang"),
    "delegation": _("Fullmakt"),
}
