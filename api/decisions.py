"""Access decisions for the API: one question (`DecisionView`) or up to 100 (`DecisionBatchView`).

`answer_questions(caller, questions)` answers each question as DecisionView documents (visibility: a caller asks
about organizations it may see, platform services in `API_DECISION_ORGNRS` about any). Answers are remembered
per process (`_answers`, bounded, `ANSWER_SECONDS` at most) together with the shared version counters of what
they depend on (authz/versions.py: the organization asked about, the caller, the subject, the catalogue); an
answer is used again only while all those counters are unchanged, so a revoked grant or delegation or a
deactivated integration shows in the very next decision on every app server. A cached answer costs one
shared-cache round trip for the whole batch and no database query.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from authz import versions
from authz.context import Actor
from authz.identifiers import is_orgnr, is_pid
from authz.lru import BoundedCache
from authz.models import Organization, Person, Privilege, Service
from authz.selectors import actor_counter, decide, organizations_for
from integrations.models import Integration
from ops import metrics

from . import serializers as s
from .views import DECISION_EXAMPLES, ApiView, _doc

ANSWER_SECONDS = 300
MAX_ANSWERS = 10_000
MAX_BATCH = 100
_answers = BoundedCache(MAX_ANSWERS)


@dataclass(frozen=True)
class OrganizationNotFound(Exception):
    """The organization asked about does not exist or the caller may not see it (single decision: 404)."""


def _subject_name(ref: dict) -> str:
    if ref["type"] == "person":
        return versions.actor_key("person", ref["pid"])
    return versions.actor_key("integration", str(ref["integration_id"]))


# The catalogue (privileges and services by code), per process, under the catalogue's version counter.
_catalogue = versions.VersionedLocalCache(maxsize=1, seconds=ANSWER_SECONDS)


def _catalogue_for(stamp: tuple) -> tuple[dict[str, Privilege], dict[str, Service]]:
    """(privileges by code with their service, services by code), read once per catalogue version."""
    found = _catalogue.get("catalogue", stamp)
    if found is None:
        found = ({p.code: p for p in Privilege.objects.select_related("service")},
                 {service.code: service for service in Service.objects.all()})
        _catalogue.set("catalogue", stamp, found)
    return found


def _compute(caller: Actor, is_platform_service: bool, questions: list[dict], catalogue_stamp: tuple) -> list:
    """The answers from the database, in order: each `{"decision", "code", "reason"}`, `OrganizationNotFound` or
    a DRF `ValidationError` (unknown privilege or service).

    Organizations and subjects of all the questions are read in one query each; then `decide` (one query) per
    question that names a visible organization and known codes.
    """
    privileges, services = _catalogue_for(catalogue_stamp)
    organizations = Organization.objects.all() if is_platform_service else organizations_for(caller, "view")
    by_orgnr = {o.orgnr: o for o in organizations.filter(orgnr__in={q["orgnr"] for q in questions})}
    pids = {q["actor"]["pid"] for q in questions if q["actor"]["type"] == "person"}
    ids = {q["actor"]["integration_id"] for q in questions if q["actor"]["type"] == "integration"}
    persons = {p.pid: p for p in Person.objects.filter(pid__in=pids)} if pids else {}
    integrations = {i.pk: i for i in Integration.objects.filter(pk__in=ids)} if ids else {}
    answers: list = []
    for question in questions:
        organization = by_orgnr.get(question["orgnr"])
        privilege = privileges.get(question["privilege"])
        service = services.get(question["service"]) if "service" in question else None
        if organization is None:
            answers.append(OrganizationNotFound())
        elif privilege is None:
            answers.append(exceptions.ValidationError({"privilege": [_("Ukjent privilegium.")]}))
        elif "service" in question and service is None:
            answers.append(exceptions.ValidationError({"service": [_("Ukjent tjeneste.")]}))
        else:
            decision = decide(actor=_subject(question["actor"], organization, persons, integrations),
                              privilege=privilege, organization=organization, service=service)
            answers.append({"decision": "permit" if decision.permit else "deny", "code": decision.code,
                            "reason": decision.reason})
    return answers


def _subject(ref: dict, organization: Organization, persons: dict, integrations: dict) -> Actor:
    """The actor a question is about.

    An unknown subject is decided as an actor of the same kind without grants, so every answer (including
    `actor_kind_not_allowed`) is the same as for a known one without a grant. Only integrations that can hold
    grants here (this organization's and the global ones) count: another organization's integration is
    "unknown" here, so its existence and state are not revealed.
    """
    if ref["type"] == "person":
        person = persons.get(ref["pid"])
        return Actor.for_person(person) if person else Actor(kind="person")
    integration = integrations.get(ref["integration_id"])
    if integration is None or integration.organization_id not in (None, organization.pk):
        return Actor(kind="integration")
    return Actor.for_integration(integration)


def _shared_key(key: tuple) -> str:
    return "api:decision:v1:" + hashlib.sha256(repr(key).encode()).hexdigest()


def answer_questions(caller: Actor, questions: list[dict]) -> list[dict | Exception]:
    """Answer validated questions (`DecisionInput` data) in order, for `caller`.

    Output: per question either `{"decision", "code", "reason"}` or the exception it raised
    (`OrganizationNotFound`, or a DRF `ValidationError` for an unknown privilege or service); callers decide how
    to report those. Each answer is counted in the metrics (ops/metrics.py), whether computed or remembered.

    Where answers come from, each valid only under the version counters it was computed under: this process's
    memory; else the shared cache (answers another app server computed); else the database (then stored in
    both). Round trips to the shared cache: one for the counters of all questions, and only when this process
    misses, one to look up and one to store.
    """
    is_platform_service = bool(caller.party and caller.party in settings.API_DECISION_ORGNRS)
    caller_name = actor_counter(caller)
    needs = [(versions.organization_key(q["orgnr"]), caller_name, _subject_name(q["actor"]), versions.CATALOGUE)
             for q in questions]
    names = list(dict.fromkeys(name for group in needs for name in group))
    current = dict(zip(names, versions.current(*names), strict=True))
    results: list = [None] * len(questions)
    missing: dict[int, tuple] = {}  # index → (key, stamp)
    for index, (question, group) in enumerate(zip(questions, needs, strict=True)):
        ref = question["actor"]
        key = (caller.principal, is_platform_service, question["orgnr"], question["privilege"],
               question.get("service"), ref["type"], ref.get("pid") or str(ref.get("integration_id")))
        stamp = tuple(current[name] for name in group)
        remembered = _answers.get(key)
        if remembered is not None and remembered[0] == stamp:
            results[index] = remembered[1]
        else:
            missing[index] = (key, stamp)
    if missing:
        shared = cache.get_many([_shared_key(key) for key, _stamp in missing.values()])
        for index, (key, stamp) in list(missing.items()):
            found = shared.get(_shared_key(key))
            if found is not None and found[0] == stamp:
                results[index] = found[1]
                _answers.set(key, found, ANSWER_SECONDS)
                del missing[index]
    if missing:
        computed = _compute(caller, is_platform_service, [questions[i] for i in missing],
                            (current[versions.CATALOGUE],))
        fresh = {}
        for (index, (key, stamp)), result in zip(missing.items(), computed, strict=True):
            results[index] = result
            if isinstance(result, dict):
                _answers.set(key, (stamp, result), ANSWER_SECONDS)
                fresh[_shared_key(key)] = (stamp, result)
        if fresh:
            cache.set_many(fresh, ANSWER_SECONDS)
    for result in results:
        if isinstance(result, dict):
            metrics.decision_made(permit=result["decision"] == "permit", code=result["code"])
    return results


def answer_one(caller: Actor, question: dict) -> dict:
    """One question's answer; raises `NotFound` (404) or `ValidationError` (400) as the single endpoint answers."""
    result = answer_questions(caller, [question])[0]
    if isinstance(result, OrganizationNotFound):
        raise exceptions.NotFound()
    if isinstance(result, Exception):
        raise result
    return result


# --- the common well-formed question, validated without building DRF fields (issue 6, profiled) --------------

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_CODE = re.compile(r"[A-Z0-9][A-Z0-9_.]{0,49}")  # catalogue codes as stored (e.g. MINSIDE_SOK.INDEX)
_QUESTION_KEYS = (frozenset({"actor", "privilege", "orgnr"}), frozenset({"actor", "privilege", "orgnr", "service"}))


def fast_question(data) -> dict | None:
    """`DecisionInput`'s validated data for a question in the plain form every client sends, else None.

    Accepted here (a strict subset of what `s.DecisionInput` accepts, with the same result; a test checks both
    on generated input): exactly the keys actor, privilege, orgnr and optionally service; privilege and service
    as upper-case catalogue codes; a valid orgnr; an actor `{"type": "integration", "integration_id": <canonical
    lower-case UUID>}` or `{"type": "person", "pid": <valid fødselsnummer>}`. Anything else returns None, and
    the caller validates with `s.DecisionInput`, which gives the 400 with its field errors.
    """
    if type(data) is not dict or frozenset(data) not in _QUESTION_KEYS:
        return None
    actor, privilege, orgnr = data["actor"], data["privilege"], data["orgnr"]
    if type(actor) is not dict or type(privilege) is not str or type(orgnr) is not str \
            or not _CODE.fullmatch(privilege) or not is_orgnr(orgnr):
        return None
    question = {"actor": None, "privilege": privilege, "orgnr": orgnr}
    if "service" in data:
        service = data["service"]
        if type(service) is not str or not _CODE.fullmatch(service):
            return None
        question["service"] = service
    kind = actor.get("type")
    if kind == "integration" and len(actor) == 2 and type(actor.get("integration_id")) is str \
            and _CANONICAL_UUID.fullmatch(actor["integration_id"]):
        question["actor"] = {"type": "integration", "integration_id": uuid.UUID(actor["integration_id"])}
    elif kind == "person" and len(actor) == 2 and type(actor.get("pid")) is str and is_pid(actor["pid"]):
        question["actor"] = {"type": "person", "pid": actor["pid"]}
    else:
        return None
    return question


def fast_batch(data) -> list[dict] | None:
    """`DecisionBatchInput`'s questions when the body is `{"questions": [...]}` with 1 to `MAX_BATCH` questions,
    each accepted by `fast_question`; else None (validate with `DecisionBatchInput` for the 400)."""
    if type(data) is not dict or len(data) != 1 or type(data.get("questions")) is not list \
            or not 1 <= len(data["questions"]) <= MAX_BATCH:
        return None
    questions = [fast_question(q) for q in data["questions"]]
    return None if None in questions else questions


def forget_answers() -> None:
    """Forget every remembered answer and catalogue of this process (tests); shared answers stay."""
    _answers.clear()
    _catalogue.clear()


class DecisionView(ApiView):
    """Whether an actor holds a privilege on an organization (or one of its services): permit or deny, and why.

    Who may ask: any caller, about organizations it may see (`organizations_for(actor, "view")`; others answer
    404), and the platform's own services (callers whose party is listed in `API_DECISION_ORGNRS`) about any
    organization. An unknown person or integration, or another organization's integration, gets the same answer
    as a known one without a grant (`no_grant`, or `actor_kind_not_allowed` for a privilege not given to that
    kind), so the endpoint does not reveal who exists or the state of other organizations' integrations.
    """

    read_only = True  # a question only reads: no request transaction (ApiView)

    @extend_schema(
        operation_id="decisions_create", request=s.DecisionInput, responses=s.DecisionOutput, tags=["decisions"],
        summary="Ask whether an actor holds a privilege",
        examples=DECISION_EXAMPLES,
        description=_doc(
            "Answers `permit` or `deny` with a stable `code` and a `reason`, always 200 for a well-formed question. "
            "A grant on the organization covers its services; without `service`, a service privilege is checked "
            "on its own service. An inactive integration is always denied (`inactive_integration`).",
            "**Who may call:** any caller, about organizations it may see (others answer **404**); the platform's "
            "own services (their orgnr configured in `API_DECISION_ORGNRS`) about any organization.",
            "An unknown person or integration, or another organization's integration, gets the same answer as a "
            "known actor without a grant (`no_grant`, or `actor_kind_not_allowed`), so the answer does not reveal "
            "who exists. **400**: unknown privilege or service, or a malformed actor.",
        ),
    )
    def post(self, request: Request) -> Response:
        question = fast_question(request.data) or self.validated(s.DecisionInput)
        return Response(dict(answer_one(self.actor, question)))  # already DecisionOutput's strings (tested)


class DecisionBatchInput(s.StrictInputSerializer):
    """Up to 100 questions, answered in order."""

    questions = s.DecisionInput(many=True, allow_empty=False, max_length=MAX_BATCH,
                                help_text="1 to 100 questions, each as in POST /api/v1/decisions/.")


class DecisionBatchOutput(serializers.Serializer):
    """The answers, in the order of the questions."""

    answers = s.DecisionOutput(many=True)


ORGANIZATION_NOT_FOUND = {
    "decision": "deny", "code": "organization_not_found",
    "reason": "Organisasjonen finnes ikke, eller du kan ikke se den.",
}


class DecisionBatchView(ApiView):
    """Many access decisions in one call."""

    read_only = True  # a question only reads: no request transaction (ApiView)

    @extend_schema(
        operation_id="decisions_batch", request=DecisionBatchInput, responses=DecisionBatchOutput,
        tags=["decisions"], summary="Ask many access questions at once",
        examples=[OpenApiExample(
            "two_questions", request_only=True, summary="Two questions about one integration",
            value={"questions": [
                {"actor": {"type": "integration", "integration_id": "3f6c2a8e-5b1d-4c7a-9e2f-0a1b2c3d4e5f"},
                 "privilege": "MINSIDE_SOK.INDEX", "orgnr": "123456785"},
                {"actor": {"type": "integration", "integration_id": "3f6c2a8e-5b1d-4c7a-9e2f-0a1b2c3d4e5f"},
                 "privilege": "SVARUT.SEND", "orgnr": "123456785"},
            ]},
        )],
        description=_doc(
            "Up to 100 questions, each as in POST /api/v1/decisions/, answered in the same order with its own "
            "`decision`, `code` and `reason`, under the same rules. A question about an organization the caller "
            "may not see (or that does not exist) is answered `deny` with code `organization_not_found`, where a "
            "single decision answers 404.",
            "**400** (nothing answered): an empty list, more than 100 questions, or any malformed question "
            "(unknown privilege or service included); `errors` names the question by its index, e.g. "
            "`questions.3.privilege`.",
            "**Who may call:** as POST /api/v1/decisions/.",
        ),
    )
    def post(self, request: Request) -> Response:
        questions = fast_batch(request.data) or self.validated(DecisionBatchInput)["questions"]
        results = answer_questions(self.actor, questions)
        errors = {}
        for index, result in enumerate(results):
            if isinstance(result, exceptions.ValidationError):
                for field, messages in result.detail.items():
                    errors[f"questions.{index}.{field}"] = messages
        if errors:
            raise exceptions.ValidationError(errors)
        answers = [ORGANIZATION_NOT_FOUND if isinstance(r, OrganizationNotFound) else r for r in results]
        return Response({"answers": [dict(a) for a in answers]})  # DecisionBatchOutput's form (tested)
