"""No redirect of POST, PUT, PATCH or DELETE drops the request (issue 9, item 5).

A request to a URL that only lacks its trailing slash, or arrives over http, is answered 308 (the client repeats
the same method and body), 404 or 405 — never 301 (followed with a GET: the form is lost) and never 500 (Django's
DEBUG RuntimeError). The test walks every URL pattern of the site: portal, admin, accounts (allauth), oidc, i18n
and the API.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from authz.models import Privilege
from integrations.models import Integration
from tests.admin.conftest import login_with_totp, operator  # noqa: F401  (fixture)
from tests.conftest import DEMO_ORGNR

pytestmark = pytest.mark.django_db

UNSAFE = ["post", "put", "patch", "delete"]
# "Log in first" answers: nothing is applied, the request is not of the kind (a URL one redirect away).
LOGIN_PAGES = ("/accounts/login/", "/admin/login/", "/?")
_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _sample(name: str, samples: dict[str, str]) -> str:
    return samples.get(name, "1")


def _route_to_path(route: str, samples: dict[str, str]) -> str:
    return _CONVERTER.sub(lambda m: _sample(m.group(2), samples), route)


def _regex_to_path(regex: str, samples: dict[str, str]) -> str:
    path = _GROUP.sub(lambda m: _sample(m.group(1), samples), regex)
    return path.lstrip("^").replace("\\Z", "").replace("$", "").replace("/?", "/").replace("\\", "")


def site_paths(samples: dict[str, str]) -> list[str]:
    """One concrete path for every URL pattern of the site, built from `samples` for its parameters."""
    paths: list[str] = []

    def walk(patterns, prefix: str):
        for entry in patterns:
            pattern = entry.pattern
            text = (_route_to_path(str(pattern), samples) if not hasattr(pattern, "regex") or
                    pattern.__class__.__name__ == "RoutePattern" else _regex_to_path(pattern.regex.pattern, samples))
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + text)
            elif isinstance(entry, URLPattern) and ".*" not in text and "(" not in text:
                paths.append("/" + prefix + text)

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


@pytest.fixture
def samples(demo_org, admin_ctx):
    from integrations.services import integration_create

    integration = integration_create(admin_ctx, organization=demo_org, name="Sak", authorized_orgnr="910753614")
    global_integration = Integration.objects.global_().first()
    return {
        "orgnr": DEMO_ORGNR, "pk": str(integration.pk), "grant_id": "1", "object_id": "1", "app_label": "authz",
        "code": "ADMIN", "uidb36": "1", "key": "x", "id": str(Privilege.objects.first().pk),
        "integration_id": str(global_integration.pk if global_integration else uuid.uuid4()),
    }


@pytest.fixture
def operator_client(operator):  # noqa: F811
    c = Client()
    login_with_totp(c, operator)
    return c


def _check(client: Client, path: str) -> list[str]:
    """Send every unsafe method to `path` without its slash; return what went wrong."""
    problems = []
    bare = path.rstrip("/")
    if not bare or bare == path:
        return problems
    for method in UNSAFE:
        response = getattr(client, method)(bare + "?x=1", data="a=1", content_type="application/x-www-form-urlencoded")
        status = response.status_code
        if status == 308:
            if response["Location"] != path + "?x=1":
                problems.append(f"{method.upper()} {bare}: 308 to {response['Location']}")
        elif status in (301, 302, 303, 307) and not response["Location"].startswith(LOGIN_PAGES):
            problems.append(f"{method.upper()} {bare}: {status} to {response['Location']}")
        elif status >= 500 or status == 301:
            problems.append(f"{method.upper()} {bare}: {status}")
    return problems


@pytest.mark.parametrize("debug", [False, True])
def test_no_unsafe_request_to_a_path_without_its_slash_is_dropped(settings, samples, operator_client, admin_client,
                                                                    debug):
    settings.DEBUG = debug
    paths = site_paths(samples)
    assert {"/", f"/org/{DEMO_ORGNR}/integrations/new/", "/admin/authz/organization/add/", "/accounts/login/",
            "/oidc/logout/", "/i18n/setlang/", "/api/v1/organizations/"} <= set(paths)
    problems = []
    for path in paths:
        client = operator_client if path.startswith("/admin/") else admin_client
        problems += _check(client, path)
        problems += _check(Client(), path)
    assert problems == [], "\n".join(problems)


def test_the_reported_post_is_a_308_that_keeps_the_form(admin_client, demo_org, settings):
    for debug in (True, False):
        settings.DEBUG = debug
        response = admin_client.post(f"/org/{DEMO_ORGNR}/integrations/new",
                                     {"name": "Sak og arkiv", "authorized_orgnr": "910753614"})
        assert response.status_code == 308
        assert response["Location"] == f"/org/{DEMO_ORGNR}/integrations/new/"
    assert not Integration.objects.filter(name="Sak og arkiv").exists()  # nothing applied by the redirect
    followed = admin_client.post(f"/org/{DEMO_ORGNR}/integrations/new",
                                 {"name": "Sak og arkiv", "authorized_orgnr": "910753614"}, follow=True)
    assert followed.redirect_chain[0] == (f"/org/{DEMO_ORGNR}/integrations/new/", 308)
    assert Integration.objects.filter(name="Sak og arkiv").count() == 1


def test_get_without_the_slash_still_gets_a_301(admin_client, demo_org):
    response = admin_client.get(f"/org/{DEMO_ORGNR}/integrations/new")
    assert (response.status_code, response["Location"]) == (301, f"/org/{DEMO_ORGNR}/integrations/new/")


def test_admin_post_without_the_slash_is_a_308(operator_client):
    response = operator_client.post("/admin/authz/organization/add", {"orgnr": "974760673"})
    assert (response.status_code, response["Location"]) == (308, "/admin/authz/organization/add/")
    assert operator_client.get("/admin/authz/organization/add")["Location"] == "/admin/authz/organization/add/"


@pytest.mark.parametrize("method", UNSAFE)
def test_https_redirect_keeps_the_method(client, settings, method):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = getattr(client, method)("/oidc/logout/?a=1")
    assert (response.status_code, response["Location"]) == (308, "https://testserver/oidc/logout/?a=1")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get("/oidc/failed/").status_code == 301  # GET stays 301
    assert getattr(client, method)("/oidc/logout/", HTTP_X_FORWARDED_PROTO="https").status_code != 308
