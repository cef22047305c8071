"""Access-token validation: every bad token of issue 3 is refused with its code, good tokens say who is calling."""

import base64
import hashlib
import hmac
import json
import logging
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from django.utils import translation

from api import tokens
from api.issuers import TrustedIssuer
from api.tokens import InsufficientScope, IssuerUnavailable, TokenError, validate_access_token

from .helpers import (
    CONSUMER_ORGNR,
    IDPORTEN_ISSUER,
    MASKINPORTEN_ISSUER,
    PERSON_PID,
    SUPPLIER_ORGNR,
    call_api,
    error_code,
    idporten_claims,
    maskinporten_claims,
    sign,
)

pytestmark = pytest.mark.usefixtures("issuer_settings")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def refused(token: str) -> str:
    """The code of the `TokenError` the token gets (fails the test when it is accepted)."""
    with pytest.raises(TokenError) as info:
        validate_access_token(token)
    return info.value.code


def test_maskinporten_token_accepted_with_consumer_supplier_and_delegation(rsa_keys):
    claims = maskinporten_claims(
        scope="ks:fiks ks",
        supplier={"authority": "iso6523-actorid-upis", "ID": f"0192:{SUPPLIER_ORGNR}"},
        delegation_source="https://tt02.altinn.no/",
    )
    token = validate_access_token(sign(claims, rsa_keys["k1"]))
    assert token.kind == "maskinporten"
    assert token.consumer_orgnr == CONSUMER_ORGNR
    assert token.supplier_orgnr == SUPPLIER_ORGNR
    assert token.delegation_source == "https://tt02.altinn.no/"
    assert token.scopes == ("ks:fiks", "ks")
    assert token.client_id == claims["client_id"]
    assert token.jti == claims["jti"]
    assert token.pid is None
    assert token.audit_facts()["supplier"] == SUPPLIER_ORGNR


def test_idporten_token_accepted_with_pid(rsa_keys):
    token = validate_access_token(sign(idporten_claims(), rsa_keys["k1"]))
    assert (token.kind, token.pid, token.consumer_orgnr) == ("idporten", PERSON_PID, CONSUMER_ORGNR)


def test_es256_accepted_only_when_the_issuer_allows_it(monkeypatch, jwks_server, rsa_keys, ec_key):
    jwks_server.keys = [rsa_keys["k1"].public_jwk, ec_key.public_jwk]
    token = sign(maskinporten_claims(), ec_key, alg="ES256")
    assert refused(token) == "algorithm_not_allowed"  # custom issuers allow RS256 only

    es256_issuer = TrustedIssuer(issuer=MASKINPORTEN_ISSUER, jwks_url=jwks_server.url, kind="maskinporten",
                                 algorithms=("RS256", "ES256"))
    monkeypatch.setattr(tokens, "issuer_for", lambda iss: es256_issuer if iss == MASKINPORTEN_ISSUER else None)
    assert validate_access_token(token).consumer_orgnr == CONSUMER_ORGNR
    # An RSA key may not verify an ES256 token, even under the EC key's kid.
    assert refused(sign(maskinporten_claims(), rsa_keys["k1"], alg="RS256", headers={"kid": "e1"})) == "unknown_key"


def test_alg_none_refused(rsa_keys):
    header = b64(json.dumps({"alg": "none", "kid": "k1", "typ": "JWT"}).encode())
    payload = b64(json.dumps(maskinporten_claims()).encode())
    assert refused(f"{header}.{payload}.") == "algorithm_not_allowed"
    assert refused(jwt.encode(maskinporten_claims(), None, algorithm="none", headers={"kid": "k1"})) == \
        "algorithm_not_allowed"


def test_hs256_signed_with_the_issuers_public_key_refused(rsa_keys):
    pem = rsa_keys["k1"].private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = b64(json.dumps({"alg": "HS256", "kid": "k1", "typ": "JWT"}).encode())
    payload = b64(json.dumps(maskinporten_claims()).encode())
    signature = b64(hmac.new(pem, f"{header}.{payload}".encode(), hashlib.sha256).digest())
    assert refused(f"{header}.{payload}.{signature}") == "algorithm_not_allowed"


def test_unknown_kid_refused(rsa_keys):
    assert refused(sign(maskinporten_claims(), rsa_keys["k2"])) == "unknown_key"


def test_missing_kid_refused(rsa_keys):
    token = jwt.encode(maskinporten_claims(), rsa_keys["k1"].private, algorithm="RS256")
    assert refused(token) == "unknown_key"


def test_signature_by_another_key_under_a_published_kid_refused(rsa_keys):
    forged = sign(maskinporten_claims(), rsa_keys["k2"], headers={"kid": "k1"})
    assert refused(forged) == "bad_signature"


def test_changed_payload_refused(rsa_keys):
    header, _payload, signature = sign(maskinporten_claims(), rsa_keys["k1"]).split(".")
    payload = b64(json.dumps(maskinporten_claims(scope="ks admin")).encode())
    assert refused(f"{header}.{payload}.{signature}") == "bad_signature"


@pytest.mark.parametrize("name,value", [
    ("jku", "https://attacker.example/jwks.json"),
    ("x5u", "https://attacker.example/cert.pem"),
    ("x5c", ["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"]),
    ("jwk", {"kty": "RSA", "n": "abc", "e": "AQAB"}),
    ("crit", ["exp"]),
])
def test_key_location_and_crit_headers_refused(rsa_keys, name, value):
    token = sign(maskinporten_claims(), rsa_keys["k1"], headers={name: value})
    assert refused(token) == "forbidden_header"


def test_expired_refused_but_within_leeway_accepted(rsa_keys):
    now = int(time.time())
    assert refused(sign(maskinporten_claims(iat=now - 600, exp=now - 31), rsa_keys["k1"])) == "token_expired"
    assert validate_access_token(sign(maskinporten_claims(iat=now - 600, exp=now - 10), rsa_keys["k1"]))


@pytest.mark.parametrize("claim", ["nbf", "iat"])
def test_nbf_or_iat_in_the_future_beyond_leeway_refused(rsa_keys, claim):
    now = int(time.time())
    assert refused(sign(maskinporten_claims(**{claim: now + 120}), rsa_keys["k1"])) == "token_not_yet_valid"
    assert validate_access_token(sign(maskinporten_claims(**{claim: now + 10}), rsa_keys["k1"]))


@pytest.mark.parametrize("claim", ["exp", "iat"])
def test_missing_exp_or_iat_refused(rsa_keys, claim):
    assert refused(sign(maskinporten_claims(**{claim: None}), rsa_keys["k1"])) == "missing_claim"


def test_missing_iss_refused(rsa_keys):
    assert refused(sign(maskinporten_claims(iss=None), rsa_keys["k1"])) == "missing_claim"


@pytest.mark.parametrize("iss", [
    MASKINPORTEN_ISSUER.rstrip("/"),  # Maskinporten's issuer has a trailing slash
    IDPORTEN_ISSUER + "/",  # ID-porten's has none
    "https://test.maskinporten.no/evil",  # a trusted issuer as prefix
    "https://test.maskinporten.no.attacker.example/",
    "HTTPS://TEST.MASKINPORTEN.NO/",
    " https://test.maskinporten.no/",
    "https://maskinporten.no/",  # a real issuer, but not configured here
])
def test_issuer_must_match_exactly(rsa_keys, iss):
    assert refused(sign(maskinporten_claims(iss=iss), rsa_keys["k1"])) == "unknown_issuer"


def test_audience_checked_when_configured(settings, rsa_keys):
    settings.API_AUDIENCE = "https://konfig.example/api"
    assert refused(sign(maskinporten_claims(aud="unspecified"), rsa_keys["k1"])) == "wrong_audience"
    assert refused(sign(maskinporten_claims(aud=None), rsa_keys["k1"])) == "missing_claim"
    good = sign(maskinporten_claims(aud="https://konfig.example/api"), rsa_keys["k1"])
    assert validate_access_token(good).consumer_orgnr == CONSUMER_ORGNR


def test_audience_not_required_when_not_configured(rsa_keys):
    assert validate_access_token(sign(maskinporten_claims(aud=None), rsa_keys["k1"]))
    assert validate_access_token(sign(maskinporten_claims(aud="unspecified"), rsa_keys["k1"]))


@pytest.mark.parametrize("scope", [None, "", "ksx", "ks:fiks", "xks", "ks,fiks", "KS", "openid ks:fiks"])
def test_required_scope_must_be_a_whole_token(rsa_keys, scope):
    with pytest.raises(InsufficientScope) as info:
        validate_access_token(sign(maskinporten_claims(scope=scope), rsa_keys["k1"]))
    assert info.value.code == "insufficient_scope"


def test_configured_scope_ks_fiks_accepted(settings, rsa_keys):
    settings.API_REQUIRED_SCOPE = "ks:fiks"
    token = validate_access_token(sign(maskinporten_claims(scope="ks:fiks"), rsa_keys["k1"]))
    assert "ks:fiks" in token.scopes
    with pytest.raises(InsufficientScope):
        validate_access_token(sign(maskinporten_claims(scope="ks"), rsa_keys["k1"]))


def test_scope_that_is_not_a_string_refused(rsa_keys):
    assert refused(sign(maskinporten_claims(scope=["ks"]), rsa_keys["k1"])) == "invalid_claim"


def test_id_token_refused(rsa_keys):
    now = int(time.time())
    id_token = {"iss": IDPORTEN_ISSUER, "aud": "my_client", "sub": "pairwise", "pid": PERSON_PID,
                "acr": "idporten-loa-substantial", "amr": ["TestID"], "nonce": "n-0S6_WzA2Mj", "locale": "nb",
                "auth_time": now, "iat": now, "exp": now + 120, "jti": "K8kMQM_1zc0"}
    assert refused(sign(id_token, rsa_keys["k1"])) == "id_token_not_accepted"
    # Even with a scope added, the nonce gives it away.
    assert refused(sign(id_token | {"scope": "ks", "client_id": "my_client"}, rsa_keys["k1"])) == \
        "id_token_not_accepted"


@pytest.mark.parametrize("token", [
    "not-a-jwt",
    "opaque-token-0123456789abcdef",
    "a.b",
    "a.b.c.d",
    "eyJhbGciOiJSUzI1NiJ9.e30.sig=",
    "eyJhbGciOiJSUzI1NiJ9.e30.s+g/",
    "!!!!.e30.c2ln",
    "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.bm90IGpzb24.c2ln",  # payload is base64 of "not json"
    "bm90IGpzb24.e30.c2ln",  # header is not JSON
    "W10.e30.c2ln",  # header is a JSON list
    "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.A.c2ln",  # one base64 character cannot be decoded
    "ey\u00e6.e30.c2ln",
])
def test_malformed_tokens_refused(token):
    assert refused(token) == "token_malformed"


def test_malformed_base64_refused_with_token_malformed():
    assert refused("eyJhbGciOiJSUzI1NiJ9.e30.sig=") == "token_malformed"
    assert refused("!!!!.e30.c2ln") == "token_malformed"
    assert refused("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.A.c2ln") == "token_malformed"


def test_token_over_8_kib_refused(rsa_keys):
    big = sign(maskinporten_claims(padding="x" * 9000), rsa_keys["k1"])
    assert len(big) > 8192
    assert refused(big) == "token_too_large"
    assert refused("a" * 100_000) == "token_too_large"


@pytest.mark.parametrize("consumer", [
    "0192:910753614",  # a string, not an object
    {"authority": "iso6523-actorid-upis", "ID": "0192:910753615"},  # wrong check digit
    {"authority": "iso6523-actorid-upis", "ID": "0192:91075361"},  # 8 digits
    {"authority": "iso6523-actorid-upis", "ID": "0192:910753614:1"},  # more colon parts
    {"authority": "iso6523-actorid-upis", "ID": "0088:910753614"},  # another identifier scheme
    {"authority": "something-else", "ID": "0192:910753614"},
    {"authority": "iso6523-actorid-upis", "ID": "0192: 910753614"},
    {"authority": "iso6523-actorid-upis", "ID": "0192:９１０７５３６１４"},  # non-ASCII digits
    {"authority": "iso6523-actorid-upis", "ID": "0192:000000000"},
    {"authority": "iso6523-actorid-upis", "ID": 192910753614},
    {"authority": "iso6523-actorid-upis"},
])
def test_malformed_consumer_refused(rsa_keys, consumer):
    assert refused(sign(maskinporten_claims(consumer=consumer), rsa_keys["k1"])) == "invalid_consumer"


def test_maskinporten_token_without_consumer_refused(rsa_keys):
    assert refused(sign(maskinporten_claims(consumer=None), rsa_keys["k1"])) == "missing_claim"


def test_malformed_supplier_is_ignored_not_trusted(rsa_keys):
    claims = maskinporten_claims(supplier={"authority": "iso6523-actorid-upis", "ID": "0192:123"})
    assert validate_access_token(sign(claims, rsa_keys["k1"])).supplier_orgnr is None


def test_idporten_token_with_invalid_pid_refused(rsa_keys):
    assert refused(sign(idporten_claims(pid="21879498013"), rsa_keys["k1"])) == "invalid_pid"
    assert refused(sign(idporten_claims(pid=21879498012), rsa_keys["k1"])) == "invalid_pid"


def test_idporten_token_without_pid_or_consumer_refused(rsa_keys):
    assert refused(sign(idporten_claims(pid=None, consumer=None), rsa_keys["k1"])) == "missing_claim"


def test_synthetic_pid_refused_outside_test_environments(settings, rsa_keys):
    settings.PORTAL_TEST_ENVIRONMENT = False
    assert refused(sign(idporten_claims(), rsa_keys["k1"])) == "invalid_pid"


# --- through the API's authentication: status codes and the Bearer challenge ------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("make,code", [
    (lambda k: sign(maskinporten_claims(iat=int(time.time()) - 7200, exp=int(time.time()) - 3600), k["k1"]),
     "token_expired"),
    (lambda k: sign(maskinporten_claims(), k["k1"], headers={"jku": "https://attacker.example/"}),
     "forbidden_header"),
    (lambda k: sign(maskinporten_claims(iss="https://test.maskinporten.no"), k["k1"]), "unknown_issuer"),
    (lambda k: sign(maskinporten_claims(), k["k3"]), "unknown_key"),
    (lambda k: "opaque-access-token", "token_malformed"),
])
def test_bad_tokens_get_401_with_invalid_token_challenge(rsa_keys, make, code):
    response = call_api(make(rsa_keys))
    assert response.status_code == 401
    assert error_code(response) == code
    assert response["WWW-Authenticate"].startswith("Bearer ")
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


@pytest.mark.django_db
def test_valid_token_without_scope_gets_403_insufficient_scope(rsa_keys):
    response = call_api(sign(maskinporten_claims(scope="ksx"), rsa_keys["k1"]))
    assert response.status_code == 403
    assert error_code(response) == "insufficient_scope"
    assert 'error="insufficient_scope"' in response["WWW-Authenticate"]
    assert 'scope="ks"' in response["WWW-Authenticate"]


# --- Audience by default (issue 9, item 12) -------------------------------------------------------------------

def _outside_development_mode(settings, monkeypatch):
    # The loopback JWKS server is plain http, which only development mode accepts when parsing the issuers:
    # parse them first, then leave development mode.
    issuer = tokens.issuer_for(MASKINPORTEN_ISSUER)
    monkeypatch.setattr(tokens, "issuer_for", lambda iss: issuer if iss == MASKINPORTEN_ISSUER else None)
    settings.PORTAL_DEVELOPMENT_MODE = False


def test_outside_development_mode_a_token_is_refused_until_an_audience_is_configured(settings, rsa_keys,
                                                                                     monkeypatch):
    _outside_development_mode(settings, monkeypatch)
    other_api = sign(maskinporten_claims(aud="https://another-api.example"), rsa_keys["k1"])
    with pytest.raises(IssuerUnavailable) as info:
        validate_access_token(other_api)
    assert info.value.code == "audience_not_configured"

    settings.API_AUDIENCE = "https://konfig.example/api"
    assert refused(other_api) == "wrong_audience"
    assert validate_access_token(sign(maskinporten_claims(aud="https://konfig.example/api"), rsa_keys["k1"]))


@pytest.mark.django_db
def test_without_an_audience_outside_development_mode_the_api_answers_503_and_says_why(settings, rsa_keys,
                                                                                      monkeypatch, caplog):
    """No audience configured and the check on: every token is refused with 503 (not accepted, not a 401 that
    blames the client), the problem names the missing audience, and the log tells the operator what to set."""
    _outside_development_mode(settings, monkeypatch)
    with translation.override("nb"):
        response = call_api(sign(maskinporten_claims(aud="https://konfig.example/api"), rsa_keys["k1"]))
    assert response.status_code == 503
    assert error_code(response) == "audience_not_configured"
    assert response.data["detail"] == (
        "API-et er ikke satt opp med en mottaker (aud) for tilgangstokener. Kontakt driftsansvarlig."
    )
    assert ("api.tokens", logging.ERROR,
            "API token refused: no audience configured (set API_AUDIENCE or API_AUDIENCE_CHECK=off)") in \
        caplog.record_tuples


def test_audience_check_off_is_an_explicit_opt_out(settings, rsa_keys, monkeypatch):
    _outside_development_mode(settings, monkeypatch)
    settings.API_AUDIENCE_CHECK = "off"
    assert validate_access_token(sign(maskinporten_claims(aud="https://another-api.example"), rsa_keys["k1"]))
