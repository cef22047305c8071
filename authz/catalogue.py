"""The service and privilege catalogue shipped with the portal (loaded by a data migration).

Codes follow the real platform's naming (shared/reference/fiks-platform.md). Adding an entry here needs a new
data migration that calls `load_catalogue`.
"""

SERVICES = [
    ("KONFIG", "Konfigurasjonsportalen", "Konfigurasjon av integrasjoner og tilganger."),
    ("MINSIDE_SOK", "MinSide Søk", "Søk i meldinger og saker for innbyggere (Fiks Innsyn)."),
    ("SVARUT", "SvarUt", "Sending av digital post fra organisasjonen."),
    ("FIKS_IO", "Fiks IO", "Meldingsutveksling mellom systemer."),
]

# (code, service code or None, name, description, for_persons, for_integrations)
PRIVILEGES = [
    ("ADMIN", None, "Administrator", "Administrerer organisasjonen eller tjenesten: integrasjoner, "
     "tilganger, fullmakter.", True, False),
    ("KONFIG.CONFIGURE", None, "Konfigurere", "Endre organisasjonens konfigurasjon gjennom API-et.", False, True),
    ("MINSIDE_SOK.INDEX", "MINSIDE_SOK", "MinSide Søk – indeksering", "Indeksere meldinger og saker.", False, True),
    ("MINSIDE_SOK.SEARCH", "MINSIDE_SOK", "MinSide Søk – søk", "Søke i indekserte meldinger.", True, True),
    ("SVARUT.SEND", "SVARUT", "SvarUt – sende", "Sende forsendelser.", True, True),
    ("FIKS_IO.SEND", "FIKS_IO", "Fiks IO – sende", "Sende meldinger.", False, True),
    ("FIKS_IO.RECEIVE", "FIKS_IO", "Fiks IO – motta", "Motta meldinger.", False, True),
]


def load_catalogue(service_model, privilege_model) -> None:
    """Create or update every service and privilege above (idempotent). Models are passed for migrations."""
    services = {}
    for code, name, description in SERVICES:
        services[code], _ = service_model.objects.update_or_create(
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
