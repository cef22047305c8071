"""Schemathesis over every operation of the committed schema, with valid credentials, against the WSGI app.

Checks: no 5xx, documented status codes, content types, response bodies and headers that match the schema.
Bounded (`MAX_EXAMPLES` per operation) so it runs in well under two minutes; CI runs it like every other test.
"""

from pathlib import Path

import pytest
import schemathesis
import yaml
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.devissuer import mint_token
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR

MAX_EXAMPLES = 15
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]

schema = schemathesis.openapi.from_dict(
    yaml.safe_load((Path(settings.BASE_DIR) / "api" / "openapi.yaml").read_text(encoding="utf-8"))
)
schema.app = get_wsgi_application()


@pytest.fixture
def admin_token(demo_org, other_org):
    """Demo kommune's administrator's token; another organization exists so 404s are exercised too.

    Like Django's test client, keep the test's database connection open across requests (the WSGI handler
    would otherwise close it at the end of each request, which on PostgreSQL ends the test's transaction).
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield mint_token(kind="idporten", pid=DEMO_ADMIN_PID)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_and_never_fails(case, admin_token):
    for header in ("IntegrasjonId", "IntegrasjonPassord"):
        (case.headers or {}).pop(header, None)
    if case.path_parameters and "orgnr" in case.path_parameters:
        case.path_parameters["orgnr"] = DEMO_ORGNR
    case.call_and_validate(
        headers={"Authorization": f"Bearer {admin_token}", "OnBehalfOf": DEMO_ADMIN_PID}, checks=CHECKS
    )
