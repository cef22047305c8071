"""A real client: the Python client generated from api/openapi.yaml (tests/api_client/) runs the main path
against a live server — create an integration, grant MinSide Søk indexing, ask for an access decision — and
the committed client matches what the generator makes from the committed schema.

Regenerate the client after changing the schema:
    openapi-python-client generate --path api/openapi.yaml --config tests/api/openapi_client_config.yml \
        --meta none --output-path tests/api_client --overwrite
"""

import filecmp
import http.client
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from api.devissuer import mint_token
from authz.catalogue import load_catalogue
from authz.models import AuditEvent, Privilege, Service
from authz.services import organization_create
from tests.api_client import AuthenticatedClient
from tests.api_client.api.decisions import decisions_create
from tests.api_client.api.grants import grants_create
from tests.api_client.api.integrations import integrations_create, integrations_password_rotate
from tests.api_client.api.me import me
from tests.api_client.models import (
    DecisionEnum,
    DecisionInput,
    GrantCreateInput,
    IntegrationActorInput,
    IntegrationActorTypeEnum,
    IntegrationCreateInput,
    IntegrationOutput,
    Problem,
)
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, SYSTEM, VENDOR_ORGNR

BASE = Path(settings.BASE_DIR)


def test_committed_client_matches_the_generator(tmp_path):
    out = tmp_path / "api_client"
    generator = str(Path(sys.executable).parent / "openapi-python-client")
    subprocess.run(
        [generator, "generate", "--path", str(BASE / "api/openapi.yaml"),
         "--config", str(BASE / "tests/api/openapi_client_config.yml"), "--meta", "none", "--output-path", str(out)],
        check=True, capture_output=True,
    )
    committed = BASE / "tests" / "api_client"

    def differences(cmp: filecmp.dircmp) -> list[str]:
        found = [*cmp.left_only, *cmp.right_only, *cmp.diff_files]
        found = [f for f in found if f != "__pycache__"]
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    assert differences(filecmp.dircmp(out, committed, ignore=["__pycache__"])) == [], "regenerate tests/api_client"


@pytest.fixture
def demo(transactional_db):
    load_catalogue(Service, Privilege)  # a transactional test may run after another one emptied the tables
    return organization_create(SYSTEM, orgnr=DEMO_ORGNR, name="Demo kommune", first_admin_pid=DEMO_ADMIN_PID)


def test_generated_client_runs_the_main_path_against_a_live_server(live_server, demo):
    admin = AuthenticatedClient(base_url=live_server.url, token=mint_token(kind="idporten", pid=DEMO_ADMIN_PID),
                                timeout=30.0, raise_on_unexpected_status=True)
    as_admin = {"client": admin, "on_behalf_of": DEMO_ADMIN_PID}

    integration = integrations_create.sync(
        DEMO_ORGNR, body=IntegrationCreateInput(name="MinSide-indeksering", authorized_orgnr=VENDOR_ORGNR), **as_admin
    )
    assert isinstance(integration, IntegrationOutput), integration
    assert integration.organization == DEMO_ORGNR

    actor = IntegrationActorInput(type_=IntegrationActorTypeEnum.INTEGRATION, integration_id=integration.id)
    grant = grants_create.sync(
        DEMO_ORGNR, **as_admin,
        body=GrantCreateInput(actor=actor, privilege="MINSIDE_SOK.INDEX", service="MINSIDE_SOK"),
    )
    assert (grant.privilege, grant.service) == ("MINSIDE_SOK.INDEX", "MINSIDE_SOK")

    ask = DecisionInput(actor=actor, privilege="MINSIDE_SOK.INDEX", orgnr=DEMO_ORGNR)
    decision = decisions_create.sync(body=ask, **as_admin)
    assert decision.decision == DecisionEnum.PERMIT
    assert decision.code == "granted"
    ask.privilege = "SVARUT.SEND"
    assert decisions_create.sync(body=ask, **as_admin).decision == DecisionEnum.DENY

    # The vendor's system now calls as the integration: Maskinporten token + integration headers.
    password = integrations_password_rotate.sync(DEMO_ORGNR, integration.id, **as_admin).password
    vendor = AuthenticatedClient(base_url=live_server.url, token=mint_token(orgnr=VENDOR_ORGNR), timeout=30.0)
    who = me.sync(client=vendor, on_behalf_of=VENDOR_ORGNR, integrasjon_id=str(integration.id),
                  integrasjon_passord=password)
    assert who.caller.integration.id == integration.id
    refused = me.sync(client=vendor, on_behalf_of=VENDOR_ORGNR, integrasjon_id=str(integration.id),
                      integrasjon_passord="wrong")
    assert isinstance(refused, Problem)
    assert refused.code == "integration_authentication_failed"
    assert AuditEvent.objects.filter(channel="api", action="grant.create", on_behalf_of=DEMO_ADMIN_PID).exists()


def test_repeated_on_behalf_of_header_over_real_http_is_400(live_server, demo):
    """A real WSGI server joins a repeated header with a comma; the API must notice, not pick one."""
    url = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    connection.putrequest("GET", "/api/v1/me/")
    connection.putheader("Authorization", f"Bearer {mint_token(kind='idporten', pid=DEMO_ADMIN_PID)}")
    connection.putheader("OnBehalfOf", DEMO_ADMIN_PID)
    connection.putheader("OnBehalfOf", DEMO_ORGNR)
    connection.endheaders()
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    assert response.status == 400
    assert response.getheader("Content-Type") == "application/problem+json; charset=utf-8"
    assert body["code"] == "on_behalf_of_repeated"
