"""Every 503 answer says when to retry (issue 9 item 13): `Retry-After` on the API's problem documents."""

import pytest

from .helpers import call_api, error_code, maskinporten_claims, sign

pytestmark = pytest.mark.usefixtures("issuer_settings")


@pytest.mark.django_db
@pytest.mark.parametrize("refresh_seconds, expected", [(60, "60"), (0, "1")])
def test_issuer_unavailable_503_carries_retry_after(settings, jwks_server, rsa_keys, refresh_seconds, expected):
    settings.API_JWKS_REFRESH_MIN_SECONDS = refresh_seconds
    jwks_server.mode = "error"
    response = call_api(sign(maskinporten_claims(), rsa_keys["k1"]))
    assert response.status_code == 503
    assert error_code(response) == "issuer_unavailable"
    assert response["Retry-After"] == expected
