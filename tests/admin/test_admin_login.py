"""Who gets into the admin: only staff who logged in through allauth with TOTP in this session."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.core.cache import cache

from authz.models import Person

from .conftest import OPERATOR_PASSWORD, allauth_login, login_with_totp, totp_code

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["/admin/", "/admin/authz/organization/", "/admin/authz/auditevent/",
               "/admin/integrations/integration/"]


@pytest.fixture
def staff_without_totp(django_user_model):
    return django_user_model.objects.create_user("nyoperator", password=OPERATOR_PASSWORD, is_staff=True,
                                                 is_superuser=True)


def test_anonymous_visitor_is_sent_to_allauth_login(client):
    response = client.get("/admin/authz/organization/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2Fauthz%2Forganization%2F"
    assert response.status_code == 200


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_staff_without_totp_is_sent_to_totp_setup(client, staff_without_totp, page):
    response = allauth_login(client, staff_without_totp.username, OPERATOR_PASSWORD, page)
    assert response.status_code == 302  # logged in with the password alone: no second factor yet
    response = client.get(page, follow=True)
    hops = [url for url, _status in response.redirect_chain]
    assert hops[-2] == "/accounts/2fa/totp/activate/?next=" + quote(page, safe="")
    # allauth asks for the password again before any change to the second factor (MFA_REAUTHENTICATION_REQUIRED)
    assert hops[-1].startswith("/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F")
    assert response.status_code == 200
    assert "Driftsadministrasjon" not in response.content.decode()


def test_staff_enrolls_totp_then_confirms_it_and_gets_in(client, staff_without_totp):
    allauth_login(client, staff_without_totp.username, OPERATOR_PASSWORD)
    response = client.get("/admin/", follow=True)
    reauthenticate_url = response.redirect_chain[-1][0]
    response = client.post(reauthenticate_url, {"password": OPERATOR_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/?next=%2Fadmin%2F"
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)}, follow=True)
    assert response.status_code == 200
    assert "Fortsett til driftsadministrasjonen" in response.content.decode()  # the way on after setup
    assert Authenticator.objects.filter(user=staff_without_totp, type="totp").exists()

    # TOTP is set up, but this session has not yet authenticated with it: confirm with a code first.
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    cache.clear()  # stands for waiting for the next 30-second code
    response = client.post(response["Location"], {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_operator_with_totp_gets_in_only_after_the_second_factor(client, operator):
    response = allauth_login(client, operator.username, OPERATOR_PASSWORD)
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302  # password alone is not enough
    response = client.post(response["Location"], {"code": "000000" if totp_code("A" * 32) != "000000" else "1"})
    assert response.status_code == 200  # wrong code: the form again
    assert client.get("/admin/").status_code == 302

    client.logout()
    response = login_with_totp(client, operator)
    assert response["Location"] == "/admin/"
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "Driftsadministrasjon" in page.content.decode()


def test_wrong_password_gives_nothing(client, operator):
    response = allauth_login(client, operator.username, "feil-passord-her")
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_django_password_only_admin_login_is_not_usable(client, operator):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    response = client.post("/admin/login/?next=/admin/",
                           {"username": operator.username, "password": OPERATOR_PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_session_without_allauth_second_factor_is_refused(client, operator):
    client.force_login(operator)  # e.g. a session made by another login path: no TOTP in this session
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2F"


def test_non_staff_user_gets_403(client, django_user_model):
    django_user_model.objects.create_user("vanlig", password=OPERATOR_PASSWORD)
    allauth_login(client, "vanlig", OPERATOR_PASSWORD)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_idporten_user_is_never_an_operator(client, django_user_model, operator_client):
    person = Person.objects.create(pid="21879498012")
    user = django_user_model.objects.create_user("idporten-1", person=person, is_staff=True, is_superuser=True)
    other = client.__class__()
    other.force_login(user)
    assert other.get("/admin/", follow=True).status_code == 403

    # The admin refuses to make an ID-porten user staff.
    url = f"/admin/authz/user/{user.pk}/change/"
    page = operator_client.get(url)
    assert page.status_code == 200
    assert "21879498012" not in page.content.decode()
    data = {"username": user.username, "is_active": "on", "is_staff": "on", "date_joined_0": "2025-01-01",
            "date_joined_1": "10:00:00"}
    response = operator_client.post(url, data)
    assert response.status_code == 200
    assert "En ID-porten-bruker kan ikke være driftsoperatør." in response.content.decode()


def test_allauth_login_page_offers_no_sign_up_and_sign_up_is_closed(client, django_user_model):
    page = client.get("/accounts/login/?next=/admin/")
    assert page.status_code == 200
    assert "/accounts/signup/" not in page.content.decode()
    client.post("/accounts/signup/", {"username": "inntrenger", "password1": OPERATOR_PASSWORD,
                                      "password2": OPERATOR_PASSWORD})
    assert not django_user_model.objects.filter(username="inntrenger").exists()
