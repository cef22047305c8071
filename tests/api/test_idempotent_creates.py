"""Issue 9 item 8: creates that users repeat (double clicks, retries) are idempotent — 201 for the new object,
200 for the existing one — and the database holds it, also under simultaneous requests.

Places (delegations are issue 8's): integration create (API POST and the web form), global integration
activation (API PUT and the web button), grants (already idempotent; kept under test here for simultaneous
requests). Password rotation is deliberately not idempotent (each call makes a new secret).
"""

import threading

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test import Client

from authz.context import Actor, Context
from authz.models import AuditEvent, Grant, Organization, Privilege
from authz.services import person_get_or_create
from integrations.models import Activation, Integration
from integrations.services import global_integration_activate, global_integration_create, integration_get_or_create
from tests.api.conftest import problem
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, OTHER_ORGNR, SYSTEM, VENDOR_ORGNR
from tests.portal.conftest import user_for

INTEGRATIONS = f"organizations/{DEMO_ORGNR}/integrations/"
BODY = {"name": "Sak og arkiv", "authorized_orgnr": VENDOR_ORGNR, "description": "Arkiv"}
needs_postgresql = pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                                      reason="SQLite serializes all writers, so requests cannot overlap")


def test_repeated_integration_create_is_200_with_the_same_integration(admin_api, demo_org):
    first = admin_api.post(INTEGRATIONS, BODY)
    assert first.status_code == 201
    again = admin_api.post(INTEGRATIONS, BODY | {"name": " Sak og arkiv "})  # a retry, as another client sends it
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again["ETag"] == first["ETag"]
    assert Integration.objects.count() == 1
    assert AuditEvent.objects.filter(action="integration.create").count() == 1


@pytest.mark.parametrize("change", [{"authorized_orgnr": OTHER_ORGNR}, {"description": "Noe annet"},
                                    {"name": "SAK OG ARKIV"}])
def test_same_name_with_other_content_is_still_a_duplicate(admin_api, demo_org, change):
    assert admin_api.post(INTEGRATIONS, BODY).status_code == 201
    r = admin_api.post(INTEGRATIONS, BODY | change)
    assert r.status_code == 400
    assert "name" in problem(r)["errors"]
    assert Integration.objects.count() == 1


def test_web_form_sent_twice_shows_the_first_integration(demo_org):
    client = Client()
    client.force_login(user_for(person_get_or_create(pid=DEMO_ADMIN_PID)))
    form = {"name": "Sak og arkiv", "description": "", "authorized_orgnr": VENDOR_ORGNR}
    first = client.post(f"/org/{DEMO_ORGNR}/integrations/new/", form)
    second = client.post(f"/org/{DEMO_ORGNR}/integrations/new/", form, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[-1][0] == first["Location"]
    assert "finnes allerede" in second.content.decode()
    assert Integration.objects.count() == 1


@pytest.fixture
def global_integration(db):
    return global_integration_create(
        SYSTEM, code="MINSIDE_INDEKSERER", name="MinSide indekserer", authorized_orgnr=VENDOR_ORGNR,
        requested_privileges=[Privilege.objects.get(code="MINSIDE_SOK.INDEX")],
    )


def test_web_activation_twice_says_it_was_active(demo_org, global_integration):
    client = Client()
    client.force_login(user_for(person_get_or_create(pid=DEMO_ADMIN_PID)))
    url = f"/org/{DEMO_ORGNR}/global/{global_integration.pk}/activate/"
    client.post(url)
    page = client.post(url, follow=True)
    assert "var allerede aktivert" in page.content.decode()
    assert Activation.objects.count() == 1
    assert AuditEvent.objects.filter(action="global_integration.activate").count() == 1


def _simultaneously(count: int, work) -> list:
    """Run `work()` in `count` threads that all open their transaction before any writes; their results."""
    barrier = threading.Barrier(count)
    results: list = []

    def run():
        try:
            with transaction.atomic():
                barrier.wait(timeout=20)
                results.append(work())
        except Exception as error:
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _organization() -> Organization:
    from authz.catalogue import load_catalogue
    from authz.models import Service
    from authz.services import organization_create

    load_catalogue(Service, Privilege)  # an earlier transactional test's flush may have emptied it
    return organization_create(SYSTEM, orgnr=DEMO_ORGNR, name="Demo kommune", first_admin_pid=DEMO_ADMIN_PID)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_eight_simultaneous_identical_integration_creates_make_one_row():
    org = _organization()
    ctx = Context(actor=Actor.for_person(person_get_or_create(pid=DEMO_ADMIN_PID)), channel="api")
    results = _simultaneously(8, lambda: integration_get_or_create(
        ctx, organization=Organization.objects.get(pk=org.pk), **BODY))
    assert sorted(created for _integration, created in results) == [False] * 7 + [True]
    assert len({integration.pk for integration, _created in results}) == 1
    assert Integration.objects.filter(organization=org).count() == 1
    assert AuditEvent.objects.filter(action="integration.create").count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_eight_simultaneous_activations_make_one_activation_and_one_grant():
    org = _organization()
    glob = global_integration_create(
        SYSTEM, code="MINSIDE_INDEKSERER", name="MinSide indekserer", authorized_orgnr=VENDOR_ORGNR,
        requested_privileges=[Privilege.objects.get(code="MINSIDE_SOK.INDEX")],
    )
    ctx = Context(actor=Actor.for_person(person_get_or_create(pid=DEMO_ADMIN_PID)), channel="api")
    results = _simultaneously(8, lambda: global_integration_activate(
        ctx, integration=glob, organization=Organization.objects.get(pk=org.pk)))
    assert sorted(created for _activation, created in results) == [False] * 7 + [True]
    assert Activation.objects.count() == 1
    assert Grant.objects.filter(integration=glob).count() == 1
    assert AuditEvent.objects.filter(action="global_integration.activate").count() == 1
