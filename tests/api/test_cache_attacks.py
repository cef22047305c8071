"""Attacks on the API's per-process caches (issue 6): every answer must be as if nothing were cached, on every app
server, right after a change committed by any path. Each test here was written against a suspected hole; the
report of the review lists which were holes (and their fixes) and which were found safe."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from api.authentication import forget_persons
from api.decisions import forget_answers
from api.views import forget_integration_reads
from authz.models import Privilege
from authz.selectors import forget_access, root_resource
from authz.services import grant_create, person_get_or_create
from integrations.selectors import forget_callers
from integrations.services import integration_create
from tests.conftest import DEMO_ORGNR, VENDOR_ORGNR

from .conftest import problem
from .test_integration_login import frozen_window  # noqa: F401  (a fixture)

LIST = f"organizations/{DEMO_ORGNR}/integrations/"
FORGET = (forget_answers, forget_persons, forget_access, forget_integration_reads, forget_callers)


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    for forget in FORGET:
        forget()
    yield
    for forget in FORGET:
        forget()


@pytest.fixture
def indexer(admin_ctx, demo_org):
    """Demo kommune's integration holding MINSIDE_SOK.INDEX on the organization; returns (integration, grant)."""
    integration = integration_create(admin_ctx, organization=demo_org, name="Indekserer", authorized_orgnr=VENDOR_ORGNR)
    grant, _ = grant_create(admin_ctx, privilege=Privilege.objects.get(code="MINSIDE_SOK.INDEX"),
                            resource=root_resource(demo_org), integration=integration)
    return integration, grant


def _question(integration) -> dict:
    return {"actor": {"type": "integration", "integration_id": str(integration.pk)},
            "privilege": "MINSIDE_SOK.INDEX", "orgnr": DEMO_ORGNR}


def _decide(api, body) -> dict:
    r = api.post("decisions/", body)
    assert r.status_code == 200, r.content
    return r.json()


def _historical(app_label: str, model: str):
    """The model as a data migration's `RunPython` sees it (`apps.get_model`): a class of its own, to which no
    receiver of the running code is connected, so its saves and deletes send no signal our receivers hear."""
    return MigrationLoader(connection).project_state().apps.get_model(app_label, model)


# --- hole: data migrations write through historical models, which bump no counter ----------------------------


def test_a_grant_revoked_by_a_data_migration_is_denied_once_migrate_has_run(admin_api, indexer):
    """integrations/0005_global_svarut_read revokes grants this way: while app servers of the running release keep
    answering during a rolling deploy, the remembered permit must not outlive `migrate`."""
    integration, grant = indexer
    assert _decide(admin_api, _question(integration))["decision"] == "permit"
    assert _decide(admin_api, _question(integration))["decision"] == "permit"  # now remembered
    _historical("authz", "Grant").objects.filter(pk=grant.pk).delete()
    call_command("migrate", verbosity=0)  # nothing left to apply; ends as every `migrate` does (post_migrate)
    assert _decide(admin_api, _question(integration))["code"] == "no_grant"


def test_an_integration_renamed_by_a_data_migration_shows_once_migrate_has_run(admin_api, indexer):
    """integrations/0004_normalize_text renames integrations with QuerySet.update: the remembered list page and
    single integration must show the new name after `migrate`."""
    integration, _ = indexer
    detail = f"{LIST}{integration.pk}/"
    for _ in range(2):
        assert [row["name"] for row in admin_api.get(LIST).json()["results"]] == ["Indekserer"]
        assert admin_api.get(detail).json()["name"] == "Indekserer"
    _historical("integrations", "Integration").objects.filter(pk=integration.pk).update(name="Indeksering")
    call_command("migrate", verbosity=0)
    assert [row["name"] for row in admin_api.get(LIST).json()["results"]] == ["Indeksering"]
    assert admin_api.get(detail).json()["name"] == "Indeksering"


def test_an_administrator_removed_by_a_data_migration_gets_404_once_migrate_has_run(admin_api, admin_ctx, demo_org):
    from authz.models import Grant

    assert admin_api.get(LIST).status_code == 200
    assert admin_api.get(LIST).status_code == 200  # the access answer and the page are remembered
    admins = Grant.objects.filter(resource__organization=demo_org, privilege__code="ADMIN").values_list("pk", flat=True)
    _historical("authz", "Grant").objects.filter(pk__in=list(admins)).delete()
    call_command("migrate", verbosity=0)
    r = admin_api.get(LIST)
    assert r.status_code == 404 and problem(r)["code"] == "not_found"


# --- safe: a person the portal has never seen (an unsaved Person on reads) ------------------------------------


def test_a_person_never_seen_reads_as_one_without_grants_and_is_let_in_once_granted(nobody_api, admin_ctx, demo_org):
    from tests.conftest import NOBODY_PID

    for _ in range(2):
        assert nobody_api.get("me/").json()["privileges"] == []
        assert problem(nobody_api.get(LIST))["status"] == 404
        assert nobody_api.get("organizations/").json()["count"] == 0
    grant_create(admin_ctx, privilege=Privilege.objects.get(code="ADMIN"), resource=root_resource(demo_org),
                 person=person_get_or_create(pid=NOBODY_PID))
    assert nobody_api.get(LIST).status_code == 200
    assert [p["privilege"] for p in nobody_api.get("me/").json()["privileges"]] == ["ADMIN"]


# --- safe: the shared cache unreachable answers 503, never what this process remembered ----------------------


def test_with_the_shared_cache_unreachable_remembered_answers_are_not_served(admin_api, indexer, monkeypatch):
    """A process cannot tell whether counters moved while it cannot read them: 503, not a possibly stale answer."""
    from django.core.cache import caches
    from redis.exceptions import ConnectionError as RedisConnectionError

    integration, _ = indexer
    for _ in range(2):
        assert admin_api.get(LIST).status_code == 200
        assert _decide(admin_api, _question(integration))["decision"] == "permit"

    def down(*args, **kwargs):
        raise RedisConnectionError("Redis is down")

    admin_api.client.raise_request_exception = False  # as a server answers: through the error handlers
    backend = caches["default"]
    for method in ("get", "get_many", "add", "incr", "set", "set_many"):
        monkeypatch.setattr(backend, method, down)
    for response in (admin_api.get(LIST), admin_api.post("decisions/", _question(integration)), admin_api.get("me/")):
        assert response.status_code == 503 and problem(response)["code"] == "service_unavailable"


# --- safe: what ends with time alone (no write, so no counter moves) ------------------------------------------


def _clock_moves_on(monkeypatch, minutes: int) -> None:
    """Every `timezone.now()` from here on answers `minutes` later (the rows and the counters stay as they are)."""
    import datetime

    from django.utils import timezone

    later = timezone.now() + datetime.timedelta(minutes=minutes)
    monkeypatch.setattr(timezone, "now", lambda: later)


def test_a_delegation_whose_validity_ended_refuses_the_next_call(admin_ctx, demo_org, monkeypatch):
    import datetime

    from django.utils import timezone

    from api.devissuer import mint_token
    from authz.services import delegation_create

    from .conftest import Api

    delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR,
                      valid_to=timezone.now() + datetime.timedelta(minutes=10))
    vendor = Api(mint_token(orgnr=VENDOR_ORGNR), DEMO_ORGNR)
    assert vendor.get("me/").status_code == 200
    assert vendor.get("me/").status_code == 200
    _clock_moves_on(monkeypatch, 11)
    assert problem(vendor.get("me/"))["code"] == "on_behalf_of_not_delegated"


def test_a_previous_password_whose_overlap_ended_is_refused_on_the_next_call(admin_ctx, vendor_integration,
                                                                            monkeypatch):
    from integrations.services import integration_password_rotate

    from .test_integration_login import as_integration

    integration, old = vendor_integration
    new = integration_password_rotate(admin_ctx, integration=integration, overlap_minutes=30)
    detail = f"{LIST}{integration.pk}/"
    for _ in range(2):
        assert as_integration(str(integration.pk), old).get("me/").status_code == 200
        assert as_integration(str(integration.pk), new).get("me/").status_code == 200
        assert as_integration(str(integration.pk), new).get(detail).json()["previous_password_expires_at"]
        assert as_integration(str(integration.pk), new).get(LIST).json()["results"][0]["previous_password_expires_at"]
    _clock_moves_on(monkeypatch, 31)
    assert problem(as_integration(str(integration.pk), old).get("me/"))["code"] == "integration_authentication_failed"
    assert as_integration(str(integration.pk), new).get("me/").status_code == 200
    assert as_integration(str(integration.pk), new).get(detail).json()["previous_password_expires_at"] is None
    row = as_integration(str(integration.pk), new).get(LIST).json()["results"][0]
    assert row["previous_password_expires_at"] is None


@pytest.mark.django_db(transaction=True)
def test_a_data_migration_on_the_deploying_host_is_the_next_decision_on_a_running_server(other_app_server):
    """Two processes share PostgreSQL and Redis: a running app server remembers a permit; the deploy revokes the
    grant in a data migration (historical models, no receiver) and finishes `migrate`; the running server's very
    next decision is deny."""
    import json

    from api.devissuer import mint_token
    from authz.context import Actor, Context
    from authz.services import organization_create
    from tests.conftest import DEMO_ADMIN_PID

    from .test_decisions_fast import WORKER

    system = Context(actor=Actor.system("tests"), channel="cli")
    organization = organization_create(system, orgnr=DEMO_ORGNR, name="Demo kommune", first_admin_pid=DEMO_ADMIN_PID)
    integration = integration_create(system, organization=organization, name="Indekserer",
                                     authorized_orgnr=VENDOR_ORGNR)
    grant, _ = grant_create(system, privilege=Privilege.objects.get(code="MINSIDE_SOK.INDEX"),
                            resource=root_resource(organization), integration=integration)
    worker = other_app_server(WORKER)
    call = {"token": mint_token(kind="idporten", pid=DEMO_ADMIN_PID), "on_behalf_of": DEMO_ADMIN_PID,
            "body": _question(integration)}

    def ask() -> dict:
        worker.stdin.write(json.dumps(call) + "\n")
        worker.stdin.flush()
        answer = json.loads(worker.stdout.readline())
        assert answer["status"] == 200, answer
        return answer["body"]

    try:
        assert ask()["decision"] == "permit"
        assert ask()["decision"] == "permit"  # remembered by the running server
        _historical("authz", "Grant").objects.filter(pk=grant.pk).delete()
        call_command("migrate", verbosity=0)
        assert ask()["code"] == "no_grant"
    finally:
        worker.stdin.close()
        worker.wait(timeout=30)


# --- safe: nothing remembered depends on the request's language ----------------------------------------------


def test_an_answer_remembered_for_an_english_request_is_what_a_norwegian_one_gets_uncached(admin_api, indexer):
    integration, _ = indexer
    calls = [("get", LIST, None), ("get", f"{LIST}{integration.pk}/", None), ("get", "me/", None),
             ("post", "decisions/", _question(integration)),
             ("post", "decisions/batch/", {"questions": [_question(integration)] * 2})]

    def bodies(language: str) -> list:
        return [getattr(admin_api, method)(path, *([body] if body else []), HTTP_ACCEPT_LANGUAGE=language).json()
                for method, path, body in calls]

    remembered_in_english = bodies("en")
    assert bodies("nb") == remembered_in_english
    for forget in FORGET:
        forget()
    from django.core.cache import cache

    cache.clear()  # the shared answers too: the Norwegian answers below are computed afresh
    assert bodies("nb") == remembered_in_english


# --- safe: cascades (each deleted row sends its own signal, so every counter it touches moves) ----------------


def test_deleting_the_organization_ends_every_remembered_answer_about_it(admin_api, vendor_integration):
    from authz.models import Organization

    from .test_integration_login import as_integration

    integration, password = vendor_integration
    caller = as_integration(str(integration.pk), password)
    ask = {"actor": {"type": "integration", "integration_id": str(integration.pk)}, "privilege": "KONFIG.CONFIGURE",
           "orgnr": DEMO_ORGNR}
    for _ in range(2):
        assert _decide(admin_api, ask)["decision"] == "permit"
        assert [p["privilege"] for p in admin_api.get("me/").json()["privileges"]] == ["ADMIN"]
        assert caller.get(LIST).status_code == 200
    Organization.objects.get(orgnr=DEMO_ORGNR).delete()
    assert problem(admin_api.post("decisions/", ask))["status"] == 404
    assert admin_api.get("me/").json()["privileges"] == []
    assert problem(caller.get("me/"))["code"] == "integration_authentication_failed"


def test_deleting_a_person_ends_what_was_remembered_about_them(admin_api, indexer, other_org):
    from authz.models import Person
    from tests.conftest import DEMO_ADMIN_PID

    subject = {"actor": {"type": "person", "pid": DEMO_ADMIN_PID}, "privilege": "ADMIN", "orgnr": DEMO_ORGNR}
    for _ in range(2):
        assert admin_api.get(LIST).status_code == 200
        assert _decide(admin_api, subject)["decision"] == "permit"
    Person.objects.filter(pid=DEMO_ADMIN_PID).delete()  # and with it every grant the person held
    assert problem(admin_api.get(LIST))["status"] == 404
    assert admin_api.get("me/").json()["privileges"] == []


def test_a_privilege_removed_from_the_catalogue_is_unknown_in_the_next_decision(admin_api, indexer):
    from authz.models import Service

    integration, _ = indexer
    extra = Privilege.objects.create(code="MINSIDE_SOK.TEST", name="Test", for_integrations=True,
                                     service=Service.objects.get(code="MINSIDE_SOK"))
    ask = {**_question(integration), "privilege": extra.code}
    for _ in range(2):
        assert _decide(admin_api, ask)["code"] == "no_grant"
    extra.delete()
    r = admin_api.post("decisions/", ask)
    assert r.status_code == 400 and "privilege" in problem(r)["errors"]


def test_activating_and_deactivating_a_global_integration_shows_in_the_next_decision(admin_api, demo_org):
    from integrations.services import global_integration_create, integration_deactivate, integration_reactivate
    from tests.conftest import SYSTEM

    searcher = global_integration_create(SYSTEM, code="TEST.SOK", name="Søk", authorized_orgnr=VENDOR_ORGNR,
                                         requested_privileges=[Privilege.objects.get(code="MINSIDE_SOK.INDEX")])
    activation = f"organizations/{DEMO_ORGNR}/global-integrations/{searcher.code}/activation/"
    for _ in range(2):
        assert _decide(admin_api, _question(searcher))["code"] == "no_grant"
    assert admin_api.put(activation).status_code == 201
    assert _decide(admin_api, _question(searcher))["decision"] == "permit"
    assert _decide(admin_api, _question(searcher))["decision"] == "permit"
    integration_deactivate(SYSTEM, integration=searcher)  # the platform stops it everywhere
    assert _decide(admin_api, _question(searcher))["code"] == "inactive_integration"
    integration_reactivate(SYSTEM, integration=searcher)
    assert _decide(admin_api, _question(searcher))["decision"] == "permit"
    assert admin_api.delete(activation).status_code == 204
    assert _decide(admin_api, _question(searcher))["code"] == "no_grant"


# --- hole: the failure count of one integration id was kept per spelling of the id ---------------------------


@pytest.mark.usefixtures("frozen_window")  # one window of the rate limiter's clock
def test_other_spellings_of_the_same_integration_id_share_one_failure_count(settings, vendor_integration):
    """`IntegrasjonId` is read with `uuid.UUID`, which takes braces, a `urn:uuid:` prefix and hyphens anywhere (or
    none): an attacker changing the spelling on every try must still get 429 after the limit, not a fresh count."""
    from .test_integration_login import as_integration

    settings.INTEGRATION_AUTH_MAX_FAILURES = 3
    integration, password = vendor_integration
    hexed = integration.pk.hex
    for spelling in (f"{{{integration.pk}}}", f"urn:uuid:{integration.pk}", hexed):
        assert problem(as_integration(spelling, "wrong").get("me/"))["status"] == 401
    r = as_integration(f"{hexed[:3]}-{hexed[3:]}", password).get("me/")
    assert r.status_code == 429 and problem(r)["code"] == "integration_authentication_throttled"
    assert as_integration(str(integration.pk), password).get("me/").status_code == 429


# --- safe: the shared cache emptied (restart, FLUSHDB, eviction): counters come back as new random values ------


def test_after_the_shared_cache_is_emptied_nothing_remembered_is_used_again(admin_api, indexer):
    from django.core.cache import cache

    from authz.models import Grant

    integration, grant = indexer
    for _ in range(2):
        assert _decide(admin_api, _question(integration))["decision"] == "permit"
        assert admin_api.get(LIST).json()["results"][0]["grant_count"] == 1
    Grant.objects.filter(pk=grant.pk)._raw_delete(Grant.objects.db)  # a change whose counters are lost ...
    cache.clear()  # ... with everything else in the shared cache
    assert _decide(admin_api, _question(integration))["code"] == "no_grant"
    assert admin_api.get(LIST).json()["results"][0]["grant_count"] == 0
