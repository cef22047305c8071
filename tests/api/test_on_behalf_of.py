"""The OnBehalfOf header: required, one valid orgnr or pid, and a delegation when it names another party."""

import datetime

import jwt
import pytest
from django.utils import timezone

from authz.models import AuditEvent, Delegation
from authz.services import delegation_create
from integrations.models import Integration
from tests.api.conftest import Api, problem
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, OTHER_ORGNR, SYSTEM, VENDOR_ORGNR

BAD_VALUES = [
    "",
    " ",
    "\t",
    "12345678",  # 8 digits
    "1234567850",  # 10 digits
    "123456785000",  # 12 digits
    "123456784",  # wrong orgnr check digit
    "21879498013",  # wrong pid check digit
    "000000000",
    "00000000000",
    "١٢٣٤٥٦٧٨٥",  # Arabic-Indic digits
    "１２３４５６７８５",  # full-width digits
    "12345\x006785",
    "123456785\x00",
    " 123456785",
    "123 456 785",
    "123456785,123456785",  # a repeated header, as WSGI servers join it
    "123456785, 314168267",
    "0192:123456785",
]


def test_missing_header_is_400(admin_api):
    r = Api(admin_api.token, None).get("me/")
    assert r.status_code == 400
    assert problem(r)["code"] == "on_behalf_of_missing"


@pytest.mark.parametrize("value", BAD_VALUES)
def test_malformed_header_is_400_and_nothing_is_written(integration_api, value):
    integration_api.on_behalf_of = value
    r = integration_api.post(f"organizations/{DEMO_ORGNR}/integrations/",
                             {"name": "Ny", "authorized_orgnr": VENDOR_ORGNR})
    assert r.status_code == 400
    # A NUL in any header is refused before the API reads it (authz.middleware.RejectNulMiddleware).
    expected = ("nul_character",) if "\x00" in value else ("on_behalf_of_invalid", "on_behalf_of_repeated")
    assert problem(r)["code"] in expected
    assert not Integration.objects.filter(name="Ny").exists()


def test_repeated_header_has_its_own_code(admin_api):
    admin_api.on_behalf_of = f"{DEMO_ADMIN_PID},{DEMO_ADMIN_PID}"
    assert problem(admin_api.get("me/"))["code"] == "on_behalf_of_repeated"


def test_repeated_header_is_400_with_a_message_saying_so(admin_api):
    admin_api.on_behalf_of = f"{DEMO_ORGNR},{OTHER_ORGNR}"
    r = admin_api.get("me/", HTTP_ACCEPT_LANGUAGE="nb")
    assert r.status_code == 400
    assert problem(r)["detail"] == "Headeren OnBehalfOf kan bare sendes én gang."


def test_audit_event_records_the_tokens_issuer_client_and_id(admin_api, demo_org):
    claims = jwt.decode(admin_api.token, options={"verify_signature": False})
    r = admin_api.post(f"organizations/{DEMO_ORGNR}/integrations/", {"name": "Ny", "authorized_orgnr": VENDOR_ORGNR})
    assert r.status_code == 201, r.content
    event = AuditEvent.objects.get(action="integration.create", target_id=r.json()["id"])
    assert event.extra == {"token_issuer": claims["iss"], "client_id": claims["client_id"],
                           "token_jti": claims["jti"]}
    assert event.on_behalf_of == DEMO_ADMIN_PID


def test_synthetic_pid_refused_outside_a_test_environment(vendor_api, settings):
    settings.PORTAL_TEST_ENVIRONMENT = False
    vendor_api.on_behalf_of = DEMO_ADMIN_PID  # synthetic (+80 on the month)
    r = vendor_api.get("me/")
    assert r.status_code == 400
    assert problem(r)["code"] == "on_behalf_of_invalid"


def test_own_party_needs_no_delegation(admin_api, vendor_api):
    assert admin_api.get("me/").json()["on_behalf_of"] == {"party": "218794*****", "type": "person",
                                                           "delegated": False}
    assert vendor_api.get("me/").json()["on_behalf_of"]["party"] == VENDOR_ORGNR


def test_other_party_without_delegation_is_403(integration_api):
    integration_api.on_behalf_of = DEMO_ORGNR
    r = integration_api.post(f"organizations/{DEMO_ORGNR}/integrations/",
                             {"name": "Ny", "authorized_orgnr": VENDOR_ORGNR})
    assert r.status_code == 403
    assert problem(r)["code"] == "on_behalf_of_not_delegated"
    assert not Integration.objects.filter(name="Ny").exists()


def test_delegated_call_is_permitted_and_audited_with_the_party(integration_api, vendor_integration):
    delegation_create(SYSTEM, represented=DEMO_ORGNR, representative=VENDOR_ORGNR)
    integration_api.on_behalf_of = DEMO_ORGNR
    me = integration_api.get("me/").json()
    assert me["on_behalf_of"] == {"party": DEMO_ORGNR, "type": "organization", "delegated": True}
    r = integration_api.post(f"organizations/{DEMO_ORGNR}/integrations/",
                             {"name": "Ny", "authorized_orgnr": VENDOR_ORGNR},
                             HTTP_X_REQUEST_ID="delegated-request-1")
    assert r.status_code == 201, r.content
    event = AuditEvent.objects.get(action="integration.create", target_id=r.json()["id"])
    assert event.channel == "api"
    assert event.on_behalf_of == DEMO_ORGNR
    assert event.principal == f"integration:{vendor_integration[0].pk}"
    assert event.request_id == "delegated-request-1"
    assert event.extra["delegated"] is True


def test_delegation_does_not_widen_the_callers_own_grants(vendor_api, demo_org):
    """The vendor organization (no integration headers, no grants) may act for Demo kommune but not change it."""
    delegation_create(SYSTEM, represented=DEMO_ORGNR, representative=VENDOR_ORGNR)
    vendor_api.on_behalf_of = DEMO_ORGNR
    assert vendor_api.get("me/").status_code == 200
    r = vendor_api.post(f"organizations/{DEMO_ORGNR}/integrations/", {"name": "Ny", "authorized_orgnr": VENDOR_ORGNR})
    assert r.status_code == 404  # it cannot even see the organization
    assert not Integration.objects.exists()


@pytest.mark.parametrize("state", ["revoked", "expired", "future", "reversed", "other_org"])
def test_inactive_or_unrelated_delegation_is_403(integration_api, state):
    now = timezone.now()
    if state == "reversed":
        delegation_create(SYSTEM, represented=VENDOR_ORGNR, representative=DEMO_ORGNR)
    elif state == "other_org":
        delegation_create(SYSTEM, represented=OTHER_ORGNR, representative=VENDOR_ORGNR)
    else:
        d = Delegation.objects.create(
            represented=DEMO_ORGNR, representative=VENDOR_ORGNR,
            valid_from=now + datetime.timedelta(days=1) if state == "future" else now - datetime.timedelta(days=9),
            valid_to=now - datetime.timedelta(days=1) if state == "expired" else None,
        )
        if state == "revoked":
            d.revoked_at = now
            d.save()
    integration_api.on_behalf_of = DEMO_ORGNR
    r = integration_api.get("me/")
    assert r.status_code == 403
    assert problem(r)["code"] == "on_behalf_of_not_delegated"


def test_schema_and_docs_need_neither_header_nor_token(db):
    client = Api(None, None)
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
