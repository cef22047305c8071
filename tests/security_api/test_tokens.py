"""Access-token edge cases found by breaking the API: each a 401 problem, never a 500."""

from __future__ import annotations

import base64
import json
import time

import pytest

from api.devissuer import MASKINPORTEN_ISSUER, mint_token, private_key, public_jwk
from tests.api.conftest import Api, problem
from tests.conftest import VENDOR_ORGNR


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _signed(header_json: str, payload_json: str) -> str:
    """A compact RS256 JWS of the exact JSON texts given, signed with the development issuer's key."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    signing_input = f"{_b64(header_json.encode())}.{_b64(payload_json.encode())}"
    signature = private_key().sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{_b64(signature)}"


def _claims_json() -> str:
    now = int(time.time())
    return json.dumps({
        "iss": MASKINPORTEN_ISSUER, "client_id": "c", "scope": "ks", "iat": now, "exp": now + 300,
        "consumer": {"authority": "iso6523-actorid-upis", "ID": f"0192:{VENDOR_ORGNR}"},
    })


def _header_json(**extra) -> str:
    return json.dumps({"alg": "RS256", "kid": public_jwk()["kid"], **extra})


@pytest.mark.django_db
@pytest.mark.parametrize("part", ["payload", "header"])
def test_deeply_nested_json_in_the_token_is_401_not_500(part):
    # About 1500 levels fit in a token under 8 KiB; Python's JSON decoder gives up with RecursionError.
    deep = "[" * 1500 + "]" * 1500
    if part == "payload":
        token = _signed(_header_json(), _claims_json()[:-1] + f', "x": {deep}}}')
    else:
        token = _signed(_header_json()[:-1] + f', "x": {deep}}}', _claims_json())
    assert len(token) <= 8 * 1024
    r = Api(token, VENDOR_ORGNR).get("me/")
    assert r.status_code == 401
    assert problem(r)["code"] == "token_malformed"
    assert r["WWW-Authenticate"].startswith('Bearer realm="api", error="invalid_token"')


@pytest.mark.django_db
@pytest.mark.parametrize("claim, value", [
    ("exp", str(int(time.time()) + 3600)),
    ("iat", str(int(time.time()))),
    ("nbf", str(int(time.time()) - 10)),
    ("iat", True),
], ids=["exp-string", "iat-string", "nbf-string", "iat-boolean"])
def test_dates_that_are_not_json_numbers_are_refused(claim, value):
    token = mint_token(orgnr=VENDOR_ORGNR, extra={claim: value})
    r = Api(token, VENDOR_ORGNR).get("me/")
    assert r.status_code == 401
    body = problem(r)
    assert body["code"] == "invalid_claim"
    assert claim in body["detail"]


@pytest.mark.django_db
def test_numeric_dates_as_floats_are_still_accepted():
    now = time.time()
    token = mint_token(orgnr=VENDOR_ORGNR, extra={"iat": now, "exp": now + 300.5})
    assert Api(token, VENDOR_ORGNR).get("me/").status_code == 200
