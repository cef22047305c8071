"""Claim sanity (issue 9 item 9): absurd lifetimes and numeric claims are refused, through the API too.

Every place a token's time claims are read: `exp`, `iat`, `nbf` in `validate_access_token` (before PyJWT, which
would otherwise accept `exp: 1e300` and crash on `Infinity`), and the development issuer's `mint_token`, which
may not mint what the API refuses.
"""

import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from api.devissuer import mint_token
from api.tokens import MAX_NUMERIC_DATE, TokenError, check_time_claims, validate_access_token

from .helpers import call_api, error_code, idporten_claims, maskinporten_claims, sign

pytestmark = pytest.mark.usefixtures("issuer_settings")

YEAR = 365 * 24 * 3600


def refused(token: str) -> str:
    with pytest.raises(TokenError) as info:
        validate_access_token(token)
    return info.value.code


def test_exp_1e300_refused_with_401(rsa_keys):
    response = call_api(sign(maskinporten_claims(exp=1e300), rsa_keys["k1"]))
    assert response.status_code == 401
    assert error_code(response) == "invalid_claim"
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


@pytest.mark.parametrize("exp", [float("inf"), float("-inf"), float("nan"), 2**64, -1, 253402300800])
def test_non_finite_or_out_of_range_exp_refused(rsa_keys, exp):
    assert refused(sign(maskinporten_claims(exp=exp), rsa_keys["k1"])) == "invalid_claim"


@pytest.mark.parametrize("claim", ["iat", "nbf"])
@pytest.mark.parametrize("value", [float("inf"), float("nan"), -5, 10**20, "1700000000", True, None])
def test_iat_and_nbf_must_be_sane_numbers(rsa_keys, claim, value):
    claims = maskinporten_claims()
    claims[claim] = value  # None: JSON null, present but not a number
    assert refused(sign(claims, rsa_keys["k1"])) == "invalid_claim"


@pytest.mark.parametrize("years", [1, 10])
def test_exp_years_ahead_refused_as_too_long_lived(rsa_keys, years):
    now = int(time.time())
    token = sign(maskinporten_claims(iat=now, exp=now + years * YEAR), rsa_keys["k1"])
    assert refused(token) == "token_lifetime_too_long"


def test_old_iat_with_far_exp_refused(rsa_keys):
    # A token "issued" long ago that still has minutes left has lived far longer than any real one.
    now = int(time.time())
    assert refused(sign(maskinporten_claims(iat=now - 30 * 24 * 3600, exp=now + 60), rsa_keys["k1"])) == (
        "token_lifetime_too_long"
    )


def test_lifetime_limit_is_configurable_and_inclusive(settings, rsa_keys):
    settings.API_MAX_TOKEN_LIFETIME_SECONDS = 600
    now = int(time.time())
    assert validate_access_token(sign(idporten_claims(iat=now, exp=now + 600), rsa_keys["k1"]))
    assert refused(sign(idporten_claims(iat=now, exp=now + 601), rsa_keys["k1"])) == "token_lifetime_too_long"


def test_default_limit_accepts_real_lifetimes_and_refuses_a_day(rsa_keys):
    now = int(time.time())
    assert validate_access_token(sign(maskinporten_claims(iat=now, exp=now + 2 * 3600), rsa_keys["k1"]))
    assert refused(sign(maskinporten_claims(iat=now, exp=now + 24 * 3600), rsa_keys["k1"])) == (
        "token_lifetime_too_long"
    )


def test_exp_not_after_iat_refused(rsa_keys):
    now = int(time.time())
    assert refused(sign(maskinporten_claims(iat=now, exp=now), rsa_keys["k1"])) == "invalid_claim"


def test_nbf_after_exp_refused(rsa_keys):
    now = int(time.time())
    assert refused(sign(maskinporten_claims(iat=now, nbf=now + 20, exp=now + 10), rsa_keys["k1"])) == (
        "invalid_claim"
    )


def test_fractional_numeric_dates_accepted(rsa_keys):
    # RFC 7519 NumericDate allows fractions; a sane one is not refused.
    now = time.time()
    assert validate_access_token(sign(maskinporten_claims(iat=now, nbf=now, exp=now + 60.5), rsa_keys["k1"]))


def test_development_issuer_does_not_mint_what_the_api_refuses(settings):
    settings.API_MAX_TOKEN_LIFETIME_SECONDS = 600
    with pytest.raises(ValidationError):
        mint_token(orgnr="910753614", lifetime=601)


def test_time_claims_at_their_bounds_are_sane():
    # The bounds are inclusive: 1970-01-01 (0) and the last second of year 9999; `nbf` may equal `exp`.
    check_time_claims({"exp": MAX_NUMERIC_DATE, "iat": MAX_NUMERIC_DATE - 60}, max_lifetime=600)
    check_time_claims({"nbf": 0, "iat": 0, "exp": 60}, max_lifetime=600)
    check_time_claims({"nbf": 1_700_000_060, "iat": 1_700_000_000, "exp": 1_700_000_060}, max_lifetime=600)
    with pytest.raises(TokenError):
        check_time_claims({"exp": MAX_NUMERIC_DATE + 1}, max_lifetime=600)


def test_nbf_of_1970_accepted(rsa_keys):
    assert validate_access_token(sign(maskinporten_claims(nbf=0), rsa_keys["k1"])).consumer_orgnr


def test_nbf_equal_to_exp_accepted(rsa_keys):
    now = int(time.time())
    assert validate_access_token(sign(maskinporten_claims(iat=now, nbf=now + 10, exp=now + 10), rsa_keys["k1"]))


@pytest.mark.parametrize("missing", ["exp", "iat"])
def test_a_claim_that_is_not_a_date_is_named_even_when_another_is_missing(rsa_keys, missing):
    # Every time claim present is checked, whichever of the others is absent: the client learns what is wrong.
    claims = maskinporten_claims(**{missing: None})
    claims["nbf"] = "1700000000"
    with translation.override("nb"), pytest.raises(TokenError) as info:
        validate_access_token(sign(claims, rsa_keys["k1"]))
    assert (info.value.code, info.value.detail) == ("invalid_claim",
                                                    "Claimet «nbf» må være et tall (sekunder siden 1970).")


def test_iat_in_the_future_beyond_the_leeway_refused(settings, rsa_keys):
    settings.API_CLOCK_LEEWAY_SECONDS = 30
    now = int(time.time())
    assert refused(sign(maskinporten_claims(iat=now + 600, exp=now + 1200), rsa_keys["k1"])) == "token_not_yet_valid"
    assert validate_access_token(sign(maskinporten_claims(iat=now + 20, exp=now + 600), rsa_keys["k1"]))


@pytest.mark.parametrize("claim", ["exp", "iat"])
def test_token_without_exp_or_iat_refused(rsa_keys, claim):
    with translation.override("nb"), pytest.raises(TokenError) as info:
        validate_access_token(sign(maskinporten_claims(**{claim: None}), rsa_keys["k1"]))
    assert info.value.code == "missing_claim"
    assert f"«{claim}»" in info.value.detail
