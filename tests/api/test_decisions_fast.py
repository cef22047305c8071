"""Decisions that scale and stay right (issue 6 items 5 and 6): cached answers never outlive a change, on any app
server; batch decisions; query counts that do not grow with the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.authentication import forget_persons
from api.decisions import forget_answers
from api.devissuer import mint_token
from api.views import forget_integration_reads
from authz.models import Grant, Privilege
from authz.selectors import forget_access, root_resource
from authz.services import delegation_create, delegation_revoke, grant_create, grant_revoke
from integrations.services import integration_create, integration_deactivate, integration_reactivate
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, OTHER_ORGNR, VENDOR_ORGNR

from .conftest import Api, make_orgnr, problem

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_answers():
    forget_answers()
    yield
    forget_answers()


@pytest.fixture
def indexer(admin_ctx, demo_org):
    """Demo kommune's integration holding MINSIDE_SOK.INDEX on the organization; returns (integration, grant)."""
    integration = integration_create(admin_ctx, organization=demo_org, name="Indekserer", authorized_orgnr=VENDOR_ORGNR)
    grant, _ = grant_create(admin_ctx, privilege=Privilege.objects.get(code="MINSIDE_SOK.INDEX"),
                            resource=root_resource(demo_org), integration=integration)
    return integration, grant


def question(integration, privilege="MINSIDE_SOK.INDEX", orgnr=DEMO_ORGNR) -> dict:
    return {"actor": {"type": "integration", "integration_id": str(integration.pk)}, "privilege": privilege,
            "orgnr": orgnr}


def decide(api, body) -> dict:
    r = api.post("decisions/", body)
    assert r.status_code == 200, r.content
    return r.json()


def test_a_repeated_decision_reads_nothing_from_the_database(admin_api, indexer):
    integration, _ = indexer
    with CaptureQueriesContext(connection) as first:
        assert decide(admin_api, question(integration))["decision"] == "permit"
    with CaptureQueriesContext(connection) as again:
        assert decide(admin_api, question(integration))["decision"] == "permit"
    tables = ("authz_grant", "authz_privilege", "authz_organization", "integrations_integration")
    assert any(t in q["sql"] for q in first.captured_queries for t in tables)
    assert not [q["sql"] for q in again.captured_queries if any(t in q["sql"] for t in tables)]


@pytest.mark.parametrize("change", ["grant_revoked", "integration_deactivated", "privilege_changed"])
def test_the_next_decision_after_a_change_reflects_it(admin_api, admin_ctx, indexer, change):
    integration, grant = indexer
    assert decide(admin_api, question(integration))["decision"] == "permit"
    assert decide(admin_api, question(integration))["decision"] == "permit"  # now remembered
    if change == "grant_revoked":
        grant_revoke(admin_ctx, grant=grant)
        expected = "no_grant"
    elif change == "integration_deactivated":
        integration_deactivate(admin_ctx, integration=integration)
        expected = "inactive_integration"
    else:
        privilege = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
        privilege.for_integrations = False  # an operator changes the catalogue in the admin
        privilege.save()
        expected = "actor_kind_not_allowed"
    answer = decide(admin_api, question(integration))
    assert answer["code"] == expected
    if change == "integration_deactivated":
        integration_reactivate(admin_ctx, integration=integration)
        assert decide(admin_api, question(integration))["decision"] == "permit"


def test_an_answer_another_app_server_computed_is_used_from_the_shared_cache(admin_api, indexer):
    integration, _ = indexer
    assert decide(admin_api, question(integration))["decision"] == "permit"
    forget_answers()  # this process forgets: as a second app server that never asked
    with CaptureQueriesContext(connection) as queries:
        assert decide(admin_api, question(integration))["decision"] == "permit"
    assert not [q for q in queries.captured_queries if "authz_grant" in q["sql"]]


@pytest.mark.parametrize("where", ["this process", "the shared cache"])
def test_a_shared_answer_made_stale_on_another_server_is_not_used(admin_api, indexer, where):
    """Another server revokes the grant (row gone, counters bumped); neither this process's answer nor the shared
    one is used again."""
    from authz import versions

    integration, grant = indexer
    assert decide(admin_api, question(integration))["decision"] == "permit"
    Grant.objects.filter(pk=grant.pk)._raw_delete(Grant.objects.db)  # no signal here, as on another server
    versions.bump(versions.actor_key("integration", integration.pk), versions.organization_key(DEMO_ORGNR))
    if where == "the shared cache":
        forget_answers()
    assert decide(admin_api, question(integration))["code"] == "no_grant"


def test_a_batch_about_many_organizations_and_subjects_reads_each_kind_once(admin_ctx, demo_org, other_org, indexer,
                                                                           settings):
    """A platform service's cold batch: organizations and subjects in one query each, then one per decision."""
    from django.core.cache import cache

    settings.API_DECISION_ORGNRS = [VENDOR_ORGNR]
    integration, _ = indexer
    platform = Api(mint_token(orgnr=VENDOR_ORGNR), VENDOR_ORGNR)
    questions = [question(integration), question(integration, "SVARUT.SEND"), question(integration, orgnr=OTHER_ORGNR),
                 {"actor": {"type": "person", "pid": DEMO_ADMIN_PID}, "privilege": "ADMIN", "orgnr": DEMO_ORGNR}]
    platform.post("decisions/batch/", {"questions": questions[:1]})  # the catalogue and the token, read once
    forget_answers()
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        r = platform.post("decisions/batch/", {"questions": questions})
    assert [a["code"] for a in r.json()["answers"]] == ["granted", "no_grant", "no_grant", "granted"]
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len([q for q in sql if 'FROM "authz_organization"' in q]) == 1
    assert len([q for q in sql if 'FROM "integrations_integration"' in q]) == 1
    assert len([q for q in sql if 'FROM "authz_person"' in q]) == 1


def test_a_new_grant_is_reflected_at_once(admin_api, admin_ctx, indexer):
    integration, _ = indexer
    assert decide(admin_api, question(integration, "SVARUT.SEND"))["code"] == "no_grant"
    grant_create(admin_ctx, privilege=Privilege.objects.get(code="SVARUT.SEND"),
                 resource=root_resource(integration.organization), integration=integration)
    assert decide(admin_api, question(integration, "SVARUT.SEND"))["decision"] == "permit"


def test_a_revoked_delegation_is_reflected_in_the_next_call(admin_ctx, demo_org):
    """OnBehalfOf is checked against delegations on every call, whatever was answered before."""
    delegation, _created = delegation_create(admin_ctx, represented=DEMO_ORGNR, representative=VENDOR_ORGNR)
    vendor = Api(mint_token(orgnr=VENDOR_ORGNR), DEMO_ORGNR)
    assert vendor.get("me/").status_code == 200
    delegation_revoke(admin_ctx, delegation=delegation)
    assert vendor.get("me/").status_code == 403


# --- batch -------------------------------------------------------------------------------------------------


def test_batch_answers_each_question_in_order(admin_api, indexer, other_org):
    integration, _ = indexer
    questions = [question(integration), question(integration, "SVARUT.SEND"), question(integration, "ADMIN"),
                 {"actor": {"type": "person", "pid": DEMO_ADMIN_PID}, "privilege": "ADMIN", "orgnr": DEMO_ORGNR},
                 question(integration, orgnr=OTHER_ORGNR)]
    r = admin_api.post("decisions/batch/", {"questions": questions})
    assert r.status_code == 200, r.content
    answers = r.json()["answers"]
    assert [a["code"] for a in answers] == ["granted", "no_grant", "actor_kind_not_allowed", "granted",
                                            "organization_not_found"]
    assert [a["decision"] for a in answers] == ["permit", "deny", "deny", "permit", "deny"]
    singles = [admin_api.post("decisions/", q) for q in questions[:4]]
    assert [x.json() for x in singles] == answers[:4]
    assert singles[0].status_code == 200 and admin_api.post("decisions/", questions[4]).status_code == 404


def test_batch_of_100_is_answered(admin_api, indexer):
    integration, _ = indexer
    r = admin_api.post("decisions/batch/", {"questions": [question(integration)] * 100})
    assert r.status_code == 200 and len(r.json()["answers"]) == 100


@pytest.mark.parametrize(("make", "field"), [
    (lambda q: [], "questions"),
    (lambda q: [q] * 101, "questions"),
    (lambda q: [q, q, {**q, "orgnr": "123"}, q], "questions.2.orgnr"),
    (lambda q: [q, {**q, "privilege": "NOPE"}], "questions.1.privilege"),
    (lambda q: [q, {**q, "service": "NOPE"}], "questions.1.service"),
    (lambda q: [q, {**q, "actor": {"type": "robot"}}], "questions.1.actor.type"),
    (lambda q: [{**q, "extra": 1}], "questions.0.extra"),
])
def test_bad_batches_are_400_naming_the_question(admin_api, indexer, make, field):
    integration, _ = indexer
    r = admin_api.post("decisions/batch/", {"questions": make(question(integration))})
    assert r.status_code == 400
    body = problem(r)
    assert field in body["errors"], body
    assert "answers" not in body


@pytest.mark.parametrize("body", [[], {"questions": "x"}, {"questions": [], "more": 1}, {}])
def test_batch_body_must_be_an_object_with_questions(admin_api, body):
    r = admin_api.post("decisions/batch/", body)
    assert r.status_code == 400
    problem(r)


# --- query counts do not grow with the data ------------------------------------------------------------------


def _grow(admin_ctx, demo_org, integration, size):
    """More organizations, integrations and grants, none of them asked about."""
    from authz.services import organization_create
    from tests.conftest import SYSTEM

    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    for i in range(size):
        organization_create(SYSTEM, orgnr=make_orgnr(200 + i), name=f"Kommune {i}", first_admin_pid=DEMO_ADMIN_PID)
        other = integration_create(admin_ctx, organization=demo_org, name=f"Annen {i}", authorized_orgnr=VENDOR_ORGNR)
        grant_create(admin_ctx, privilege=index, resource=root_resource(demo_org), integration=other)


def _count(call) -> int:
    """Queries of `call` computed afresh: nothing remembered by this process (answers, persons, organizations,
    integrations, callers) or shared between app servers (answers)."""
    from django.core.cache import cache

    from integrations.selectors import forget_callers

    for forget in (forget_answers, forget_persons, forget_access, forget_integration_reads, forget_callers):
        forget()
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        r = call()
    assert r.status_code == 200, r.content
    return len(queries)


def test_query_counts_per_endpoint_do_not_grow_with_the_data(admin_api, admin_ctx, demo_org, vendor_integration,
                                                             integration_api, indexer):
    integration, _ = indexer
    detail = f"organizations/{DEMO_ORGNR}/integrations/{integration.pk}/"
    calls = {
        "me (Maskinporten token)": lambda: Api(mint_token(orgnr=VENDOR_ORGNR), VENDOR_ORGNR).get("me/"),
        "me (as an integration)": lambda: integration_api.get("me/"),
        "one integration": lambda: admin_api.get(detail),
        "decision": lambda: admin_api.post("decisions/", question(integration)),
        "batch of 10": lambda: admin_api.post("decisions/batch/", {"questions": [question(integration)] * 10}),
    }
    for call in calls.values():
        call()  # warm up (keys, content types)
    small = {name: _count(call) for name, call in calls.items()}
    _grow(admin_ctx, demo_org, integration, 30)
    large = {name: _count(call) for name, call in calls.items()}
    assert large == small
    assert Grant.objects.count() > 30


# --- two app servers sharing Redis -----------------------------------------------------------------------------


WORKER = r"""
import json, sys
import django
django.setup()
from django.test import Client
client = Client()
for line in sys.stdin:
    call = json.loads(line)
    r = client.post("/api/v1/decisions/", json.dumps(call["body"]), content_type="application/json",
                    HTTP_AUTHORIZATION="Bearer " + call["token"], HTTP_ONBEHALFOF=call["on_behalf_of"])
    print(json.dumps({"status": r.status_code, "body": r.json()}), flush=True)
"""


@pytest.mark.django_db(transaction=True)
def test_a_revocation_on_one_app_server_is_the_next_decision_on_another(other_app_server):
    """Two processes share PostgreSQL and Redis: the other process remembers a permit, this one revokes the grant,
    and the other's very next decision is deny."""
    from authz.context import Actor, Context
    from authz.services import organization_create

    system = Context(actor=Actor.system("tests"), channel="cli")
    organization = organization_create(system, orgnr=DEMO_ORGNR, name="Demo kommune", first_admin_pid=DEMO_ADMIN_PID)
    integration = integration_create(system, organization=organization, name="Indekserer",
                                     authorized_orgnr=VENDOR_ORGNR)
    grant, _ = grant_create(system, privilege=Privilege.objects.get(code="MINSIDE_SOK.INDEX"),
                            resource=root_resource(organization), integration=integration)
    worker = other_app_server(WORKER)
    call = {"token": mint_token(kind="idporten", pid=DEMO_ADMIN_PID), "on_behalf_of": DEMO_ADMIN_PID,
            "body": question(integration)}

    def ask() -> dict:
        worker.stdin.write(json.dumps(call) + "\n")
        worker.stdin.flush()
        answer = json.loads(worker.stdout.readline())
        assert answer["status"] == 200, answer
        return answer["body"]

    try:
        assert ask()["decision"] == "permit"
        assert ask()["decision"] == "permit"  # remembered by the other process
        grant_revoke(system, grant=grant)
        assert ask()["code"] == "no_grant"
        integration_deactivate(system, integration=integration)
        assert ask()["code"] == "inactive_integration"
    finally:
        worker.stdin.close()
        worker.wait(timeout=30)


# --- what the mutation run of api/decisions.py showed untested (tests/mutation) ------------------------------


def _service_admin(admin_ctx, demo_org):
    """A person holding ADMIN on Demo kommune's MINSIDE_SOK service resource only (a service administrator)."""
    from authz.models import Service
    from authz.services import person_get_or_create, service_resource
    from tests.conftest import NOBODY_PID

    resource = service_resource(organization=demo_org, service=Service.objects.get(code="MINSIDE_SOK"))
    grant_create(admin_ctx, privilege=Privilege.objects.get(code="ADMIN"), resource=resource,
                 person=person_get_or_create(pid=NOBODY_PID))
    return NOBODY_PID


def test_the_service_asked_about_decides_which_service_grants_count(admin_api, admin_ctx, demo_org):
    pid = _service_admin(admin_ctx, demo_org)
    ask = {"actor": {"type": "person", "pid": pid}, "privilege": "ADMIN", "orgnr": DEMO_ORGNR}
    assert decide(admin_api, {**ask, "service": "MINSIDE_SOK"})["decision"] == "permit"
    assert decide(admin_api, {**ask, "service": "SVARUT"})["code"] == "no_grant"
    assert decide(admin_api, ask)["code"] == "no_grant"  # ADMIN has no service of its own: the organization only


@pytest.mark.parametrize(("field", "value", "message"), [
    ("privilege", "UKJENT.PRIVILEGIUM", "Ukjent privilegium."), ("service", "UKJENT", "Ukjent tjeneste."),
])
def test_an_unknown_code_is_400_saying_which(admin_api, indexer, field, value, message):
    integration, _ = indexer
    for path, body, key in (("decisions/", {**question(integration), field: value}, field),
                            ("decisions/batch/", {"questions": [question(integration),
                                                                {**question(integration), field: value}]},
                             f"questions.1.{field}")):
        r = admin_api.post(path, body)
        assert r.status_code == 400
        assert problem(r)["errors"][key] == [message]


def test_an_unknown_integration_gets_the_kind_rules_of_an_integration(admin_api, indexer):
    """ADMIN cannot be given to integrations: an unknown integration id is answered as a known one."""
    import uuid

    integration, _ = indexer
    known = decide(admin_api, question(integration, "ADMIN"))
    unknown = decide(admin_api, {**question(integration, "ADMIN"),
                                 "actor": {"type": "integration", "integration_id": str(uuid.uuid4())}})
    assert known["code"] == unknown["code"] == "actor_kind_not_allowed"
    assert unknown["decision"] == "deny"


def test_a_repeated_decision_costs_one_shared_cache_round_trip_even_across_subjects(admin_ctx, indexer, settings,
                                                                                 request):
    settings.API_DECISION_ORGNRS = [VENDOR_ORGNR]
    platform = Api(mint_token(orgnr=VENDOR_ORGNR), VENDOR_ORGNR)  # no person to look up: only the decisions' trips
    integration, _ = indexer
    other = integration_create(admin_ctx, organization=integration.organization, name="Annen",
                               authorized_orgnr=VENDOR_ORGNR)
    for subject in (integration, other, integration, other):
        decide(platform, question(subject))
    forget_answers()
    for subject in (integration, other):
        decide(platform, question(subject))  # from the shared cache, now remembered here again
    calls = request.getfixturevalue("cache_calls")
    with CaptureQueriesContext(connection) as queries:
        assert decide(platform, question(integration))["decision"] == "permit"
        assert decide(platform, question(other))["code"] == "no_grant"
    assert [name for name, _args in calls] == ["get_many", "get_many"]  # the counters; no answer lookup or store
    assert not [q for q in queries.captured_queries if "authz_" in q["sql"] or "integrations_" in q["sql"]]


def test_shared_answers_expire_with_the_remembered_ones(admin_api, indexer, request):
    from api.decisions import ANSWER_SECONDS

    integration, _ = indexer
    calls = request.getfixturevalue("cache_calls")
    decide(admin_api, question(integration))
    stores = [args for name, args in calls if name == "set_many"]
    assert stores == [(ANSWER_SECONDS,)]  # (the answers, then the timeout)


def test_the_catalogue_is_read_once_per_catalogue_version(admin_api, indexer):
    integration, _ = indexer
    decide(admin_api, question(integration))
    with CaptureQueriesContext(connection) as queries:  # a new question: computed, the catalogue remembered
        assert decide(admin_api, question(integration, "SVARUT.SEND"))["code"] == "no_grant"
    assert [q for q in queries.captured_queries if 'FROM "authz_grant"' in q["sql"]]
    assert not [q for q in queries.captured_queries if 'FROM "authz_privilege"' in q["sql"]
                or 'FROM "authz_service"' in q["sql"]]


def test_a_computed_answer_is_remembered_here_and_questions_about_persons_apart(admin_ctx, demo_org, settings,
                                                                               request):
    from authz.services import person_get_or_create
    from tests.conftest import NOBODY_PID, OTHER_ADMIN_PID

    settings.API_DECISION_ORGNRS = [VENDOR_ORGNR]
    platform = Api(mint_token(orgnr=VENDOR_ORGNR), VENDOR_ORGNR)
    person_get_or_create(pid=NOBODY_PID)
    asks = [{"actor": {"type": "person", "pid": pid}, "privilege": "ADMIN", "orgnr": DEMO_ORGNR}
            for pid in (DEMO_ADMIN_PID, NOBODY_PID, OTHER_ADMIN_PID)]
    for ask in asks:
        decide(platform, ask)  # computed once each
    calls = request.getfixturevalue("cache_calls")
    with CaptureQueriesContext(connection) as queries:
        answers = [decide(platform, ask)["code"] for ask in asks]
    assert answers == ["granted", "no_grant", "no_grant"]
    assert [name for name, _args in calls] == ["get_many"] * 3  # from this process: the counters only
    assert not [q for q in queries.captured_queries if "authz_" in q["sql"]]


def test_each_answer_is_counted_by_verdict_and_code(admin_api, indexer):
    from ops.metrics import DECISIONS

    def count(result, code):
        return DECISIONS.labels(result=result, code=code)._value.get()

    integration, _ = indexer
    before = count("permit", "granted"), count("deny", "no_grant")
    decide(admin_api, question(integration))
    decide(admin_api, question(integration, "SVARUT.SEND"))
    assert (count("permit", "granted"), count("deny", "no_grant")) == (before[0] + 1, before[1] + 1)
