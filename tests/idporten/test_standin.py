"""The ID-porten stand-in by itself: PKCE S256 enforced, nonce, id_token shape, end_session, where it may run."""

import base64
import hashlib
import secrets
import socket
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from django.core.exceptions import ImproperlyConfigured

from idporten.management.commands._standin import start_configured_standin
from idporten.standin import start_standin
from tests.conftest import DEMO_ADMIN_PID

from .conftest import choose_person, failure_page, logged_in_user, login

REDIRECT_URI = "http://127.0.0.1:9/callback"  # never contacted: the tests read the redirect's Location


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return verifier, challenge


def _authorize_params(challenge: str | None, **extra) -> dict:
    params = {"response_type": "code", "client_id": "some-client", "redirect_uri": REDIRECT_URI,
              "scope": "openid profile", "state": secrets.token_urlsafe(16), "nonce": secrets.token_urlsafe(16),
              "acr_values": "idporten-loa-substantial", "ui_locales": "en"}
    if challenge:
        params |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    return params | extra


def _code_for(base_url: str, params: dict, label: str = "Kari Nordmann") -> dict:
    """Log in on the stand-in's page; return the query of its redirect back to the client."""
    page = requests.get(base_url + "/oauth2/authorize", params=params)
    assert page.status_code == 200
    answer = requests.post(page.url, data={"sub": choose_person(page, label)}, allow_redirects=False)
    assert answer.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlsplit(answer.headers["Location"]).query).items()}


def _token(base_url: str, code: str, verifier: str | None) -> requests.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
            "client_id": "some-client", "client_secret": "any"}
    if verifier is not None:
        data["code_verifier"] = verifier
    return requests.post(base_url + "/oauth2/token", data=data)


def test_id_token_looks_like_id_portens(standin):
    base_url, _stop = standin
    verifier, challenge = _pkce()
    params = _authorize_params(challenge)
    response = _code_for(base_url, params)
    assert response["state"] == params["state"] and response["iss"] == base_url

    token = _token(base_url, response["code"], verifier)
    assert token.status_code == 200
    id_token = token.json()["id_token"]
    header = jwt.get_unverified_header(id_token)
    key = jwt.PyJWKClient(base_url + "/jwks").get_signing_key(header["kid"]).key
    claims = jwt.decode(id_token, key, algorithms=["RS256"], audience="some-client", issuer=base_url)
    assert claims["pid"] == DEMO_ADMIN_PID and claims["sub"] != DEMO_ADMIN_PID
    assert claims["aud"] == "some-client"
    assert claims["acr"] == "idporten-loa-substantial" and claims["amr"] == ["TestID"]
    assert claims["locale"] == "en" and claims["nonce"] == params["nonce"]
    assert claims["exp"] - claims["iat"] == 120


def test_authorization_request_without_s256_pkce_is_refused(standin):
    base_url, _stop = standin
    _verifier, challenge = _pkce()
    for params in (_authorize_params(None), _authorize_params(challenge, code_challenge_method="plain")):
        answer = requests.get(base_url + "/oauth2/authorize", params=params, allow_redirects=False)
        assert answer.status_code in (302, 400)
        if answer.status_code == 302:
            assert parse_qs(urlsplit(answer.headers["Location"]).query)["error"] == ["invalid_request"]
        assert "Velg testperson" not in answer.text


def test_reused_nonce_is_refused(standin):
    base_url, _stop = standin
    _verifier, challenge = _pkce()
    params = _authorize_params(challenge)
    _code_for(base_url, params)
    again = requests.get(base_url + "/oauth2/authorize", params=params | {"state": "another-state-value"},
                         allow_redirects=False)
    assert "Velg testperson" not in again.text
    assert again.status_code in (302, 400)


def test_token_request_without_the_verifier_is_rejected(portal, standin):
    # The portal's own login: the code is taken from the browser before it reaches the portal.
    session = requests.Session()
    attempt = login(session, portal, "Kari Nordmann", deliver=False)
    code = parse_qs(urlsplit(attempt.callback_url).query)["code"][0]
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": portal + "/oidc/callback/",
            "client_id": "konfigurasjonsportalen-dev", "client_secret": "dev-secret"}

    without = requests.post(standin[0] + "/oauth2/token", data=data)
    assert without.status_code == 400 and without.json()["error"] == "invalid_request"
    wrong = requests.post(standin[0] + "/oauth2/token", data=data | {"code_verifier": "x" * 43})
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"

    # Only the portal, which holds the verifier, can use the code.
    assert session.get(attempt.callback_url, allow_redirects=False).headers["Location"] == "/"
    assert logged_in_user(session).person.pid == DEMO_ADMIN_PID


def test_end_session_needs_a_valid_id_token_hint(standin):
    base_url, _stop = standin
    answer = requests.get(base_url + "/oauth2/end_session",
                          params={"id_token_hint": "not-a-token", "post_logout_redirect_uri": "http://127.0.0.1:9/"},
                          allow_redirects=False)
    assert answer.status_code == 400 and "Ugyldig utlogging" in answer.text


def test_discovery_document_describes_an_id_porten_like_provider(standin):
    base_url, _stop = standin
    doc = requests.get(base_url + "/.well-known/openid-configuration").json()
    assert doc["issuer"] == base_url
    assert doc["code_challenge_methods_supported"] == ["S256"]
    assert doc["authorization_response_iss_parameter_supported"] is True
    assert doc["end_session_endpoint"] == base_url + "/oauth2/end_session"


def test_standin_refuses_to_run_outside_development_mode(settings):
    settings.PORTAL_DEVELOPMENT_MODE = False
    with pytest.raises(ImproperlyConfigured):
        start_standin()


def test_standin_listens_only_on_loopback():
    with pytest.raises(ImproperlyConfigured):
        start_standin(host="0.0.0.0")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_development_standin_accepts_only_the_configured_client(live_server, settings):
    # What `manage.py rundev` / `idporten_standin` start: the stand-in at IDPORTEN_STANDIN_URL, knowing the client.
    settings.IDPORTEN_STANDIN_URL = f"http://127.0.0.1:{_free_port()}"
    settings.IDPORTEN_ENVIRONMENT = "local"
    for name in ("OIDC_OP_ISSUER", "OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT",
                 "OIDC_OP_JWKS_ENDPOINT", "OIDC_OP_LOGOUT_ENDPOINT"):
        setattr(settings, name, "")
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "konfigurasjonsportalen-dev", "dev-secret"
    base_url, stop = start_configured_standin()
    try:
        assert base_url == settings.IDPORTEN_STANDIN_URL
        session = requests.Session()
        assert login(session, live_server.url, "Kari Nordmann").callback_response.headers["Location"] == "/"

        settings.OIDC_RP_CLIENT_SECRET = "wrong-secret"
        session = requests.Session()
        page = failure_page(session, login(session, live_server.url, "Kari Nordmann").callback_response,
                            live_server.url)
        assert "ID-porten avviste innloggingen" in page.text
    finally:
        stop()


def test_every_page_of_the_standin_answers_without_a_server_error(standin):
    """Issue 9 item 13: the address `./dev run` prints, and the mock's other pages, never answer 500."""
    base_url, _stop = standin
    home = requests.get(base_url + "/")
    assert home.status_code == 200
    assert "Kari Nordmann" in home.text and "ID-porten (lokal etterligning)" in home.text
    assert "21879498012" not in home.text  # identity numbers masked here too
    assert requests.get(base_url + "/.well-known/openid-configuration").status_code == 200
    # A malformed authorization request (no client): the mock's error page, in the stand-in's own template.
    bad = requests.get(base_url + "/oauth2/authorize")
    assert bad.status_code == 400 and "Ugyldig forespørsel" in bad.text
    confirm = requests.post(base_url + "/oauth2/end_session/confirm")
    assert confirm.status_code == 200 and "Du er logget ut" in confirm.text
    assert requests.get(base_url + "/no-such-page").status_code == 404
