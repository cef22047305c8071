"""The benchmark's dataset: many organizations with integrations, grants and delegations, written in bulk.

Shape (`build`): one *target* organization with `target_integrations` integrations (the list page, the
integration that calls, the organization the administrator manages), `organizations` more organizations with
`integrations_per_organization` integrations each, and for every organization: a root resource and a MinSide Søk
service resource, one administrator (a synthetic test person with `ADMIN`), a delegation of MinSide Søk to the
vendor, and per integration `MINSIDE_SOK.INDEX` on the service (every tenth also `KONFIG.CONFIGURE` on the
organization). Rows are written with `bulk_create` in batches, not through the services: the services audit and
check every row, which would take an hour for 100,000 integrations; the few objects the benchmark calls with
(the caller's password) go through the real services (`prepare`).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import asdict, dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from authz.context import Actor, Context
from authz.models import Delegation, Grant, Organization, Person, Privilege, Resource, Service
from integrations.models import Integration
from integrations.services import integration_password_rotate

BATCH = 5000
SYSTEM = Context(actor=Actor.system("bench"), channel="cli")
ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
PID_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
PID_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
DECISION_QUESTIONS = 1000


def orgnrs(count: int, *, start: int = 80000000) -> list[str]:
    """`count` valid orgnrs (mod-11, weights 3 2 7 6 5 4 3 2, Brønnøysundregistrene) from the 8-digit `start` up.

    They are in the 8xxxxxxxx range, which Enhetsregisteret has not handed out to real entities.
    """
    result = []
    base = start
    while len(result) < count:
        digits = f"{base:08d}"
        base += 1
        check = (11 - sum(w * int(d) for w, d in zip(ORGNR_WEIGHTS, digits, strict=True)) % 11) % 11
        if check != 10:
            result.append(digits + str(check))
    return result


def synthetic_pids(count: int) -> list[str]:
    """`count` synthetic test identity numbers (Tenor/TestID style: month + 80), valid K1/K2 check digits.

    Accepted only where `PORTAL_TEST_ENVIRONMENT` is on (the bench runner sets it): they can never be a real
    person's number.
    """
    result = []
    day = datetime.date(1970, 1, 1)
    individual = 100
    while len(result) < count:
        digits = [int(c) for c in f"{day.day:02d}{day.month + 80:02d}{day.year % 100:02d}{individual:03d}"]
        k1 = (11 - sum(w * d for w, d in zip(PID_K1, digits, strict=True)) % 11) % 11
        if k1 != 10:
            k2 = (11 - sum(w * d for w, d in zip(PID_K2, [*digits, k1], strict=True)) % 11) % 11
            if k2 != 10:
                result.append("".join(map(str, [*digits, k1, k2])))
        individual += 1
        if individual > 499:
            individual = 100
            day += datetime.timedelta(days=1)
    return result


@dataclass
class Fixture:
    """What the runner calls with: parties, the calling integration and its fresh password, the questions.

    target_orgnr: the organization with the long integration list; admin_pid: its administrator; vendor_orgnr:
    the Maskinporten consumer and the integrations' authorized orgnr; platform_orgnr: the platform service that
    asks for decisions (`API_DECISION_ORGNRS`); caller_id / caller_password: an integration of the target
    organization with `KONFIG.CONFIGURE` and `MINSIDE_SOK.INDEX`; questions: decision questions
    `{"actor": ..., "privilege": ..., "orgnr": ...}` spread over the organizations; rows: row counts per table.
    """

    target_orgnr: str
    admin_pid: str
    vendor_orgnr: str
    platform_orgnr: str
    caller_id: str
    caller_password: str
    questions: list[dict] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The fixture as JSON-ready data."""
        return asdict(self)


def parties(organizations: int) -> tuple[list[str], list[str]]:
    """(orgnrs, admin pids): target, vendor, platform, then the other organizations; one pid per organization."""
    numbers = orgnrs(organizations + 3)
    return numbers, synthetic_pids(organizations + 1)


@transaction.atomic
def build(*, organizations: int, integrations_per_organization: int, target_integrations: int) -> None:
    """Write the dataset described in the module docstring into an empty (migrated) database.

    Inputs: counts (≥ 0; the target organization always exists). Raises `django.db.IntegrityError` if the
    database already holds these organizations.
    """
    numbers, pids = parties(organizations)
    target, vendor, _platform, *others = numbers
    privileges = {p.code: p for p in Privilege.objects.all()}
    minside = Service.objects.get(code="MINSIDE_SOK")
    orgs = Organization.objects.bulk_create(
        [Organization(orgnr=target, name="Målkommune (2 000 integrasjoner)")]
        + [Organization(orgnr=orgnr, name=f"Kommune {i:04d}") for i, orgnr in enumerate(others)],
        batch_size=BATCH,
    )
    roots = Resource.objects.bulk_create(
        [Resource(kind=Resource.Kind.ORGANIZATION, organization=org, name=org.name) for org in orgs],
        batch_size=BATCH,
    )
    for root in roots:
        root.path = f"{root.pk}/"
    Resource.objects.bulk_update(roots, ["path"], batch_size=BATCH)
    services = Resource.objects.bulk_create(
        [Resource(kind=Resource.Kind.SERVICE, organization=root.organization, service=minside, parent=root,
                  name=minside.name) for root in roots],
        batch_size=BATCH,
    )
    for root, service in zip(roots, services, strict=True):
        service.path = f"{root.path}{service.pk}/"
    Resource.objects.bulk_update(services, ["path"], batch_size=BATCH)

    persons = Person.objects.bulk_create([Person(pid=pid) for pid in pids], batch_size=BATCH)
    Grant.objects.bulk_create(
        [Grant(person=person, privilege=privileges["ADMIN"], resource=root, granted_by="bench")
         for person, root in zip(persons, roots, strict=True)],
        batch_size=BATCH,
    )
    now = timezone.now()
    Delegation.objects.bulk_create(
        [Delegation(represented=org.orgnr, representative=vendor, service=minside, valid_from=now, created_by="bench")
         for org in orgs],
        batch_size=BATCH,
    )
    for index, (org, root, service) in enumerate(zip(orgs, roots, services, strict=True)):
        count = target_integrations if index == 0 else integrations_per_organization
        integrations = [
            Integration(id=uuid.uuid4(), organization=org, name=f"Integrasjon {n:05d}", authorized_orgnr=vendor,
                        description="Fagsystem hos leverandøren.")
            for n in range(count)
        ]
        Integration.objects.bulk_create(integrations, batch_size=BATCH)
        grants = [Grant(integration=i, privilege=privileges["MINSIDE_SOK.INDEX"], resource=service,
                        granted_by="bench") for i in integrations]
        grants += [Grant(integration=i, privilege=privileges["KONFIG.CONFIGURE"], resource=root, granted_by="bench")
                   for i in integrations[::10]]
        Grant.objects.bulk_create(grants, batch_size=BATCH)


def prepare(*, organizations: int) -> Fixture:
    """Give the calling integration a fresh password (the real service), empty the cache, list the questions.

    Runs on every benchmark run, on a new or a reused dataset: the password digest depends on keys the runner
    generates per run. Output: `Fixture`. Raises `Integration.DoesNotExist` on a database without the dataset.
    """
    numbers, pids = parties(organizations)
    target, vendor, platform, *_others = numbers
    caller = Integration.objects.filter(organization__orgnr=target).order_by("name").first()
    if caller is None:
        raise Integration.DoesNotExist(f"no integration in {target}: build the dataset first")
    password = integration_password_rotate(SYSTEM, integration=caller, overlap_minutes=0)
    cache.clear()  # the bench's own Redis database: no decisions or tokens from an earlier run
    sample = Integration.objects.local().order_by("id").values_list("id", "organization__orgnr")[:DECISION_QUESTIONS]
    questions = [
        {"actor": {"type": "integration", "integration_id": str(pk)},
         "privilege": "MINSIDE_SOK.INDEX" if n % 2 == 0 else "SVARUT.SEND", "orgnr": orgnr}
        for n, (pk, orgnr) in enumerate(sample)
    ]
    rows = {model.__name__: model.objects.count()
            for model in (Organization, Integration, Grant, Delegation, Person, Resource)}
    return Fixture(target_orgnr=target, admin_pid=pids[0], vendor_orgnr=vendor, platform_orgnr=platform,
                   caller_id=str(caller.pk), caller_password=password, questions=questions, rows=rows)


def analyze() -> None:
    """Refresh PostgreSQL's planner statistics after the bulk load (else it plans for empty tables)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
