"""No repeated work per request (issue 6 item 4) without accepting more than before (issue 6 "Bad input"), and a
signing key replaced under the same `kid` (issue 9 item 10), for the API's tokens and the login's id_token."""

import logging
import time

import jwt
import pytest
from django.core.cache import cache

from api import jwks, tokens
from api.tokens import TokenError, validate_access_token
from authz.lru import BoundedCache
from idporten import backends

from .helpers import IDPORTEN_ISSUER, SigningKey, maskinporten_claims, sign

pytestmark = pytest.mark.usefixtures("issuer_settings")


@pytest.fixture
def decode_counter(monkeypatch):
    """Counts signature verifications (PyJWT's decode as called by api/tokens.py)."""
    calls = []
    real = tokens.jwt.decode

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(tokens.jwt, "decode", counting)
    return calls


def refused(token: str) -> str:
    with pytest.raises(TokenError) as info:
        validate_access_token(token)
    return info.value.code


def same_kid(key: SigningKey, kid: str) -> SigningKey:
    """`key`'s key material published (and used to sign) under another `kid`."""
    return SigningKey(kid=kid, private=key.private, public_jwk=key.public_jwk | {"kid": kid})


def test_a_valid_token_is_verified_once_while_it_is_valid(jwks_server, rsa_keys, decode_counter):
    token = sign(maskinporten_claims(), rsa_keys["k1"])
    for _ in range(5):
        assert validate_access_token(token).consumer_orgnr
    assert len(decode_counter) == 1
    assert jwks_server.requests == 1
    validate_access_token(sign(maskinporten_claims(), rsa_keys["k1"]))  # another token is verified on its own
    assert len(decode_counter) == 2


def test_refused_tokens_are_not_remembered(rsa_keys, decode_counter):
    forged = sign(maskinporten_claims(), rsa_keys["k2"], headers={"kid": "k1"})
    assert refused(forged) == "bad_signature"
    assert refused(forged) == "bad_signature"


def test_a_remembered_token_is_refused_a_second_after_its_exp(settings, rsa_keys):
    settings.API_CLOCK_LEEWAY_SECONDS = 0
    exp = int(time.time()) + 2
    token = sign(maskinporten_claims(exp=exp), rsa_keys["k1"])
    assert validate_access_token(token)
    assert validate_access_token(token)
    time.sleep(max(0.0, exp + 1 - time.time()))
    assert refused(token) == "token_expired"


def test_a_token_of_an_issuer_no_longer_trusted_is_refused(settings, jwks_server, rsa_keys):
    token = sign(maskinporten_claims(), rsa_keys["k1"])
    assert validate_access_token(token)
    settings.API_CUSTOM_ISSUERS = [f"idporten|{IDPORTEN_ISSUER}|{jwks_server.url}"]  # Maskinporten removed
    assert refused(token) == "unknown_issuer"


def test_a_changed_audience_or_scope_applies_to_remembered_tokens(settings, rsa_keys):
    token = sign(maskinporten_claims(), rsa_keys["k1"])
    assert validate_access_token(token)
    settings.API_AUDIENCE = "https://konfig.example.no"
    assert refused(token) == "wrong_audience"
    settings.API_AUDIENCE = ""
    settings.API_REQUIRED_SCOPE = "ks:fiks"
    with pytest.raises(tokens.InsufficientScope):
        validate_access_token(token)


def test_the_memory_of_verified_tokens_is_bounded(monkeypatch, rsa_keys, decode_counter):
    monkeypatch.setattr(tokens, "_verified", BoundedCache(2))
    first, second, third = (sign(maskinporten_claims(), rsa_keys["k1"]) for _ in range(3))
    for token in (first, second, third):
        validate_access_token(token)
    assert len(tokens._verified) == 2
    validate_access_token(first)  # forgotten (least recently used), so verified again
    assert len(decode_counter) == 4
    assert tokens.MAX_VERIFIED_TOKENS <= 10_000 and jwks.MAX_LOCAL_KEYS <= 1000


def test_signing_keys_are_held_as_key_objects(jwks_server, rsa_keys, monkeypatch):
    built = []
    real = jwt.PyJWK

    def counting(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(tokens.jwt, "PyJWK", counting)
    for _ in range(3):
        validate_access_token(sign(maskinporten_claims(), rsa_keys["k1"]))
    assert len(built) == 1 and jwks_server.requests == 1


def test_a_key_replaced_under_the_same_kid_is_fetched_again(settings, jwks_server, rsa_keys, caplog):
    caplog.set_level(logging.INFO, logger="api.tokens")
    settings.API_JWKS_REFRESH_MIN_SECONDS = 60
    assert validate_access_token(sign(maskinporten_claims(), rsa_keys["k1"]))
    issuer = tokens.issuer_for("https://test.maskinporten.no/")
    cache.delete(jwks._cache_key(issuer, ":attempt"))  # the rate-limit window of the first fetch has passed
    replacement = same_kid(rsa_keys["k2"], "k1")
    jwks_server.publish(replacement)
    assert validate_access_token(sign(maskinporten_claims(), replacement)).consumer_orgnr
    assert jwks_server.requests == 2
    # Operators see which key of which issuer was replaced.
    assert ("api.tokens", logging.INFO,
            "Signing key 'k1' of https://test.maskinporten.no/ was replaced; verifying with the new key") in \
        caplog.record_tuples
    # The replaced key is gone: a token signed with it is refused (the remembered key object was replaced).
    assert refused(sign(maskinporten_claims(), rsa_keys["k1"])) == "bad_signature"
    # A second replacement within the rate-limit window is not fetched: refused, no request to the issuer.
    jwks_server.publish(same_kid(rsa_keys["k3"], "k1"))
    assert refused(sign(maskinporten_claims(), same_kid(rsa_keys["k3"], "k1"))) == "bad_signature"
    assert jwks_server.requests == 2


def test_a_replacement_fetched_by_another_app_server_is_taken_from_the_shared_cache(settings, jwks_server, rsa_keys):
    settings.API_JWKS_REFRESH_MIN_SECONDS = 60
    assert validate_access_token(sign(maskinporten_claims(), rsa_keys["k1"]))
    replacement = same_kid(rsa_keys["k2"], "k1")
    issuer = tokens.issuer_for("https://test.maskinporten.no/")
    # Another app server fetched the new JWKS into the shared cache (and used up the rate limit).
    cache.set(jwks._cache_key(issuer), {"keys": {"k1": replacement.public_jwk}, "fetched_at": time.time()})
    jwks_server.publish(replacement)
    assert validate_access_token(sign(maskinporten_claims(), replacement)).consumer_orgnr
    assert jwks_server.requests == 1  # no fetch of our own


# --- the login's id_token ----------------------------------------------------------------------------------


@pytest.fixture
def login_backend(settings, jwks_server):
    settings.OIDC_OP_JWKS_ENDPOINT = jwks_server.url
    settings.OIDC_OP_ISSUER = "https://test.idporten.no"
    settings.OIDC_RP_CLIENT_ID = "portal-client"
    settings.API_JWKS_REFRESH_MIN_SECONDS = 60
    backends._jwks_clients.clear()
    backends._jwks_generations.clear()
    yield backends.IDPortenBackend()
    backends._jwks_clients.clear()
    backends._jwks_generations.clear()


def id_token(key: SigningKey) -> str:
    now = int(time.time())
    claims = {"iss": "https://test.idporten.no", "aud": "portal-client", "sub": "pairwise", "nonce": "n-1",
              "pid": "21879498012", "acr": "idporten-loa-substantial", "iat": now, "exp": now + 120}
    return sign(claims, key)


def test_login_id_token_key_replaced_under_the_same_kid_is_fetched_again(login_backend, jwks_server, rsa_keys):
    assert login_backend.verify_token(id_token(rsa_keys["k1"]), nonce="n-1")["sub"] == "pairwise"
    replacement = same_kid(rsa_keys["k2"], "k1")
    jwks_server.publish(replacement)
    before = jwks_server.requests
    assert login_backend.verify_token(id_token(replacement), nonce="n-1")["sub"] == "pairwise"
    assert jwks_server.requests == before + 1
    # Within the rate-limit window a forged id_token causes no further fetch and is refused.
    with pytest.raises(backends.IDPortenLoginError) as info:
        login_backend.verify_token(id_token(same_kid(rsa_keys["k3"], "k1")), nonce="n-1")
    assert info.value.reason == "invalid_token"
    assert jwks_server.requests == before + 1


def test_login_refetch_by_another_app_server_lets_this_one_refetch(login_backend, jwks_server, rsa_keys):
    assert login_backend.verify_token(id_token(rsa_keys["k1"]), nonce="n-1")
    replacement = same_kid(rsa_keys["k2"], "k1")
    jwks_server.publish(replacement)
    assert login_backend.verify_token(id_token(replacement), nonce="n-1")  # this server refetched
    # Another process (its own keys, same shared cache) still holds the old key: it follows the shared
    # generation and refetches although the rate limit is used up.
    backends._jwks_clients.clear()
    backends._jwks_generations.clear()
    jwks_server.publish(rsa_keys["k1"])
    assert login_backend.verify_token(id_token(rsa_keys["k1"]), nonce="n-1")
    jwks_server.publish(replacement)
    assert login_backend.verify_token(id_token(replacement), nonce="n-1")
