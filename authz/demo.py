"""Demo data for development and tests: two municipalities, three synthetic persons, a global integration.

All identity numbers are synthetic (+80 on the month, as ID-porten's TestID uses) and orgnrs are public examples
(shared/reference/norwegian-identifiers.md). Never loaded in production (see the seed_demo command).
"""

from dataclasses import dataclass

from django.db import transaction

from authz.context import Actor, Context
from authz.models import Organization, Privilege
from integrations.models import Integration
from integrations.services import global_integration_create

from .services import organization_create, person_get_or_create, person_set_name


@dataclass(frozen=True)
class DemoPerson:
    """A synthetic test person offered by the ID-porten stand-in."""

    pid: str
    given_name: str
    family_name: str
    role: str


DEMO_ORGNR = "123456785"
OTHER_ORGNR = "314168267"
VENDOR_ORGNR = "910753614"
PERSONS = [
    DemoPerson("21879498012", "Kari", "Nordmann", "Administrator i Demo kommune"),
    DemoPerson("12898540187", "Ola", "Testvik", "Administrator i Testvik kommune"),
    DemoPerson("03077240038", "Per", "Uten Tilgang", "Administrerer ingenting"),
]
GLOBAL_CODE = "SVARUT.MINSIDE_SOK"


@transaction.atomic
def load_demo() -> list[str]:
    """Create the demo data if missing (idempotent). Output: lines describing what now exists."""
    ctx = Context(actor=Actor.system("seed_demo"), channel="cli")
    lines = []
    for orgnr, name, admin in (
        (DEMO_ORGNR, "Demo kommune", PERSONS[0]),
        (OTHER_ORGNR, "Testvik kommune", PERSONS[1]),
    ):
        if not Organization.objects.filter(orgnr=orgnr).exists():
            organization_create(ctx, orgnr=orgnr, name=name, first_admin_pid=admin.pid)
        lines.append(f"{name} ({orgnr}): administrator {admin.given_name} {admin.family_name}")
    for demo_person in PERSONS:  # names as ID-porten sends them at login, so lists show them before one
        person_set_name(person=person_get_or_create(pid=demo_person.pid),
                        name=f"{demo_person.given_name} {demo_person.family_name}")
    if not Integration.objects.filter(code=GLOBAL_CODE).exists():
        global_integration_create(
            ctx, code=GLOBAL_CODE, name="SvarUt til MinSide Søk", authorized_orgnr="971032146",
            description="Henter meldinger fra SvarUt og gjør dem søkbare i MinSide Søk.",
            requested_privileges=list(Privilege.objects.filter(code__in=["MINSIDE_SOK.INDEX", "SVARUT.READ"])),
        )
    lines.append(f"Global integrasjon {GLOBAL_CODE}")
    return lines
