"""The API skips the web UI's middleware (sessions, CSRF, authentication, messages); the web UI and the admin keep
all of it (issue 6, item 4)."""

from django.test import Client
from django.urls import reverse

from api.devissuer import mint_token
from tests.conftest import DEMO_ADMIN_PID


def test_the_web_ui_still_refuses_a_form_without_csrf_token(demo_org):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_the_web_ui_still_has_sessions_and_login(client, demo_org):
    from authz.models import User

    user = User.objects.create(username="operator-x", is_staff=True)
    client.force_login(user)
    assert client.session.get("_auth_user_id") == str(user.pk)
    page = client.get("/")
    assert page.status_code == 200
    assert page.wsgi_request.user == user  # the session logged the operator in on the web page


def test_the_admin_still_needs_a_logged_in_operator(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_api_calls_set_no_cookie_and_ignore_a_web_session(client, demo_org):
    from authz.models import User

    client.force_login(User.objects.create(username="operator-y", is_staff=True, is_superuser=True))
    without_token = client.get("/api/v1/me/", HTTP_ONBEHALFOF=DEMO_ADMIN_PID)
    assert without_token.status_code == 401  # a web session is not a credential for the API
    assert not hasattr(without_token.wsgi_request, "session")
    token = mint_token(kind="idporten", pid=DEMO_ADMIN_PID)
    with_token = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ONBEHALFOF=DEMO_ADMIN_PID)
    assert with_token.status_code == 200
    assert "Set-Cookie" not in with_token and not with_token.cookies
    assert "Cookie" not in with_token.get("Vary", "")
