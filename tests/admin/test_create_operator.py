"""`manage.py create_operator`: makes a staff account that still has to set up TOTP before the admin opens."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from authz.models import AuditEvent

from .conftest import allauth_login

pytestmark = pytest.mark.django_db

PASSWORD = "lang-og-sikker-passordfrase"


def test_create_operator_from_environment_variable(monkeypatch, client):
    monkeypatch.setenv("OPERATOR_PASSWORD", PASSWORD)
    call_command("create_operator", "kari", "--password-env", "OPERATOR_PASSWORD")
    user = get_user_model().objects.get(username="kari")
    assert (user.is_staff, user.is_superuser, user.person_id) == (True, True, None)
    event = AuditEvent.objects.get(action="operator.create")
    assert (event.channel, event.target_display) == ("cli", "kari")
    assert PASSWORD not in str(event.after)

    allauth_login(client, "kari", PASSWORD)
    response = client.get("/admin/", follow=True)
    assert any(url.startswith("/accounts/2fa/totp/activate/") for url, _ in response.redirect_chain)


@pytest.mark.parametrize("password", ["kort", "123456789012345", "password1234"])
def test_weak_password_is_refused_and_nothing_created(monkeypatch, password):
    monkeypatch.setenv("OPERATOR_PASSWORD", password)
    with pytest.raises(CommandError):
        call_command("create_operator", "kari", "--password-env", "OPERATOR_PASSWORD")
    assert not get_user_model().objects.filter(username="kari").exists()
    assert not AuditEvent.objects.exists()


def test_existing_username_is_refused(monkeypatch, django_user_model):
    django_user_model.objects.create_user("kari")
    monkeypatch.setenv("OPERATOR_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_operator", "kari", "--password-env", "OPERATOR_PASSWORD")
