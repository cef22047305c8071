"""JWKS fetched over real HTTP from a loopback server: rotation, outages, slowness, the refresh rate limit."""

import time

import pytest

from api.tokens import IssuerUnavailable, TokenError, validate_access_token

from .helpers import CONSUMER_ORGNR, call_api, error_code, maskinporten_claims, sign

pytestmark = pytest.mark.usefixtures("issuer_settings")


def test_keys_are_fetched_once_and_cached(jwks_server, rsa_keys):
    for _ in range(3):
        assert validate_access_token(sign(maskinporten_claims(), rsa_keys["k1"])).consumer_orgnr == CONSUMER_ORGNR
    assert jwks_server.requests == 1


def test_key_rotation_new_kid_accepted_and_retired_key_refused_after_refresh(jwks_server, rsa_keys):
    old_token = sign(maskinporten_claims(), rsa_keys["k1"])
    assert validate_access_token(old_token)
    assert jwks_server.requests == 1

    # The issuer rotates: k2 published, k1 retired. A token signed with k2 makes us refresh and accept it.
    jwks_server.publish(rsa_keys["k2"])
    assert validate_access_token(sign(maskinporten_claims(), rsa_keys["k2"])).consumer_orgnr == CONSUMER_ORGNR
    assert jwks_server.requests == 2

    # The cache has been refreshed, so the retired k1 is no longer trusted.
    with pytest.raises(TokenError) as info:
        validate_access_token(old_token)
    assert info.value.code == "unknown_key"


def test_retired_key_refused_once_the_cache_lifetime_has_passed(settings, jwks_server, rsa_keys):
    settings.API_JWKS_CACHE_SECONDS = 1
    old_token = sign(maskinporten_claims(), rsa_keys["k1"])
    assert validate_access_token(old_token)
    jwks_server.publish(rsa_keys["k2"])
    assert validate_access_token(old_token)  # still fresh in the cache
    time.sleep(1.1)
    with pytest.raises(TokenError) as info:
        validate_access_token(old_token)
    assert info.value.code == "unknown_key"
    assert jwks_server.requests == 2


@pytest.mark.parametrize("outage", ["error", "stopped"])
def test_jwks_down_with_keys_cached_still_works(settings, jwks_server, rsa_keys, outage):
    settings.API_JWKS_CACHE_SECONDS = 1
    token = sign(maskinporten_claims(), rsa_keys["k1"])
    assert validate_access_token(token)
    if outage == "error":
        jwks_server.mode = "error"
    else:
        jwks_server.go_down()
    time.sleep(1.1)  # the cached keys are stale now, so the next request tries (and fails) to refresh them
    assert validate_access_token(token).consumer_orgnr == CONSUMER_ORGNR
    assert validate_access_token(token).consumer_orgnr == CONSUMER_ORGNR


@pytest.mark.django_db
def test_jwks_down_with_no_keys_cached_answers_503(jwks_server, rsa_keys):
    jwks_server.mode = "error"
    with pytest.raises(IssuerUnavailable):
        validate_access_token(sign(maskinporten_claims(), rsa_keys["k1"]))
    response = call_api(sign(maskinporten_claims(), rsa_keys["k1"]))
    assert response.status_code == 503
    assert error_code(response) == "issuer_unavailable"


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["slow", "trickle"])
def test_slow_jwks_endpoint_bounded_by_the_timeout(settings, jwks_server, rsa_keys, mode):
    settings.API_JWKS_TIMEOUT_SECONDS = 1.0
    jwks_server.mode = mode
    started = time.monotonic()
    response = call_api(sign(maskinporten_claims(), rsa_keys["k1"]))
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert error_code(response) == "issuer_unavailable"
    assert elapsed < 4, f"waited {elapsed:.1f} s for a JWKS with a 1 s timeout"


def test_unknown_kid_refreshes_are_rate_limited(settings, jwks_server, rsa_keys):
    settings.API_JWKS_REFRESH_MIN_SECONDS = 60
    assert validate_access_token(sign(maskinporten_claims(), rsa_keys["k1"]))
    assert jwks_server.requests == 1
    # The first fetch also started the rate-limit window, so random kids do not reach the issuer.
    for kid in ("a", "b", "c", "d", "e"):
        with pytest.raises(TokenError) as info:
            validate_access_token(sign(maskinporten_claims(), rsa_keys["k2"], headers={"kid": kid}))
        assert info.value.code == "unknown_key"
    assert jwks_server.requests == 1
    # Known keys keep working meanwhile.
    assert validate_access_token(sign(maskinporten_claims(), rsa_keys["k1"]))


def test_unknown_kid_triggers_at_most_one_refresh_per_window(settings, jwks_server, rsa_keys):
    settings.API_JWKS_REFRESH_MIN_SECONDS = 1
    assert validate_access_token(sign(maskinporten_claims(), rsa_keys["k1"]))
    time.sleep(1.1)
    jwks_server.publish(rsa_keys["k1"], rsa_keys["k2"])
    for _ in range(5):
        assert validate_access_token(sign(maskinporten_claims(), rsa_keys["k2"]))
        with pytest.raises(TokenError):
            validate_access_token(sign(maskinporten_claims(), rsa_keys["k3"]))
    assert jwks_server.requests == 2


def test_failed_fetches_are_rate_limited_too(settings, jwks_server, rsa_keys):
    settings.API_JWKS_REFRESH_MIN_SECONDS = 60
    jwks_server.mode = "error"
    for _ in range(4):
        with pytest.raises(IssuerUnavailable):
            validate_access_token(sign(maskinporten_claims(), rsa_keys["k1"]))
    assert jwks_server.requests == 1


@pytest.mark.parametrize("document", [b"not json", b"[]", b'{"keys": {}}', b"\xff\xfe"])
def test_broken_jwks_document_counts_as_unavailable(jwks_server, rsa_keys, document):
    jwks_server.raw_body = document
    with pytest.raises(IssuerUnavailable):
        validate_access_token(sign(maskinporten_claims(), rsa_keys["k1"]))


def test_duplicate_kid_in_jwks_is_not_trusted(jwks_server, rsa_keys):
    jwks_server.keys = [rsa_keys["k1"].public_jwk, rsa_keys["k2"].public_jwk | {"kid": "k1"}]
    with pytest.raises(TokenError) as info:
        validate_access_token(sign(maskinporten_claims(), rsa_keys["k1"]))
    assert info.value.code == "unknown_key"


def test_encryption_keys_are_not_used_for_signatures(jwks_server, rsa_keys):
    jwks_server.keys = [rsa_keys["k1"].public_jwk | {"use": "enc"}]
    with pytest.raises(TokenError) as info:
        validate_access_token(sign(maskinporten_claims(), rsa_keys["k1"]))
    assert info.value.code == "unknown_key"


def test_slow_jwks_with_stale_keys_cached_still_works_within_the_timeout(settings, jwks_server, rsa_keys):
    settings.API_JWKS_CACHE_SECONDS = 1
    token = sign(maskinporten_claims(), rsa_keys["k1"])
    assert validate_access_token(token)
    time.sleep(1.1)
    jwks_server.mode = "slow"
    started = time.monotonic()
    assert validate_access_token(token).consumer_orgnr == CONSUMER_ORGNR
    assert time.monotonic() - started < 4
