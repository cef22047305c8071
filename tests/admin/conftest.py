"""Operator accounts and a test client logged in the real way: allauth login page + TOTP second factor."""

from __future__ import annotations

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.core.cache import cache

OPERATOR_USERNAME = "drift"
OPERATOR_PASSWORD = "korrekt-hest-batteri-stift"  # a test account


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth keeps used TOTP codes and rate limits in the cache; each test starts clean."""
    cache.clear()
    yield
    cache.clear()


def totp_code(secret: str) -> str:
    """The current TOTP code for `secret`, computed with allauth's own HOTP helpers.

    Waits if fewer than two seconds of the current period remain, so the code is still current when checked.
    """
    period = mfa_settings.TOTP_PERIOD
    if period - (time.time() % period) < 2:
        time.sleep(2.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def stored_totp_secret(user) -> str:
    """The TOTP secret of the user's activated authenticator, decrypted from the database."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def allauth_login(client, username: str, password: str, next_url: str = "/admin/"):
    """POST allauth's login form; returns the response (a redirect to the 2FA page when TOTP is active)."""
    return client.post("/accounts/login/", {"login": username, "password": password, "next": next_url})


def login_with_totp(client, user, password: str = OPERATOR_PASSWORD, next_url: str = "/admin/"):
    """Log in through allauth's login page and its 2FA authenticate page; returns the final redirect."""
    response = allauth_login(client, user.username, password, next_url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    response = client.post(response["Location"], {"code": totp_code(stored_totp_secret(user))})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


@pytest.fixture
def operator(django_user_model):
    """A superuser operator (as made by `createsuperuser`) with TOTP activated."""
    user = django_user_model.objects.create_superuser(OPERATOR_USERNAME, password=OPERATOR_PASSWORD)
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def operator_client(client, operator):
    """A test client logged in as `operator` through allauth with password + TOTP."""
    response = login_with_totp(client, operator)
    assert response["Location"] == "/admin/"
    return client

