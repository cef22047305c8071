"""Schemathesis over every operation of the committed schema, with every check, against the WSGI app (issue 9 item 14).

Phases: examples, coverage (boundary and negative values of every parameter and body field) and fuzzing, each in
positive and negative mode, and a stateful run that chains operations (create, read, change, delete). Checks: all
of Schemathesis's (no 5xx, documented status codes, content types, headers and bodies; schema-valid data accepted;
schema-invalid data refused; missing required headers refused; unsupported methods 405; use after delete; ...).
Bounded (`MAX_EXAMPLES` per operation and phase, deterministic) so the run stays within CI's budget.

What the schema cannot state, and how this test deals with it (nothing else is tolerated):
- Rules that depend on data, not on the shape: check digits (mod-11) of orgnr and pid, which codes the catalogue
  holds, whether an integration exists, a name already taken, the integration name's letters, `valid_to` after
  `valid_from` and an audit filter's `until` after `since`, a delegation that repeats an active one (same parties,
  service and end: `valid_from`). The server answers them with 400 `validation_error` naming the field; on
  schema-valid input such an answer is accepted (`positive_data_acceptance_within_schema`) only for these fields.
- NUL characters: refused everywhere in the portal (issue 9 item 2), so none are generated.
- The caller: `Authorization`, `OnBehalfOf` (a valid pid; a schema-valid random one fails its check digits) and
  the path's orgnr of positive cases are Demo kommune's administrator and organization, so operations get past
  authorization. The integration headers are left out: failed integration logins are throttled (429).
"""

import re
from pathlib import Path

import pytest
import schemathesis
import yaml
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.devissuer import mint_token
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR

MAX_EXAMPLES = 8
STATEFUL_STEPS = 6
# Fields whose rules depend on stored data or need arithmetic (see the module docstring).
DATA_DEPENDENT_FIELDS = frozenset({
    "", "name", "orgnr", "authorized_orgnr", "represented", "representative", "actor.pid", "actor.integration_id",
    "privilege", "service", "valid_from", "valid_to", "until",
})

schema = schemathesis.openapi.from_dict(
    yaml.safe_load((Path(settings.BASE_DIR) / "api" / "openapi.yaml").read_text(encoding="utf-8"))
)
schema.app = get_wsgi_application()
schema.config.phases.update(phases=["examples", "coverage", "fuzzing", "stateful"])
schema.config.generation.update(modes=["positive", "negative"], max_examples=MAX_EXAMPLES, allow_x00=False,
                                deterministic=True)


def _is_positive(case) -> bool:
    return case.meta is not None and case.meta.generation.mode.is_positive


def positive_data_acceptance_within_schema(ctx, response, case):
    """Schemathesis's `positive_data_acceptance`, except for a 400 `validation_error` that names only fields
    whose rules the schema cannot state (`DATA_DEPENDENT_FIELDS`)."""
    if response.status_code == 400 and _is_positive(case):
        body = response.json()
        # A batch's questions are decisions: "questions.3.actor.pid" is the field "actor.pid" of one of them.
        fields = {re.sub(r"^questions\.[0-9]+\.", "", name) for name in body.get("errors", {})}
        if body.get("code") == "validation_error" and fields <= DATA_DEPENDENT_FIELDS:
            return None
    return positive_data_acceptance(ctx, response, case)


def _prepare(case) -> dict:
    """The headers the call adds; positive cases act as Demo kommune's administrator on Demo kommune."""
    for header in ("IntegrasjonId", "IntegrasjonPassord"):
        (case.headers or {}).pop(header, None)
    headers = {"Authorization": f"Bearer {mint_token(kind='idporten', pid=DEMO_ADMIN_PID)}"}
    if _is_positive(case):
        headers["OnBehalfOf"] = DEMO_ADMIN_PID
        if case.path_parameters and "orgnr" in case.path_parameters:
            case.path_parameters["orgnr"] = DEMO_ORGNR
    return headers


@pytest.fixture
def wsgi_database(demo_org, other_org):
    """Demo kommune (with its administrator) and another organization, so 404s are exercised too.

    Like Django's test client, keep the test's database connection open across requests (the WSGI handler
    would otherwise close it at the end of each request, which on PostgreSQL ends the test's transaction).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
                     derandomize=True)
def test_every_operation_conforms_with_every_check(case, wsgi_database):
    headers = _prepare(case)
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance],
                           additional_checks=[positive_data_acceptance_within_schema])


class PortalStateMachine(schema.as_state_machine()):
    """Chains the operations (links inferred from the schema and from `Location` headers), with every check."""

    def get_call_kwargs(self, case):
        return {"headers": _prepare(case)}

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        # As `call_and_validate` does: the added headers are named, so auth checks can send the request without them.
        case.validate_response(response, excluded_checks=[positive_data_acceptance],
                               additional_checks=[positive_data_acceptance_within_schema],
                               headers=kwargs.get("headers"), transport_kwargs=kwargs)


def test_stateful_sequences_conform_with_every_check(wsgi_database):
    PortalStateMachine.run(settings=hypothesis_settings(
        max_examples=MAX_EXAMPLES, stateful_step_count=STATEFUL_STEPS, deadline=None, derandomize=True,
        suppress_health_check=list(HealthCheck), phases=[Phase.generate],
    ))
