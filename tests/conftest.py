"""Shared fixtures: organizations, administrators and contexts built through the real services."""

import pytest

from authz.context import Actor, Context
from authz.services import organization_create, person_get_or_create

# Synthetic test persons (+80 on the month, as ID-porten's TestID uses); see shared/reference.
DEMO_ADMIN_PID = "21879498012"
OTHER_ADMIN_PID = "12898540187"
NOBODY_PID = "03077240038"
DEMO_ORGNR = "123456785"
OTHER_ORGNR = "314168267"
VENDOR_ORGNR = "910753614"

SYSTEM = Context(actor=Actor.system("tests"), channel="cli")
_DB_FIXTURES = {"db", "transactional_db", "live_server"}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache, so no test sees another's rate limits, used TOTP codes or JWKS keys.

    With `CACHE_URL=redis://...` (as `.ci/run` sets) this empties that Redis database: give the tests a database
    number of their own.
    """
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _catalogue(request):
    """Every database test starts with the shipped service and privilege catalogue.

    The data migration loads it once, but a transactional test (live server, concurrency) ends by flushing
    every table, which would leave later tests without it.
    """
    if not (request.node.get_closest_marker("django_db") or _DB_FIXTURES & set(request.fixturenames)):
        return
    request.getfixturevalue("_django_db_helper")
    from authz.catalogue import load_catalogue
    from authz.models import Privilege, Service

    if not Privilege.objects.exists():
        load_catalogue(Service, Privilege)


@pytest.fixture
def demo_org(db):
    """Demo kommune, administered by DEMO_ADMIN_PID."""
    return organization_create(SYSTEM, orgnr=DEMO_ORGNR, name="Demo kommune", first_admin_pid=DEMO_ADMIN_PID)


@pytest.fixture
def other_org(db):
    """Testvik kommune, administered by OTHER_ADMIN_PID."""
    return organization_create(SYSTEM, orgnr=OTHER_ORGNR, name="Testvik kommune", first_admin_pid=OTHER_ADMIN_PID)


@pytest.fixture
def admin_ctx(demo_org):
    """Web context of Demo kommune's administrator."""
    return Context(actor=Actor.for_person(person_get_or_create(pid=DEMO_ADMIN_PID)), channel="web",
                   request_id="test-request-1")


@pytest.fixture
def other_admin_ctx(other_org):
    """Web context of Testvik kommune's administrator."""
    return Context(actor=Actor.for_person(person_get_or_create(pid=OTHER_ADMIN_PID)), channel="web")


@pytest.fixture
def nobody_ctx(db):
    """Web context of a person who administers nothing."""
    return Context(actor=Actor.for_person(person_get_or_create(pid=NOBODY_PID)), channel="web")


@pytest.fixture
def registry(settings):
    """The Enhetsregisteret stand-in on a free loopback port, with the portal pointed at it.

    Output: the `RunningRegistry` (set `.mode` to "garbage", "error" or "slow" to make it misbehave). Cache keys
    include the base URL, so names cached by another test (another port) are never seen here.
    """
    from django.core.cache import cache

    from authz.enhetsregisteret_standin import start_registry

    cache.clear()  # a port can be reused: no names cached for an earlier stand-in on the same port
    running = start_registry()
    settings.ENHETSREGISTERET_URL = running.base_url
    yield running
    running.stop()


@pytest.fixture
def registry_down(settings):
    """The portal pointed at a loopback port where nothing listens (the registry is down)."""
    import socket

    from django.core.cache import cache

    cache.clear()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.ENHETSREGISTERET_URL = f"http://127.0.0.1:{port}"
    return settings.ENHETSREGISTERET_URL


def check_password(password: str, stored: str) -> bool:
    """True if `password` matches a stored integration password (keyed digest; integrations/passwords.py)."""
    from integrations import passwords

    return bool(stored) and passwords.verify(password, [stored]) == 0
