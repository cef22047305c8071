"""A chunked request body (Transfer-Encoding, no Content-Length) is refused with 411, not silently dropped.

Django reads a body only up to Content-Length, so behind a WSGI server a chunked PATCH arrived empty: the
answer was 200 and the change (e.g. deactivating a leaked integration) was lost.
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest

from api.devissuer import mint_token
from authz.catalogue import load_catalogue
from authz.models import AuditEvent, Privilege, Service
from authz.services import organization_create
from integrations.models import Integration
from integrations.services import integration_create
from tests.api.conftest import problem
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, SYSTEM, VENDOR_ORGNR


def test_chunked_header_on_a_body_method_is_411(admin_api, admin_ctx, demo_org):
    integration = integration_create(admin_ctx, organization=demo_org, name="Lekket", authorized_orgnr=VENDOR_ORGNR)
    r = admin_api.patch(f"organizations/{DEMO_ORGNR}/integrations/{integration.pk}/", {"is_active": False},
                        HTTP_TRANSFER_ENCODING="chunked")
    assert r.status_code == 411
    assert problem(r)["code"] == "length_required"
    integration.refresh_from_db()
    assert integration.is_active and integration.version == 1


def test_get_with_the_header_is_unaffected(admin_api):
    assert admin_api.get("me/", HTTP_TRANSFER_ENCODING="chunked").status_code == 200


@pytest.fixture
def demo(transactional_db):
    load_catalogue(Service, Privilege)  # a transactional test may run after another one emptied the tables
    return organization_create(SYSTEM, orgnr=DEMO_ORGNR, name="Demo kommune", first_admin_pid=DEMO_ADMIN_PID)


def test_real_chunked_patch_is_refused_and_changes_nothing(live_server, demo):
    from authz.context import Actor, Context
    from authz.services import person_get_or_create

    ctx = Context(actor=Actor.for_person(person_get_or_create(pid=DEMO_ADMIN_PID)), channel="web")
    integration = integration_create(ctx, organization=demo, name="Lekket", authorized_orgnr=VENDOR_ORGNR)
    url = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    body = iter([json.dumps({"is_active": False}).encode()])
    connection.request(
        "PATCH", f"/api/v1/organizations/{DEMO_ORGNR}/integrations/{integration.pk}/", body=body,
        headers={"Authorization": f"Bearer {mint_token(kind='idporten', pid=DEMO_ADMIN_PID)}",
                 "OnBehalfOf": DEMO_ADMIN_PID, "Content-Type": "application/json"},
        encode_chunked=True,
    )
    response = connection.getresponse()
    assert response.status == 411, response.read()
    assert json.loads(response.read())["code"] == "length_required"
    connection.close()
    integration = Integration.objects.get(pk=integration.pk)
    assert integration.is_active and integration.version == 1
    assert not AuditEvent.objects.filter(action="integration.update").exists()
