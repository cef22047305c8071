"""Access-token rules at their edges: audience per issuer, the issuer's keys, who the caller is, size limits.

Each test asserts the verdict (accepted with these facts, or refused with this code and 401/403).
"""

import base64
import json
import logging
import time

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils import translation
from jwt.algorithms import RSAAlgorithm

from api import tokens
from api.issuers import TrustedIssuer
from api.tokens import MAX_TOKEN_BYTES, AccessToken, InsufficientScope, TokenError, validate_access_token

from .helpers import (
    CONSUMER_ORGNR,
    IDPORTEN_ISSUER,
    MASKINPORTEN_ISSUER,
    PERSON_PID,
    SUPPLIER_ORGNR,
    SigningKey,
    call_api,
    error_code,
    idporten_claims,
    maskinporten_claims,
    sign,
)

pytestmark = pytest.mark.usefixtures("issuer_settings")
AUDIENCE = "https://konfig.example/api"


@pytest.fixture(autouse=True)
def _norwegian():
    """Messages are asserted in bokmål, the portal's language, whatever an earlier test left active."""
    with translation.override("nb"):
        yield


def refused(token: str) -> TokenError:
    """The `TokenError` the token gets (fails the test when it is accepted)."""
    with pytest.raises(TokenError) as info:
        validate_access_token(token)
    return info.value


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _rsa_key(kid: str, bits: int = 2048, **jwk_fields) -> SigningKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    jwk = RSAAlgorithm.to_jwk(private.public_key(), as_dict=True) | {"kid": kid, "use": "sig"} | jwk_fields
    return SigningKey(kid=kid, private=private, public_jwk=jwk)


# Audience: the one configured for the API, else the trusted issuer's own


@pytest.fixture
def issuer_audience(settings, jwks_server):
    """The Maskinporten-like issuer configured with its own audience (the 4th part of API_CUSTOM_ISSUERS)."""
    settings.API_CUSTOM_ISSUERS = [
        f"maskinporten|{MASKINPORTEN_ISSUER}|{jwks_server.url}|{AUDIENCE}",
        f"idporten|{IDPORTEN_ISSUER}|{jwks_server.url}",
    ]
    return settings


def test_audience_configured_on_the_issuer_is_required(issuer_audience, rsa_keys):
    wrong = refused(sign(maskinporten_claims(aud="unspecified"), rsa_keys["k1"]))
    assert wrong.code == "wrong_audience"
    assert refused(sign(maskinporten_claims(aud=None), rsa_keys["k1"])).code == "missing_claim"
    assert validate_access_token(sign(maskinporten_claims(aud=AUDIENCE), rsa_keys["k1"])).consumer_orgnr == \
        CONSUMER_ORGNR


def test_audience_configured_on_the_issuer_gives_401_through_the_api(issuer_audience, rsa_keys, db):
    response = call_api(sign(maskinporten_claims(aud="unspecified"), rsa_keys["k1"]))
    assert response.status_code == 401
    assert error_code(response) == "wrong_audience"


def test_audience_of_one_issuer_is_not_required_of_another(issuer_audience, rsa_keys):
    token = validate_access_token(sign(idporten_claims(aud="unspecified"), rsa_keys["k1"]))
    assert token.pid == PERSON_PID


def test_api_audience_setting_takes_precedence_over_the_issuers(issuer_audience, rsa_keys):
    issuer_audience.API_AUDIENCE = "https://portal.example/api"
    assert refused(sign(maskinporten_claims(aud=AUDIENCE), rsa_keys["k1"])).code == "wrong_audience"
    token = validate_access_token(sign(maskinporten_claims(aud="https://portal.example/api"), rsa_keys["k1"]))
    assert token.consumer_orgnr == CONSUMER_ORGNR


def test_audience_in_a_list_is_accepted_when_it_contains_the_configured_one(issuer_audience, rsa_keys):
    token = validate_access_token(sign(maskinporten_claims(aud=["other", AUDIENCE]), rsa_keys["k1"]))
    assert token.consumer_orgnr == CONSUMER_ORGNR


# The issuer's key: strength, algorithm, key type


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_rsa_key_under_2048_bits_refused(jwks_server, rsa_keys):
    weak = _rsa_key("weak", bits=1024, alg="RS256")
    jwks_server.publish(rsa_keys["k1"], weak)
    error = refused(sign(maskinporten_claims(), weak))
    assert error.code == "unknown_key"
    assert "for svak" in error.detail


def test_rsa_key_of_exactly_2048_bits_accepted(jwks_server):
    key = _rsa_key("exact", bits=2048, alg="RS256")
    jwks_server.publish(key)
    assert validate_access_token(sign(maskinporten_claims(), key)).consumer_orgnr == CONSUMER_ORGNR


def test_jwk_whose_own_alg_differs_from_the_tokens_refused(jwks_server):
    key = _rsa_key("ps", alg="PS256")
    jwks_server.publish(key)
    error = refused(sign(maskinporten_claims(), key, alg="RS256"))
    assert error.code == "unknown_key"
    assert "passer ikke" in error.detail


def test_jwk_without_alg_accepted_for_an_allowed_algorithm(jwks_server):
    key = _rsa_key("no-alg")
    assert "alg" not in key.public_jwk
    jwks_server.publish(key)
    assert validate_access_token(sign(maskinporten_claims(), key)).consumer_orgnr == CONSUMER_ORGNR


def test_rsa_token_under_an_ec_keys_kid_refused(jwks_server, ec_key, rsa_keys):
    jwks_server.publish(ec_key)
    forged = sign(maskinporten_claims(), rsa_keys["k1"], headers={"kid": ec_key.kid})
    error = refused(forged)
    assert error.code == "unknown_key"
    assert "passer ikke" in error.detail


def test_jwk_that_cannot_be_used_refused(jwks_server, rsa_keys):
    broken = {name: value for name, value in rsa_keys["k1"].public_jwk.items() if name != "e"}
    jwks_server.keys = [broken]
    error = refused(sign(maskinporten_claims(), rsa_keys["k1"]))
    assert error.code == "unknown_key"
    assert "kan ikke brukes" in error.detail


# The `kid` header: 256 characters at most


def test_kid_of_256_characters_accepted(jwks_server):
    key = _rsa_key("k" * 256, alg="RS256")
    jwks_server.publish(key)
    assert validate_access_token(sign(maskinporten_claims(), key)).consumer_orgnr == CONSUMER_ORGNR


def test_kid_of_257_characters_refused_even_when_published(jwks_server):
    key = _rsa_key("k" * 257, alg="RS256")
    jwks_server.publish(key)
    assert jwks_server.requests == 0
    error = refused(sign(maskinporten_claims(), key))
    assert error.code == "unknown_key"
    assert jwks_server.requests == 0  # refused before any key was fetched


@pytest.mark.parametrize("kid", ["", 7, None, ["k1"]])
def test_kid_that_is_empty_or_not_a_string_refused(rsa_keys, jwks_server, kid):
    _header, payload, signature = sign(maskinporten_claims(), rsa_keys["k1"]).split(".")
    header = b64(json.dumps({"alg": "RS256", "typ": "JWT", "kid": kid}).encode())
    error = refused(f"{header}.{payload}.{signature}")
    assert error.code == "unknown_key"
    assert "nøkkel-id" in error.detail


# Size: 8 KiB at most


def _token_of_length(length: int, key: SigningKey) -> str:
    """A valid signed token exactly `length` characters long (padding claim and header field adjusted)."""
    for extra in range(4):
        for pad in range(length):
            token = sign(maskinporten_claims(padding="x" * pad), key, headers={"x": "y" * extra})
            if len(token) >= length:
                break
        if len(token) == length:
            return token
    raise AssertionError(f"no token of length {length}")


def test_token_of_exactly_8_kib_accepted(rsa_keys):
    token = _token_of_length(MAX_TOKEN_BYTES, rsa_keys["k1"])
    assert len(token) == 8192
    assert validate_access_token(token).consumer_orgnr == CONSUMER_ORGNR


def test_token_one_byte_over_8_kib_refused(rsa_keys):
    token = _token_of_length(MAX_TOKEN_BYTES + 1, rsa_keys["k1"])
    error = refused(token)
    assert error.code == "token_too_large"
    assert "8192 byte" in error.detail


def test_token_under_8_kib_characters_but_over_8_kib_bytes_refused_as_too_large():
    token = "æ" * 4097  # 4097 characters, 8194 bytes in UTF-8
    assert refused(token).code == "token_too_large"


@pytest.mark.parametrize("token", ["", None, 42])
def test_missing_token_refused(token):
    error = refused(token)
    assert error.code == "token_malformed"
    assert error.detail == "Tilgangstoken mangler."


def test_token_without_signature_refused(rsa_keys):
    header, payload, _signature = sign(maskinporten_claims(), rsa_keys["k1"]).split(".")
    error = refused(f"{header}.{payload}.")
    assert error.code == "token_malformed"
    assert "ingen signatur" in error.detail


# Who is calling: ID-porten's pid or consumer, Maskinporten's consumer


def test_idporten_token_with_pid_and_no_consumer_accepted(rsa_keys):
    token = validate_access_token(sign(idporten_claims(consumer=None), rsa_keys["k1"]))
    assert (token.kind, token.pid, token.consumer_orgnr) == ("idporten", PERSON_PID, None)


def test_idporten_token_with_pid_and_no_consumer_is_the_person_through_the_api(rsa_keys, db):
    response = call_api(sign(idporten_claims(consumer=None), rsa_keys["k1"]))
    assert response.status_code == 200
    assert response.data["kind"] == "person"
    assert response.data["party"] == PERSON_PID


def test_idporten_token_with_consumer_and_no_pid_accepted(rsa_keys):
    token = validate_access_token(sign(idporten_claims(pid=None), rsa_keys["k1"]))
    assert (token.pid, token.consumer_orgnr) == (None, CONSUMER_ORGNR)


def test_idporten_token_with_pid_that_is_not_a_string_refused(rsa_keys):
    error = refused(sign(idporten_claims(pid=["21879498012"]), rsa_keys["k1"]))
    assert error.code == "invalid_pid"


def test_maskinporten_token_ignores_a_pid_claim(rsa_keys):
    token = validate_access_token(sign(maskinporten_claims(pid=PERSON_PID), rsa_keys["k1"]))
    assert (token.kind, token.pid, token.consumer_orgnr) == ("maskinporten", None, CONSUMER_ORGNR)


def test_maskinporten_token_with_pid_but_no_consumer_refused(rsa_keys):
    error = refused(sign(maskinporten_claims(pid=PERSON_PID, consumer=None), rsa_keys["k1"]))
    assert error.code == "missing_claim"
    assert "consumer" in error.detail


def test_consumer_without_authority_accepted(rsa_keys):
    token = validate_access_token(sign(maskinporten_claims(consumer={"ID": f"0192:{CONSUMER_ORGNR}"}), rsa_keys["k1"]))
    assert token.consumer_orgnr == CONSUMER_ORGNR


def test_token_without_consumer_and_pid_names_both(rsa_keys):
    error = refused(sign(idporten_claims(pid=None, consumer=None), rsa_keys["k1"]))
    assert error.code == "missing_claim"
    assert "pid" in error.detail and "consumer" in error.detail


# Access token, not id_token


@pytest.mark.parametrize("claim", ["nonce", "at_hash", "c_hash"])
def test_token_with_an_id_token_claim_refused(rsa_keys, claim):
    assert refused(sign(idporten_claims(**{claim: "abc"}), rsa_keys["k1"])).code == "id_token_not_accepted"


def test_token_without_client_id_refused_as_id_token(rsa_keys):
    assert refused(sign(maskinporten_claims(client_id=None), rsa_keys["k1"])).code == "id_token_not_accepted"


# Claims' types and lengths


def test_client_id_of_500_characters_accepted_501_refused(rsa_keys):
    token = validate_access_token(sign(maskinporten_claims(client_id="c" * 500), rsa_keys["k1"]))
    assert token.client_id == "c" * 500
    error = refused(sign(maskinporten_claims(client_id="c" * 501), rsa_keys["k1"]))
    assert error.code == "invalid_claim"
    assert "client_id" in error.detail and "500" in error.detail


@pytest.mark.parametrize("claim", ["client_id", "jti", "delegation_source"])
def test_text_claims_that_are_not_strings_refused(rsa_keys, claim):
    assert refused(sign(maskinporten_claims(**{claim: 12345}), rsa_keys["k1"])).code == "invalid_claim"


def test_scope_with_repeated_spaces_gives_only_the_scopes(rsa_keys):
    token = validate_access_token(sign(maskinporten_claims(scope="  openid   ks "), rsa_keys["k1"]))
    assert token.scopes == ("openid", "ks")


def test_token_without_jti_has_no_token_id_in_the_audit_facts(rsa_keys):
    token = validate_access_token(sign(maskinporten_claims(jti=None), rsa_keys["k1"]))
    assert token.jti is None
    assert token.audit_facts() == {"token_issuer": MASKINPORTEN_ISSUER, "client_id": token.client_id}


def test_audit_facts_name_supplier_and_delegation_source_but_never_the_pid(rsa_keys):
    claims = idporten_claims(supplier={"authority": "iso6523-actorid-upis", "ID": f"0192:{SUPPLIER_ORGNR}"},
                             delegation_source="https://tt02.altinn.no/")
    facts = validate_access_token(sign(claims, rsa_keys["k1"])).audit_facts()
    assert facts == {"token_issuer": IDPORTEN_ISSUER, "client_id": "portal-client", "token_jti": claims["jti"],
                     "supplier": SUPPLIER_ORGNR, "delegation_source": "https://tt02.altinn.no/"}
    assert PERSON_PID not in str(facts)


# Scope


def test_required_scope_empty_means_no_scope_is_required(settings, rsa_keys):
    settings.API_REQUIRED_SCOPE = ""
    assert validate_access_token(sign(maskinporten_claims(scope=None), rsa_keys["k1"])).scopes == ()


def test_missing_scope_message_names_the_scope(rsa_keys):
    with pytest.raises(InsufficientScope) as info:
        validate_access_token(sign(maskinporten_claims(scope="openid"), rsa_keys["k1"]))
    assert "«ks»" in info.value.detail


# Time claims within the leeway


def test_expiry_just_inside_the_leeway_accepted_just_outside_refused(settings, rsa_keys):
    settings.API_CLOCK_LEEWAY_SECONDS = 30
    now = int(time.time())
    assert validate_access_token(sign(maskinporten_claims(iat=now - 600, exp=now - 25), rsa_keys["k1"]))
    assert refused(sign(maskinporten_claims(iat=now - 600, exp=now - 40), rsa_keys["k1"])).code == "token_expired"


@pytest.mark.parametrize("scope", ["openid\tks", "openid\nks", "ks\u00a0openid", "openid\u3000ks"])
def test_scope_separated_by_anything_but_a_space_does_not_hold_the_required_scope(rsa_keys, scope):
    # RFC 6749 §3.3: scope tokens are separated by the space character (%x20) only; "openid<TAB>ks" is one token.
    with pytest.raises(InsufficientScope) as info:
        validate_access_token(sign(maskinporten_claims(scope=scope), rsa_keys["k1"]))
    assert info.value.code == "insufficient_scope"


@pytest.mark.django_db
def test_scope_separated_by_a_tab_gets_403_through_the_api(rsa_keys):
    response = call_api(sign(maskinporten_claims(scope="openid\tks"), rsa_keys["k1"]))
    assert response.status_code == 403
    assert error_code(response) == "insufficient_scope"


def test_audit_facts_leave_out_what_the_token_does_not_say():
    # Audit events record only facts the token carries: no client id or token id that it lacks, never a stand-in.
    issuer = TrustedIssuer(issuer=MASKINPORTEN_ISSUER, jwks_url="https://maskinporten.example/jwk",
                           kind="maskinporten")
    token = AccessToken(claims={}, issuer=issuer, kind="maskinporten", scopes=("ks",), pid=None,
                        consumer_orgnr=CONSUMER_ORGNR, supplier_orgnr=None, delegation_source=None, client_id=None,
                        jti=None)
    assert token.audit_facts() == {"token_issuer": MASKINPORTEN_ISSUER}



def test_a_key_used_for_one_algorithm_is_not_reused_for_another(monkeypatch, jwks_server):
    # An issuer allowing RS256 and PS256; the key's JWK says RS256. Once it has verified an RS256 token, a PS256
    # token under the same kid is still refused: the remembered key object is per algorithm.
    key = _rsa_key("rs", alg="RS256")
    jwks_server.publish(key)
    issuer = TrustedIssuer(issuer=MASKINPORTEN_ISSUER, jwks_url=jwks_server.url, kind="maskinporten",
                           algorithms=("RS256", "PS256"))
    monkeypatch.setattr(tokens, "issuer_for", lambda iss: issuer if iss == MASKINPORTEN_ISSUER else None)
    assert validate_access_token(sign(maskinporten_claims(), key)).consumer_orgnr == CONSUMER_ORGNR
    error = refused(sign(maskinporten_claims(), key, alg="PS256"))
    assert error.code == "unknown_key"
    assert error.detail == "Utstederens nøkkel med denne kid passer ikke tokenets algoritme."


@pytest.mark.parametrize("token", ["\ud800", "eyJhbGciOiJSUzI1NiJ9.\udcff.c2ln", "a.b.c\udfff"])
def test_token_with_a_lone_surrogate_refused_as_malformed(token):
    # Not UTF-8-encodable text is refused like any other malformed token, never an unexpected exception (500).
    assert refused(token).code == "token_malformed"


def test_unusable_jwk_is_logged_with_its_kid_and_jwks_url(jwks_server, rsa_keys, caplog):
    jwks_server.keys = [{name: value for name, value in rsa_keys["k1"].public_jwk.items() if name != "e"}]
    assert refused(sign(maskinporten_claims(), rsa_keys["k1"])).code == "unknown_key"
    assert ("api.tokens", logging.WARNING, f"Unusable JWK 'k1' from {jwks_server.url}") in caplog.record_tuples
