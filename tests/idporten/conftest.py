"""Fixtures for the ID-porten tests: a real stand-in over HTTP, the portal on a live server pointed at it,
and a browser-like session that logs in by choosing a person on the stand-in's page."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from idporten import backends
from idporten.standin import StandinPerson, demo_persons, standin_settings, start_standin
from tests.conftest import DEMO_ADMIN_PID

# Extra persons for the refusal tests, next to the demo persons.
NO_PID = StandinPerson(sub="no-pid-person", label="Ellen E-post", claims={"acr": "selfregistered-email"},
                       description="uten fødselsnummer")
LOW_ACR = StandinPerson(sub="low-acr-person", label="Lars Lavnivå",
                        claims={"pid": DEMO_ADMIN_PID, "acr": "idporten-loa-substantial"})
BAD_PID = StandinPerson(sub="bad-pid-person", label="Ugyldig Nummer", claims={"pid": "12345678900"})


@pytest.fixture(scope="session")
def standin():
    """A stand-in (demo persons + the refusal persons) shared by the session: (base_url, RunningStandin)."""
    base_url, stop = start_standin(persons=[*demo_persons(), NO_PID, LOW_ACR, BAD_PID])
    yield base_url, stop
    stop()


@pytest.fixture(autouse=True)
def _fresh_jwks_cache():
    """Each test fetches the JWKS anew (stand-ins in other tests have other keys)."""
    backends._jwks_clients.clear()
    yield
    backends._jwks_clients.clear()


@pytest.fixture
def portal(live_server, settings, standin):
    """The portal on a live server, pointed at the shared stand-in. Returns the live server's base URL."""
    for name, value in standin_settings(standin[0]).items():
        setattr(settings, name, value)
    return live_server.url


@pytest.fixture
def all_logs(caplog):
    """Every log record of every logger (before the masking filter of the console handler)."""
    caplog.set_level(logging.DEBUG)
    return caplog


def server_log_text(caplog) -> str:
    """All log messages except those of the tests' own HTTP client (urllib3 logs every URL it fetches)."""
    return "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("urllib3"))


class _PersonButtons(HTMLParser):
    """Collects the stand-in's person buttons: label text -> `sub` value."""

    def __init__(self):
        super().__init__()
        self.buttons: dict[str, str] = {}
        self._current: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "button" and attrs.get("name") == "sub":
            self._current, self._text = attrs["value"], ""

    def handle_data(self, data):
        if self._current is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "button" and self._current is not None:
            self.buttons[" ".join(self._text.split())] = self._current
            self._current = None


@dataclass
class LoginAttempt:
    """What a browser saw: the stand-in's login page (its URL is the authorization request), the redirect
    back to the portal's callback, and the portal's answer to the callback."""

    authorize_page: requests.Response
    callback_url: str
    callback_response: requests.Response | None

    @property
    def authorization_request(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.authorize_page.url).query).items()}


def choose_person(page: requests.Response, label: str) -> str:
    """The `sub` of the button on the stand-in's page whose text starts with `label`."""
    parser = _PersonButtons()
    parser.feed(page.text)
    matches = [sub for text, sub in parser.buttons.items() if text.startswith(label)]
    assert matches, f"no button {label!r} on the stand-in's page: {list(parser.buttons)}"
    return matches[0]


def start_login(session: requests.Session, portal_url: str, next_url: str = "/") -> requests.Response:
    """Click "Logg inn med ID-porten": the portal redirects to the stand-in's page, which is returned."""
    page = session.get(f"{portal_url}/oidc/login/", params={"next": next_url})
    assert page.status_code == 200, page.text[:500]
    return page


def submit_choice(session: requests.Session, page: requests.Response, data: dict) -> str:
    """Submit the stand-in's form; return the URL it redirects the browser to (the portal's callback)."""
    answer = session.post(page.url, data=data, allow_redirects=False)
    assert answer.status_code == 302, answer.text[:500]
    return answer.headers["Location"]


def login(session: requests.Session, portal_url: str, label: str, *, next_url: str = "/",
          deliver: bool = True) -> LoginAttempt:
    """Log in as the person `label` through the stand-in, like a browser, stopping at the callback's answer."""
    page = start_login(session, portal_url, next_url)
    callback_url = submit_choice(session, page, {"sub": choose_person(page, label)})
    response = session.get(callback_url, allow_redirects=False) if deliver else None
    return LoginAttempt(page, callback_url, response)


def logged_in_user(session: requests.Session):
    """The `authz.models.User` the portal's session cookie belongs to, or None."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    key = session.cookies.get("sessionid")
    if not key:
        return None
    user_id = SessionStore(session_key=key).get("_auth_user_id")
    return get_user_model().objects.filter(pk=user_id).select_related("person").first() if user_id else None


def failure_page(session: requests.Session, response: requests.Response, portal_url: str) -> requests.Response:
    """Follow the callback's redirect to the login-failure page and return it."""
    location = response.headers.get("Location", "")
    assert response.status_code == 302 and location.startswith("/oidc/failed/"), (response.status_code, location)
    page = session.get(portal_url + location)
    assert page.status_code == 200
    return page
