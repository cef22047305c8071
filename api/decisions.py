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

import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from authz import versions
from authz.context import Actor
from authz.identifiers import is_orgnr, validate_pid
from authz.lru import BoundedCache
from authz.models import Organization, Person, Privilege, Service
from authz.selectors import decide, organizations_for
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


def _caller_name(caller: Actor) -> str:
    if caller.kind == "person" and caller.person is not None:
        return versions.actor_key("person", caller.person.pid)
    if caller.kind == "integration" and caller.integration is not None:
        return versions.actor_key("integration", str(caller.integration.pk))
    return versions.actor_key(caller.kind, caller.party or caller.username or "")


def _compute(caller: Actor, is_platform_service: bool, question: dict) -> dict:
    """The answer from the database; raises `OrganizationNotFound` or DRF `ValidationError` (unknown codes)."""
    organizations = Organization.objects.all() if is_platform_service else organizations_for(caller, "view")
    organization = organizations.filter(orgnr=question["orgnr"]).first()
    if organization is None:
        raise OrganizationNotFound()
    privilege = Privilege.objects.select_related("service").filter(code=question["privilege"]).first()
    if privilege is None:
        raise exceptions.ValidationError({"privilege": [_("Ukjent privilegium.")]})
    service = None
    if "service" in question:
        service = Service.objects.filter(code=question["service"]).first()
        if service is None:
            raise exceptions.ValidationError({"service": [_("Ukjent tjeneste.")]})
    ref = question["actor"]
    # An unknown subject is decided as an actor of the same kind without grants, so every answer (including
    # `actor_kind_not_allowed`) is the same as for a known one without a grant. Only integrations that can
    # hold grants here (this organization's and the global ones) are looked up: another organization's
    # integration is "unknown" here, so its existence and state are not revealed.
    if ref["type"] == "person":
        person = Person.objects.filter(pid=ref["pid"]).first()
        subject = Actor.for_person(person) if person else Actor(kind="person")
    else:
        integration = Integration.objects.filter(
            Q(organization=organization) | Q(organization__isnull=True), pk=ref["integration_id"]
        ).first()
        subject = Actor.for_integration(integration) if integration else Actor(kind="integration")
    decision = decide(actor=subject, privilege=privilege, organization=organization, service=service)
    return {"decision": "permit" if decision.permit else "deny", "code": decision.code, "reason": decision.reason}


def answer_questions(caller: Actor, questions: list[dict]) -> list[dict | Exception]:
    """Answer validated questions (`DecisionInput` data) in order, for `caller`.

    Output: per question either `{"decision", "code", "reason"}` or the exception it raised
    (`OrganizationNotFound`, or a DRF `ValidationError` for an unknown privilege or service); callers decide how
    to report those. Reads the version counters of all questions in one shared-cache round trip. Each answer
    is counted in the metrics (ops/metrics.py), whether computed or remembered.
    """
    is_platform_service = bool(caller.party and caller.party in settings.API_DECISION_ORGNRS)
    caller_name = _caller_name(caller)
    needs = [(versions.organization_key(q["orgnr"]), caller_name, _subject_name(q["actor"]), versions.CATALOGUE)
             for q in questions]
    names = list(dict.fromkeys(name for group in needs for name in group))
    current = dict(zip(names, versions.current(*names), strict=True))
    results: list[dict | Exception] = []
    for question, group in zip(questions, needs, strict=True):
        ref = question["actor"]
        key = (caller.principal, is_platform_service, question["orgnr"], question["privilege"],
               question.get("service"), ref["type"], ref.get("pid") or str(ref.get("integration_id")))
        stamp = tuple(current[name] for name in group)
        remembered = _answers.get(key)
        if remembered is not None and remembered[0] == stamp:
            result = remembered[1]
        else:
            try:
                result = _compute(caller, is_platform_service, question)
            except (OrganizationNotFound, exceptions.ValidationError) as exc:
                results.append(exc)
                continue
            _answers.set(key, (stamp, result), ANSWER_SECONDS)
        metrics.decision_made(permit=result["decision"] == "permit", code=result["code"])
        results.append(result)
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


def _is_valid_pid(value: str) -> bool:
    try:
        validate_pid(value)
    except DjangoValidationError:
        return False
    return True


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
    elif kind == "person" and len(actor) == 2 and type(actor.get("pid")) is str and _is_valid_pid(actor["pid"]):
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
    """Forget every remembered answer of this process (tests)."""
    _answers.clear()


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
