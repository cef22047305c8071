"""Regression tests for what a hostile or careless browser found in the web UI, the login and the admin.

Each test asserts what a user would see: the status, the page, the headers, the rows in the database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from authz.models import User
from authz.services import person_get_or_create
from integrations.models import Integration
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, VENDOR_ORGNR
from tests.portal.conftest import db_state

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"
REPO = Path(__file__).resolve().parents[2]


def url(name, *args):
    return reverse(f"portal:{name}", args=args)


# --- Input that is not UTF-8 is a 400, never mojibake in the database ---------------------------------------

@pytest.mark.parametrize("query", ["q=%ff%fe", "q=%C0%AF", "%ff=1", "page=%e6"])
@pytest.mark.parametrize("page", ["organization", "audit_log"])
def test_non_utf8_query_string_is_a_400(admin_client, demo_org, page, query):
    response = admin_client.get(f"{url(page, DEMO_ORGNR)}?{query}")
    assert response.status_code == 400
    assert "Forespørselen er ikke gyldig UTF-8." in response.content.decode()


def test_non_utf8_query_string_on_the_api_is_a_problem_document(client):
    response = client.get("/api/v1/organizations/?search=%ff")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "invalid_utf8"


@pytest.mark.parametrize("name", [b"%ff%fe", b"\xff\xfe", b"Sak%e6"])  # percent-encoded, raw, Latin-1 "æ"
def test_non_utf8_form_body_is_a_400_and_creates_nothing(admin_client, demo_org, name):
    before = db_state()
    body = b"name=" + name + b"&description=&authorized_orgnr=" + VENDOR_ORGNR.encode()
    response = admin_client.post(url("integration_new", DEMO_ORGNR), body, content_type=FORM)
    assert response.status_code == 400
    assert "Forespørselen er ikke gyldig UTF-8." in response.content.decode()
    assert db_state() == before


def test_utf8_form_with_norwegian_letters_is_still_accepted(admin_client, demo_org):
    body = urlencode({"name": "Søknad æøå", "description": "Blåbær", "authorized_orgnr": VENDOR_ORGNR})
    response = admin_client.post(url("integration_new", DEMO_ORGNR), body, content_type=f"{FORM}; charset=UTF-8")
    assert response.status_code == 302
    assert Integration.objects.get().name == "Søknad æøå"


# --- The portal acts for a person only after an ID-porten login ----------------------------------------------

def test_person_logged_in_with_a_password_gets_no_portal_access(client, demo_org):
    """A password set on an ID-porten person's user (e.g. by an operator in the admin) must not open the portal:
    that login has no ID-porten level of assurance."""
    person = person_get_or_create(pid=DEMO_ADMIN_PID)
    user = User.objects.create_user(f"idporten-{person.pk}", password="korrekt-hest-batteri-stift", person=person)
    response = client.post("/accounts/login/", {"login": user.username, "password": "korrekt-hest-batteri-stift"})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)  # logged in, but not through ID-porten

    assert client.get(url("organization", DEMO_ORGNR)).status_code == 403
    home = client.get(url("home"))
    assert home.status_code == 200
    assert "ikke knyttet til en person fra ID-porten" in home.content.decode()
    before = db_state()
    data = urlencode({"name": "Bakdør", "description": "", "authorized_orgnr": VENDOR_ORGNR})
    assert client.post(url("integration_new", DEMO_ORGNR), data, content_type=FORM).status_code == 403
    assert db_state() == before


def test_person_logged_in_through_idporten_backend_has_access(admin_client, demo_org):
    assert admin_client.get(url("organization", DEMO_ORGNR)).status_code == 200


# --- HEAD answers like GET (RFC 9110), without a body ----------------------------------------------------------

def test_head_on_pages_answers_200_without_body(admin_client, integration):
    for path in (url("organization", DEMO_ORGNR), url("integration", DEMO_ORGNR, integration.pk),
                 url("integration_new", DEMO_ORGNR), url("integration_edit", DEMO_ORGNR, integration.pk),
                 url("audit_log", DEMO_ORGNR), url("global_list", DEMO_ORGNR)):
        response = admin_client.head(path)
        assert response.status_code == 200, path
        assert response.content == b"", path


def test_head_on_a_post_only_url_is_405_and_rotates_nothing(admin_client, integration):
    response = admin_client.head(url("integration_password", DEMO_ORGNR, integration.pk))
    assert response.status_code == 405
    integration.refresh_from_db()
    assert not integration.password_digest


# --- Security headers ----------------------------------------------------------------------------------------

def test_html_pages_carry_a_content_security_policy(admin_client, integration, client):
    pages = [
        admin_client.get(url("organization", DEMO_ORGNR)),
        admin_client.get(url("integration", DEMO_ORGNR, integration.pk)),
        admin_client.get("/org/000000000/"),                               # 404 page
        admin_client.get(f"{url('organization', DEMO_ORGNR)}?q=%00"),      # 400 page
        client.get("/oidc/failed/?reason=state"),
        client.get("/accounts/login/"),
    ]
    for response in pages:
        assert "Content-Security-Policy" in response, (response.status_code, response.request["PATH_INFO"])
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "object-src 'none'" in policy
        assert response.get("X-Frame-Options") == "DENY", (response.status_code, response.request["PATH_INFO"])
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_api_json_has_no_page_policy(client):
    response = client.get("/api/v1/organizations/")
    assert response["Content-Type"].startswith("application/")
    assert "Content-Security-Policy" not in response


# --- Switching language on the one-time password page does not end on a 405 ------------------------------------

def test_language_switch_on_password_page_returns_to_the_integration(admin_client, integration):
    detail = url("integration", DEMO_ORGNR, integration.pk)
    made = admin_client.post(url("integration_password", DEMO_ORGNR, integration.pk),
                             HTTP_REFERER=f"http://testserver{detail}")
    html = admin_client.get(made["Location"]).content.decode()
    assert 'id="new-password"' in html
    assert f'name="next" type="hidden" value="{detail}"' in html
    assert f'value="{url("integration_password", DEMO_ORGNR, integration.pk)}"' not in html

    switched = admin_client.post("/i18n/setlang/", {"language": "en", "next": f"http://testserver{detail}"})
    assert switched.status_code == 302
    followed = admin_client.get(switched["Location"])
    assert followed.status_code == 200
    assert integration.name in followed.content.decode()


# --- Development SQLite: a double-clicked form waits instead of failing with "database is locked" -------------

_SQLITE_WRITERS = r"""
import os, sys, threading, time
import django
django.setup()
from django.db import connection, connections, transaction
with connection.cursor() as c:
    c.execute("CREATE TABLE t (name TEXT UNIQUE)")
connections.close_all()
barrier = threading.Barrier(2)
outcomes = []
def request(name):
    # As a request under ATOMIC_REQUESTS: a transaction that reads, then writes.
    try:
        barrier.wait(timeout=10)  # both requests start together
        with transaction.atomic():
            with connection.cursor() as c:
                c.execute("SELECT count(*) FROM t")
                time.sleep(0.3)
                c.execute("INSERT INTO t VALUES (%s)", [name])
        outcomes.append("ok")
    except Exception as e:
        outcomes.append(f"{type(e).__name__}: {e}")
    finally:
        connections.close_all()
threads = [threading.Thread(target=request, args=(n,)) for n in ("a", "b")]
[t.start() for t in threads]
[t.join(30) for t in threads]
print(sorted(outcomes))
"""


def test_parallel_requests_on_development_sqlite_do_not_fail(tmp_path):
    """With the development settings, two overlapping write requests on the SQLite file both succeed (the
    second waits) instead of one failing with "database is locked" (a 500 for a double-clicked form)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}"}
    result = subprocess.run([sys.executable, "-c", _SQLITE_WRITERS], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "['ok', 'ok']"


# --- Django's own log lines (runserver's request log, DEBUG console) are masked too ---------------------------

_LOG_LINES = r"""
import logging
import django
django.setup()
logging.getLogger("django.server").info('"GET /org/123456785/?q=21879498012 HTTP/1.1" 200 2777')
logging.getLogger("django.request").warning("Not Found: %s", "/org/21879498012/")
"""


def test_django_request_logs_mask_identity_numbers(tmp_path):
    """The development server's output (DEBUG) never shows a full identity number typed into a URL."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DJANGO_DEBUG": "True",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}"}
    result = subprocess.run([sys.executable, "-c", _LOG_LINES], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    output = result.stdout + result.stderr
    assert "21879498012" not in output
    assert "GET /org/123456785/?q=218794***** HTTP/1.1" in output
    assert "Not Found: /org/218794*****/" in output
