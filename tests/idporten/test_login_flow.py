"""Login with ID-porten end to end: the portal on a live server, the stand-in over HTTP, a browser-like session."""

import logging
import re
import socket
import threading
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests

from authz.models import Person, User
from idporten.standin import start_standin
from tests.conftest import DEMO_ADMIN_PID, OTHER_ADMIN_PID

from .conftest import failure_page, logged_in_user, login, server_log_text, start_login, submit_choice

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_as_a_demo_person_logs_in_that_person_without_showing_the_full_pid(portal, standin, all_logs):
    session = requests.Session()
    attempt = login(session, portal, "Kari Nordmann", next_url="/")

    assert attempt.callback_response.status_code == 302
    assert attempt.callback_response.headers["Location"] == "/"
    user = logged_in_user(session)
    assert user is not None and user.person.pid == DEMO_ADMIN_PID
    assert user.username == f"idporten-{user.person.pk}"
    assert (user.first_name, user.last_name) == ("Kari", "Nordmann")

    home = session.get(portal + "/")
    assert home.status_code == 200
    assert "218794*****" in home.text
    assert DEMO_ADMIN_PID not in home.text
    assert DEMO_ADMIN_PID not in server_log_text(all_logs)
    assert "ID-porten login: person 218794*****" in all_logs.text


def test_authorization_request_carries_pkce_s256_state_nonce_acr_and_locale(portal, standin):
    session = requests.Session()
    session.cookies.set("django_language", "en")
    request = login(session, portal, "Kari Nordmann").authorization_request

    assert request["code_challenge_method"] == "S256"
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", request["code_challenge"])
    assert len(request["state"]) >= 32 and len(request["nonce"]) >= 32
    assert request["acr_values"] == "idporten-loa-substantial"
    assert request["ui_locales"] == "en"
    assert request["redirect_uri"] == portal + "/oidc/callback/"
    assert request["client_id"] == "konfigurasjonsportalen-dev"


def test_two_logins_of_the_same_person_share_one_user(portal, standin):
    for _ in range(2):
        assert login(requests.Session(), portal, "Ola Testvik").callback_response.status_code == 302
    assert Person.objects.filter(pid=OTHER_ADMIN_PID).count() == 1
    assert User.objects.filter(person__pid=OTHER_ADMIN_PID).count() == 1


def test_next_must_be_a_local_url(portal, standin):
    session = requests.Session()
    attempt = login(session, portal, "Kari Nordmann", next_url="https://evil.example/steal")
    assert attempt.callback_response.headers["Location"] == "/"


def test_login_without_pid_is_refused_with_a_friendly_page(portal, standin, all_logs):
    session = requests.Session()
    attempt = login(session, portal, "Ellen E-post")

    page = failure_page(session, attempt.callback_response, portal)
    assert "Innlogging uten fødselsnummer gir ikke tilgang" in page.text
    assert logged_in_user(session) is None
    assert not User.objects.exists()
    assert "login failed (no_pid)" in all_logs.text


def test_invalid_pid_is_refused(portal, standin):
    session = requests.Session()
    page = failure_page(session, login(session, portal, "Ugyldig Nummer").callback_response, portal)
    assert "Identiteten kunne ikke brukes" in page.text
    assert not Person.objects.exists()


def test_synthetic_pid_is_refused_outside_a_test_environment(portal, standin, settings):
    settings.PORTAL_TEST_ENVIRONMENT = False
    session = requests.Session()
    page = failure_page(session, login(session, portal, "Kari Nordmann").callback_response, portal)
    assert "Identiteten kunne ikke brukes" in page.text
    assert logged_in_user(session) is None


def test_high_level_is_requested_and_a_lower_acr_is_refused(portal, standin, settings):
    settings.IDPORTEN_ACR_VALUES = "idporten-loa-high"
    # The stand-in answers with the requested level: accepted.
    session = requests.Session()
    attempt = login(session, portal, "Kari Nordmann")
    assert attempt.authorization_request["acr_values"] == "idporten-loa-high"
    assert logged_in_user(session).person.pid == DEMO_ADMIN_PID

    # This person only reaches "substantial": refused.
    session = requests.Session()
    page = failure_page(session, login(session, portal, "Lars Lavnivå").callback_response, portal)
    assert "for lavt sikkerhetsnivå" in page.text
    assert logged_in_user(session) is None


def test_cancelled_login_shows_a_friendly_page(portal, standin):
    session = requests.Session()
    page = start_login(session, portal)
    callback = submit_choice(session, page, {"action": "deny"})
    assert parse_qs(urlsplit(callback).query)["error"] == ["access_denied"]

    answer = session.get(callback, allow_redirects=False)
    failed = failure_page(session, answer, portal)
    assert "Du avbrøt innloggingen" in failed.text
    assert "Logg inn med ID-porten på nytt" in failed.text
    assert logged_in_user(session) is None


def test_unknown_missing_and_replayed_state_show_a_friendly_page(portal, standin):
    stranger = requests.Session()
    for query in ("?code=abc&state=not-a-state-we-sent", "?code=abc", ""):
        page = failure_page(stranger, stranger.get(portal + "/oidc/callback/" + query, allow_redirects=False), portal)
        assert "Innloggingen kunne ikke fullføres" in page.text

    session = requests.Session()
    attempt = login(session, portal, "Kari Nordmann")
    assert attempt.callback_response.headers["Location"] == "/"
    # The same authorization response again, in the same browser and in another one: the state is used up.
    for browser in (session, requests.Session()):
        replay = browser.get(attempt.callback_url, allow_redirects=False)
        assert "Innloggingen kunne ikke fullføres" in failure_page(browser, replay, portal).text
    assert User.objects.count() == 1


def test_wrong_iss_parameter_is_refused(portal, standin):
    session = requests.Session()
    attempt = login(session, portal, "Kari Nordmann", deliver=False)
    forged = re.sub(r"iss=[^&]+", "iss=https%3A%2F%2Fevil.example", attempt.callback_url)
    page = failure_page(session, session.get(forged, allow_redirects=False), portal)
    assert "Svaret kom ikke fra ID-porten" in page.text
    assert logged_in_user(session) is None


def test_id_token_from_another_issuer_is_refused(portal, standin, settings):
    # The portal expects test.idporten.no; the stand-in's id_token says otherwise. Without the RFC 9207
    # parameter only the id_token's own `iss` can catch it.
    settings.OIDC_OP_ISSUER = "https://test.idporten.no"
    session = requests.Session()
    attempt = login(session, portal, "Kari Nordmann", deliver=False)
    without_iss = re.sub(r"&iss=[^&]+", "", attempt.callback_url)
    page = failure_page(session, session.get(without_iss, allow_redirects=False), portal)
    assert "Svaret fra ID-porten kunne ikke godkjennes" in page.text
    assert logged_in_user(session) is None


def test_id_token_signed_with_a_key_not_in_the_jwks_is_refused(portal, standin, settings):
    other_url, stop_other = start_standin()
    try:
        settings.OIDC_OP_JWKS_ENDPOINT = other_url + "/jwks"
        session = requests.Session()
        page = failure_page(session, login(session, portal, "Kari Nordmann").callback_response, portal)
    finally:
        stop_other()
    assert "Svaret fra ID-porten kunne ikke godkjennes" in page.text
    assert logged_in_user(session) is None


def _closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("setting", ["OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT"])
def test_provider_down_shows_a_friendly_page(portal, standin, settings, setting):
    setattr(settings, setting, _closed_port_url() + "/down")
    session = requests.Session()
    page = failure_page(session, login(session, portal, "Kari Nordmann").callback_response, portal)
    assert "ID-porten svarer ikke" in page.text
    assert logged_in_user(session) is None


def test_provider_timing_out_shows_a_friendly_page(portal, standin, settings):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)  # accepts connections, never answers
    accepted = []
    threading.Thread(target=lambda: accepted.append(silent.accept()), daemon=True).start()
    settings.OIDC_TIMEOUT = 1
    settings.OIDC_OP_TOKEN_ENDPOINT = f"http://127.0.0.1:{silent.getsockname()[1]}/token"
    try:
        session = requests.Session()
        page = failure_page(session, login(session, portal, "Kari Nordmann").callback_response, portal)
    finally:
        for conn, _addr in accepted:
            conn.close()
        silent.close()
    assert "ID-porten svarer ikke" in page.text


def test_login_is_not_configured_without_a_client_id(portal, standin, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    session = requests.Session()
    page = failure_page(session, session.get(portal + "/oidc/login/", allow_redirects=False), portal)
    assert "Innlogging er ikke satt opp" in page.text


def test_logout_ends_the_session_and_redirects_to_end_session_with_id_token_hint(portal, standin, all_logs):
    session = requests.Session()
    login(session, portal, "Kari Nordmann")
    user = logged_in_user(session)
    assert user is not None

    assert session.get(portal + "/oidc/logout/", allow_redirects=False).status_code == 405
    answer = session.post(portal + "/oidc/logout/", data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
                          headers={"Referer": portal + "/"}, allow_redirects=False)
    assert answer.status_code == 302
    target = urlsplit(answer.headers["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == standin[0] + "/oauth2/end_session"
    query = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert query["post_logout_redirect_uri"] == portal + "/"
    hint = jwt.decode(query["id_token_hint"], options={"verify_signature": False})
    assert hint["pid"] == DEMO_ADMIN_PID and hint["iss"] == standin[0]
    assert logged_in_user(session) is None

    back = session.get(answer.headers["Location"], allow_redirects=False)
    assert back.status_code == 302 and back.headers["Location"] == portal + "/"
    assert standin[1].logouts[-1]["id_token_hint"] == query["id_token_hint"]
    landing = session.get(back.headers["Location"])
    assert "Du er logget ut." in landing.text and "Logg ut" not in landing.text
    # The id_token carries the pid; it is in no log line (neither the portal's nor the stand-in's).
    assert "ID-porten logout: person 218794*****" in all_logs.text
    assert query["id_token_hint"] not in server_log_text(all_logs)
    assert DEMO_ADMIN_PID not in server_log_text(all_logs)


def test_logout_needs_the_csrf_token(portal, standin):
    session = requests.Session()
    login(session, portal, "Kari Nordmann")
    assert session.post(portal + "/oidc/logout/", allow_redirects=False).status_code == 403
    assert logged_in_user(session) is not None


def test_client_secret_basic_authentication_also_logs_in(portal, standin, settings, all_logs):
    settings.OIDC_TOKEN_USE_BASIC_AUTH = True
    all_logs.set_level(logging.DEBUG, logger="authlib.oauth2.rfc6749.authenticate_client")  # says which method
    session = requests.Session()
    assert login(session, portal, "Per Uten Tilgang").callback_response.headers["Location"] == "/"
    assert logged_in_user(session).person.pid == "03077240038"
    assert 'via "client_secret_basic" success' in all_logs.text


def test_other_provider_errors_show_a_friendly_page(portal, standin):
    session = requests.Session()
    answer = session.get(portal + "/oidc/callback/?error=server_error&state=whatever", allow_redirects=False)
    assert "ID-porten meldte en feil" in failure_page(session, answer, portal).text


def test_a_deactivated_user_cannot_log_in(portal, standin):
    login(requests.Session(), portal, "Kari Nordmann")
    User.objects.filter(person__pid=DEMO_ADMIN_PID).update(is_active=False)

    session = requests.Session()
    page = failure_page(session, login(session, portal, "Kari Nordmann").callback_response, portal)
    assert "Brukeren er deaktivert" in page.text
    assert logged_in_user(session) is None
