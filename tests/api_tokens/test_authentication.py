"""The API's DRF authentication: Bearer parsing, who the caller is, the integration headers."""

import pytest

from authz.models import Person
from integrations.models import Integration
from integrations.services import integration_create, integration_password_rotate
from tests.conftest import VENDOR_ORGNR

from .helpers import (
    CONSUMER_ORGNR,
    PERSON_PID,
    SUPPLIER_ORGNR,
    call_api,
    error_code,
    idporten_claims,
    maskinporten_claims,
    sign,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("issuer_settings")]


def test_maskinporten_caller_is_the_consumer_organization(rsa_keys):
    claims = maskinporten_claims(
        supplier={"authority": "iso6523-actorid-upis", "ID": f"0192:{SUPPLIER_ORGNR}"},
        delegation_source="https://tt02.altinn.no/",
    )
    response = call_api(sign(claims, rsa_keys["k1"]))
    assert response.status_code == 200
    assert response.data["kind"] == "organization"
    assert response.data["party"] == CONSUMER_ORGNR
    assert response.data["audit"]["supplier"] == SUPPLIER_ORGNR
    assert response.data["audit"]["delegation_source"] == "https://tt02.altinn.no/"
    assert response.data["audit"]["token_jti"] == claims["jti"]


def test_idporten_caller_is_the_person_and_a_read_writes_nothing(rsa_keys):
    response = call_api(sign(idporten_claims(), rsa_keys["k1"]))
    assert response.status_code == 200
    assert response.data["kind"] == "person"
    assert response.data["party"] == PERSON_PID
    assert not Person.objects.filter(pid=PERSON_PID).exists()  # no writes on GET (issue 6 item 4)


@pytest.mark.django_db(transaction=True)
def test_idporten_token_without_pid_names_no_caller(rsa_keys):
    response = call_api(sign(idporten_claims(pid=None), rsa_keys["k1"]))
    assert response.status_code == 401
    assert error_code(response) == "missing_claim"
    assert Person.objects.count() == 0


def test_no_authorization_header_gets_401_with_bearer_challenge():
    response = call_api()
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("authorization", [
    "Basic dXNlcjpwYXNz",
    "Token abc.def.ghi",
    "Bearer",
    "Bearer ",
    "Bearer  two-spaces",
    "Bearer a.b.c extra",
    "",
])
def test_other_schemes_and_malformed_authorization_get_401(authorization):
    response = call_api(authorization=authorization)
    assert response.status_code == 401
    assert error_code(response) in {"token_missing_bearer", "token_malformed"}
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_bearer_scheme_is_case_insensitive(rsa_keys):
    response = call_api(authorization="bearer " + sign(maskinporten_claims(), rsa_keys["k1"]))
    assert response.status_code == 200


def test_opaque_token_gets_a_clear_401():
    response = call_api("2YotnFZFEjr1zCsicMWpAA")
    assert response.status_code == 401
    assert error_code(response) == "token_malformed"
    assert "opaque" in str(response.data)


# --- IntegrasjonId + IntegrasjonPassord ---------------------------------------------------------------------


@pytest.fixture
def integration_with_password(admin_ctx, demo_org):
    """An active integration of Demo kommune authorized for VENDOR_ORGNR, and its password."""
    integration = integration_create(admin_ctx, organization=demo_org, name="Sakssystem",
                                     authorized_orgnr=VENDOR_ORGNR)
    return integration, integration_password_rotate(admin_ctx, integration=integration)


def vendor_token(rsa_keys, orgnr=VENDOR_ORGNR):
    return sign(maskinporten_claims(consumer={"authority": "iso6523-actorid-upis", "ID": f"0192:{orgnr}"}),
                rsa_keys["k1"])


@pytest.mark.parametrize("password_form", ["{}", "  {}  ", "\t{}"])
def test_integration_headers_make_the_integration_the_caller(rsa_keys, integration_with_password, password_form):
    integration, password = integration_with_password
    response = call_api(vendor_token(rsa_keys), IntegrasjonId=str(integration.pk),
                        IntegrasjonPassord=password_form.format(password))
    assert response.status_code == 200
    assert response.data["kind"] == "integration"
    assert response.data["principal"] == f"integration:{integration.pk}"


def _deactivate(integration):
    Integration.objects.filter(pk=integration.pk).update(is_active=False)


@pytest.mark.parametrize("case", [
    "wrong_password", "wrong_orgnr", "unknown_id", "not_a_uuid", "inactive", "only_id", "only_password",
    "empty_password", "huge_password",
])
def test_any_integration_header_mismatch_gets_the_same_401(rsa_keys, integration_with_password, case):
    integration, password = integration_with_password
    token = vendor_token(rsa_keys)
    headers = {"IntegrasjonId": str(integration.pk), "IntegrasjonPassord": password}
    if case == "wrong_password":
        headers["IntegrasjonPassord"] = password[:-1] + ("A" if password[-1] != "A" else "B")
    elif case == "wrong_orgnr":
        token = vendor_token(rsa_keys, orgnr=SUPPLIER_ORGNR)
    elif case == "unknown_id":
        headers["IntegrasjonId"] = "6f1c7c1e-4d1e-4f0e-9a55-0c6b1d3f2a10"
    elif case == "not_a_uuid":
        headers["IntegrasjonId"] = "Sakssystem"
    elif case == "inactive":
        _deactivate(integration)
    elif case == "only_id":
        del headers["IntegrasjonPassord"]
    elif case == "only_password":
        del headers["IntegrasjonId"]
    elif case == "empty_password":
        headers["IntegrasjonPassord"] = ""
    elif case == "huge_password":
        headers["IntegrasjonPassord"] = password + "x" * 10_000
    response = call_api(token, **headers)
    assert response.status_code == 401
    assert error_code(response) == "integration_authentication_failed"
    assert str(response.data.get("detail", "")) == "Integrasjonen kunne ikke autentiseres."
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_integration_headers_with_an_idporten_token_need_the_consumer_to_match(rsa_keys, integration_with_password):
    integration, password = integration_with_password
    token = sign(idporten_claims(consumer={"authority": "iso6523-actorid-upis", "ID": f"0192:{VENDOR_ORGNR}"}),
                 rsa_keys["k1"])
    response = call_api(token, IntegrasjonId=str(integration.pk), IntegrasjonPassord=password)
    assert response.status_code == 200
    assert response.data["kind"] == "integration"


def test_integration_headers_do_not_rescue_a_bad_token(rsa_keys, integration_with_password):
    integration, password = integration_with_password
    response = call_api(sign(maskinporten_claims(), rsa_keys["k3"]), IntegrasjonId=str(integration.pk),
                        IntegrasjonPassord=password)
    assert response.status_code == 401
    assert error_code(response) == "unknown_key"
