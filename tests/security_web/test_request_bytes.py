"""NUL and invalid bytes in every part of a request the portal reads (issue 9, item 2).

Cookies with a control character or bytes that are not UTF-8 are treated as absent; headers with them are a 400;
never a 500. CI runs this on PostgreSQL, where a NUL reaching a query is a DataError.
"""

from __future__ import annotations

import pytest
from django.test import Client

from authz.models import AuditEvent
from integrations.models import Integration
from tests.conftest import DEMO_ORGNR, VENDOR_ORGNR

pytestmark = pytest.mark.django_db

EIGHT_OCTAL_NULS = '"' + "\\000" * 8 + '"'  # Python's cookie parser turns the octal escapes into NUL bytes
PAGES = ["/", f"/org/{DEMO_ORGNR}/", f"/org/{DEMO_ORGNR}/audit/", "/admin/",
         "/admin/authz/auditevent/", "/accounts/login/", "/oidc/callback/?state=x&code=y", "/oidc/failed/",
         "/api/v1/organizations/"]
COOKIES = ["sessionid", "csrftoken", "django_language", "messages", "other"]
BAD_COOKIE_VALUES = {
    "octal NULs": EIGHT_OCTAL_NULS,
    "raw NULs": "\x00" * 40,
    "NUL inside": "abcdefgh\x00ijklmnop",
    "control character": "abcdefgh\x01ijklmnop",
    "escape character": "abcdefgh\x1bijklmnop",
    "DEL": "abcdefgh\x7fijklmnop",
    "invalid UTF-8": "abcdefgh\xff\xfeijklmnop",  # as the WSGI server hands over the raw bytes ff fe
    "overlong UTF-8": "abcdefgh\xc0\xafijkl",
    "lone surrogate half": "abcdefgh\xed\xa0\x80ijkl",
}


def _status_without_500(client: Client, path: str, **headers) -> int:
    response = client.get(path, **headers)
    assert response.status_code < 500, (path, headers, response.status_code)
    return response.status_code


@pytest.mark.parametrize("value", BAD_COOKIE_VALUES.values(), ids=BAD_COOKIE_VALUES.keys())
@pytest.mark.parametrize("name", COOKIES)
def test_a_bad_cookie_is_treated_as_absent_for_anyone(client, demo_org, name, value):
    for path in PAGES:
        plain = Client().get(path).status_code
        assert _status_without_500(client, path, HTTP_COOKIE=f"{name}={value}") == plain, path


def test_the_reported_session_cookie_reaches_the_landing_page_as_anonymous(client):
    response = client.get("/", HTTP_COOKIE=f"sessionid={EIGHT_OCTAL_NULS}")
    assert response.status_code == 200
    assert "Logg inn med ID-porten" in response.content.decode()


def test_a_bad_cookie_next_to_a_good_session_keeps_the_login(admin_client, demo_org):
    session = admin_client.cookies["sessionid"].value
    response = admin_client.get(f"/org/{DEMO_ORGNR}/", HTTP_COOKIE=f"sessionid={session}; junk=\x00\x00; "
                                                                    f"django_language=\xff\xfe")
    assert response.status_code == 200
    assert "Demo kommune" in response.content.decode()


def test_a_poisoned_session_cookie_never_reaches_the_database_and_nothing_is_applied(admin_client, demo_org):
    before = (Integration.objects.count(), AuditEvent.objects.count())
    response = admin_client.post(
        f"/org/{DEMO_ORGNR}/integrations/new/",
        {"name": "Sak", "description": "", "authorized_orgnr": VENDOR_ORGNR},
        HTTP_COOKIE=f"sessionid={EIGHT_OCTAL_NULS}",
    )
    assert response.status_code in (302, 403)  # anonymous now: to the login, or refused by CSRF
    assert (Integration.objects.count(), AuditEvent.objects.count()) == before


HEADERS = ["HTTP_AUTHORIZATION", "HTTP_ONBEHALFOF", "HTTP_INTEGRASJONID", "HTTP_INTEGRASJONPASSORD",
           "HTTP_X_REQUEST_ID", "HTTP_ACCEPT_LANGUAGE", "HTTP_REFERER", "HTTP_ORIGIN", "HTTP_IF_MATCH",
           "HTTP_USER_AGENT", "HTTP_X_FORWARDED_PROTO", "HTTP_ACCEPT", "HTTP_X_CSRFTOKEN", "HTTP_X_ANYTHING",
           "CONTENT_TYPE"]
BAD_HEADER_VALUES = {
    "NUL": ("nb\x00", "nul_character"),
    "octal text is not decoded in headers, but a raw NUL is": ("\x00" * 8, "nul_character"),
    "control character": ("nb\x01", "control_character"),
    "line feed": ("nb\nX-Injected: 1", "control_character"),
    "escape": ("\x1b[31m", "control_character"),
    "DEL": ("nb\x7f", "control_character"),
    "invalid UTF-8": ("nb\xff\xfe", "invalid_utf8"),
    "Latin-1 æ": ("bl\xe5b\xe6r", "invalid_utf8"),
    "overlong UTF-8": ("\xc0\xaf", "invalid_utf8"),
}


@pytest.mark.parametrize("value,code", BAD_HEADER_VALUES.values(), ids=BAD_HEADER_VALUES.keys())
@pytest.mark.parametrize("header", HEADERS)
def test_a_bad_header_is_a_400_on_every_kind_of_page(client, demo_org, header, value, code):
    for path in ["/", f"/org/{DEMO_ORGNR}/", "/admin/", "/accounts/login/", "/oidc/login/"]:
        response = client.get(path, **{header: value})
        assert response.status_code == 400, (path, response.status_code)
    api = client.get("/api/v1/organizations/", **{header: value})
    assert api.status_code == 400
    assert api.json()["code"] == code


def test_a_bad_header_on_a_post_applies_nothing(admin_client, demo_org):
    before = (Integration.objects.count(), AuditEvent.objects.count())
    response = admin_client.post(f"/org/{DEMO_ORGNR}/integrations/new/",
                                 {"name": "Sak", "description": "", "authorized_orgnr": VENDOR_ORGNR},
                                 HTTP_X_REQUEST_ID="abc\x00defghij")
    assert response.status_code == 400
    assert (Integration.objects.count(), AuditEvent.objects.count()) == before


def test_tab_and_utf8_in_headers_are_still_accepted(admin_client, demo_org):
    user_agent = "Nettleser/1.0\tBlåbær".encode().decode("iso-8859-1")  # UTF-8 bytes as the server hands them over
    response = admin_client.get(f"/org/{DEMO_ORGNR}/", HTTP_USER_AGENT=user_agent, HTTP_ACCEPT_LANGUAGE="nb, en;q=0.5")
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["\xff\xfe", "S\xe6k"])
def test_multipart_form_that_is_not_utf8_is_a_400_and_creates_nothing(admin_client, demo_org, value):
    before = (Integration.objects.count(), AuditEvent.objects.count())
    boundary = "grense"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n{value}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"authorized_orgnr\"\r\n\r\n{VENDOR_ORGNR}\r\n"
            f"--{boundary}--\r\n").encode("iso-8859-1")
    response = admin_client.post(f"/org/{DEMO_ORGNR}/integrations/new/", body,
                                 content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400
    assert (Integration.objects.count(), AuditEvent.objects.count()) == before
