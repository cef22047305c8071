"""The service and privilege catalogue shipped with the portal (loaded by data migrations).

Codes follow the real platform's naming (shared/reference/fiks-platform.md). SvarUt tells reading apart from
sending: `SVARUT.READ` lets a system read (fetch) the organization's forsendelser, `SVARUT.SEND` lets it send
in the organization's name; the global integration that fetches messages from SvarUt into MinSide Søk needs to
read, never to send. Names and descriptions are Norwegian (the catalogue's language) and marked for translation,
so the English UI shows them in English (`Privilege.display_name`, `Service.display_name`); each description
is one line saying what the privilege allows. Adding or changing an entry needs a new data migration that calls
`load_catalogue`.
"""

from django.utils.translation import gettext_noop as _

SERVICES = [
    ("KONFIG", _("Konfigurasjonsportalen"), _("Konfigurasjon av integrasjoner og tilganger.")),
    ("MINSIDE_SOK", _("MinSide Søk"), _("Søk i meldinger og saker for innbyggere (Fiks Innsyn).")),
    ("SVARUT", _("SvarUt"), _("Sending og mottak av digital post for organisasjonen.")),
    ("FIKS_IO", _("Fiks IO"), _("Meldingsutveksling mellom systemer.")),
]

# (code, service code or None, name, one-line description, for_persons, for_integrations)
PRIVILEGES = [
    ("ADMIN", None, _("Administrator"),
     _("Administrerer organisasjonen eller tjenesten: integrasjoner, tilganger og fullmakter."), True, False),
    ("KONFIG.CONFIGURE", None, _("Konfigurere"),
     _("Endre hele organisasjonens konfigurasjon gjennom API-et, som en administrator: integrasjoner, passord, "
       "tilganger og fullmakter."), False, True),
    ("MINSIDE_SOK.INDEX", "MINSIDE_SOK", _("MinSide Søk – indeksering"),
     _("Legge meldinger og saker inn i søket, så innbyggerne finner dem på MinSide."), False, True),
    ("MINSIDE_SOK.SEARCH", "MINSIDE_SOK", _("MinSide Søk – søk"),
     _("Søke i meldingene og sakene som er lagt inn i søket."), True, True),
    ("SVARUT.READ", "SVARUT", _("SvarUt – lese"),
     _("Hente og lese organisasjonens forsendelser i SvarUt, uten å kunne sende."), True, True),
    ("SVARUT.SEND", "SVARUT", _("SvarUt – sende"),
     _("Sende forsendelser (digital og fysisk post) i organisasjonens navn."), True, True),
    ("FIKS_IO.SEND", "FIKS_IO", _("Fiks IO – sende"), _("Sende meldinger til andre systemer gjennom Fiks IO."),
     False, True),
    ("FIKS_IO.RECEIVE", "FIKS_IO", _("Fiks IO – motta"),
     _("Motta og lese meldinger som er sendt til organisasjonens Fiks IO-kontoer."), False, True),
]


def load_catalogue(service_model, privilege_model) -> None:
    """Create or update every service and privilege above (idempotent). Models are passed for migrations."""
    services = {}
    for code, name, description in SERVICES:
        services[code], _created = service_model.objects.update_or_create(
            code=code, defaults={"name": name, "description": description}
        )
    for code, service_code, name, description, for_persons, for_integrations in PRIVILEGES:
        privilege_model.objects.update_or_create(
            code=code,
            defaults={
                "service": services[service_code] if service_code else None,
                "name": name,
                "description": description,
                "for_persons": for_persons,
                "for_integrations": for_integrations,
            },
        )
