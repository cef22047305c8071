"""Fixtures for the web UI: logged-in clients for persons made through the real services."""

import pytest
from django.test import Client

from authz.models import AuditEvent, Grant, Person, User
from authz.services import person_get_or_create
from integrations.models import Activation, Integration
from integrations.services import integration_create
from tests.conftest import DEMO_ADMIN_PID, NOBODY_PID, OTHER_ADMIN_PID, VENDOR_ORGNR


def user_for(person: Person) -> User:
    """The login of a person (as the ID-porten login makes it: username from the person's id, not the pid)."""
    user, _created = User.objects.get_or_create(username=f"person-{person.pk}", defaults={"person": person})
    return user


@pytest.fixture
def admin_client(client, demo_org):
    """Logged in as Demo kommune's administrator."""
    client.force_login(user_for(person_get_or_create(pid=DEMO_ADMIN_PID)))
    return client


@pytest.fixture
def other_admin_client(other_org):
    """Logged in as Testvik kommune's administrator."""
    c = Client()
    c.force_login(user_for(person_get_or_create(pid=OTHER_ADMIN_PID)))
    return c


@pytest.fixture
def nobody_client(db):
    """Logged in as a person who administers nothing."""
    c = Client()
    c.force_login(user_for(person_get_or_create(pid=NOBODY_PID)))
    return c


@pytest.fixture
def csrf_admin_client(demo_org):
    """Demo kommune's administrator with CSRF checks on, as a real browser session has."""
    c = Client(enforce_csrf_checks=True)
    c.force_login(user_for(person_get_or_create(pid=DEMO_ADMIN_PID)))
    return c


@pytest.fixture
def integration(admin_ctx, demo_org):
    """An integration of Demo kommune."""
    return integration_create(admin_ctx, organization=demo_org, name="Sak og arkiv",
                              description="Arkivsystemet", authorized_orgnr=VENDOR_ORGNR)


@pytest.fixture
def other_integration(other_admin_ctx, other_org):
    """An integration of Testvik kommune (another organization)."""
    return integration_create(other_admin_ctx, organization=other_org, name="Testvik sak",
                              authorized_orgnr=VENDOR_ORGNR)


def db_state() -> dict:
    """Everything the web UI can change, to assert that a refused request changed nothing."""
    return {
        "integrations": sorted(
            Integration.objects.values_list("id", "name", "description", "authorized_orgnr", "password_digest",
                                            "version", "organization_id")
        ),
        "grants": sorted(Grant.objects.values_list("id", "privilege__code", "resource_id", "integration_id",
                                                   "person_id")),
        "activations": sorted(Activation.objects.values_list("id", flat=True)),
        "audit_events": AuditEvent.objects.count(),
    }
