"""Operators cannot raise their own rights; only superusers change others' rights, passwords, groups and second
factors; every such change is audited with channel "admin" (issue 9, item 1)."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.test import Client

from authz.context import Actor, Context
from authz.models import AuditEvent, User
from authz.operators import group_save, operator_password_set, operator_update

from .conftest import OPERATOR_PASSWORD, login_with_totp

pytestmark = pytest.mark.django_db


def _perms(*codenames: str) -> list[Permission]:
    return list(Permission.objects.filter(content_type__app_label="authz", codename__in=codenames))


@pytest.fixture
def staff(django_user_model):
    """A staff operator, not superuser, who holds view/change/delete user (the issue's hurried operator)."""
    user = django_user_model.objects.create_user("vakt", password=OPERATOR_PASSWORD, is_staff=True)
    user.user_permissions.set(_perms("view_user", "change_user", "delete_user", "add_user"))
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def staff_client(staff):
    client = Client()
    login_with_totp(client, staff)
    return client


def _user_form(user: User, **changes) -> dict:
    data = {"username": user.username, "first_name": user.first_name, "last_name": user.last_name,
            "email": user.email, "is_active": "on" if user.is_active else "",
            "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def _rights(user: User) -> tuple:
    user = User.objects.get(pk=user.pk)
    return (user.is_staff, user.is_superuser, user.is_active, sorted(user.groups.values_list("name", flat=True)),
            sorted(user.user_permissions.values_list("codename", flat=True)), user.password)


def test_the_reported_self_promotion_changes_nothing(staff_client, staff):
    before = _rights(staff)
    response = staff_client.post(f"/admin/authz/user/{staff.pk}/change/", _user_form(
        staff, is_superuser="on", is_staff="on", user_permissions=[p.pk for p in Permission.objects.all()[:5]]))
    assert response.status_code in (302, 403)
    assert _rights(staff) == before
    assert not AuditEvent.objects.filter(action="operator.update", target_id=str(staff.pk)).exists()
    page = staff_client.get(f"/admin/authz/user/{staff.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page


def test_a_non_superuser_cannot_touch_another_operator_account(staff_client, operator):
    before = _rights(operator)
    assert staff_client.post(f"/admin/authz/user/{operator.pk}/change/",
                             _user_form(operator, is_active="", email="vakt@example.no")).status_code == 403
    assert staff_client.post(f"/admin/authz/user/{operator.pk}/password/",
                             {"password1": "nytt-langt-passord-123", "password2": "nytt-langt-passord-123",
                              "usable_password": "true"}).status_code == 403
    assert staff_client.post(f"/admin/authz/user/{operator.pk}/delete/", {"post": "yes"}).status_code == 403
    staff_client.post("/admin/authz/user/", {"action": "delete_selected", "_selected_action": [operator.pk],
                                             "post": "yes"})
    authenticator = Authenticator.objects.get(user=operator)
    assert staff_client.post(f"/admin/mfa/authenticator/{authenticator.pk}/delete/",
                             {"post": "yes"}).status_code == 403
    assert _rights(operator) == before and Authenticator.objects.filter(pk=authenticator.pk).exists()
    assert not AuditEvent.objects.filter(action__startswith="operator.").exists()


def test_a_non_superuser_cannot_make_anyone_staff_or_change_groups(staff_client, staff, django_user_model):
    other = django_user_model.objects.create_user("kollega", password=OPERATOR_PASSWORD)
    staff_client.post(f"/admin/authz/user/{other.pk}/change/", _user_form(other, is_staff="on", is_superuser="on"))
    assert not User.objects.get(pk=other.pk).is_staff
    ctx = Context(actor=Actor.for_operator(staff.username), channel="admin")
    for changes in ({"is_staff": True}, {"is_superuser": True}, {"email": "ny@example.no"}):
        with pytest.raises(PermissionDenied):
            operator_update(ctx, user=other, changes=changes)
    with pytest.raises(PermissionDenied):
        operator_password_set(ctx, user=other, password="nytt-langt-passord-123")
    group = Group.objects.create(name="drift")
    with pytest.raises(PermissionDenied):
        group_save(ctx, group=group, name="drift", permissions=_perms("change_user"))
    assert staff_client.get(f"/admin/auth/group/{group.pk}/change/").status_code == 403
    assert not User.objects.get(pk=other.pk).is_staff and not group.permissions.exists()


def test_no_one_raises_their_own_rights_not_even_a_superuser(operator, staff):
    group = Group.objects.create(name="ekstra")
    for user, changes, groups in ((operator, {}, [group]), (staff, {"is_superuser": True}, None),
                                  (staff, {}, [group])):
        ctx = Context(actor=Actor.for_operator(user.username), channel="admin")
        with pytest.raises(PermissionDenied):
            operator_update(ctx, user=user, changes=changes, groups=groups)
    ctx = Context(actor=Actor.for_operator(operator.username), channel="admin")
    with pytest.raises(PermissionDenied):
        operator_password_set(ctx, user=operator, password="nytt-langt-passord-123")
    assert not AuditEvent.objects.filter(action__startswith="operator.").exists()


def test_a_superuser_changes_another_operators_rights_audited(operator_client, staff):
    group = Group.objects.create(name="lesere")
    response = operator_client.post(f"/admin/authz/user/{staff.pk}/change/", _user_form(
        staff, is_staff="on", is_superuser="on", groups=[group.pk]), HTTP_X_REQUEST_ID="rights-change-1")
    assert response.status_code == 302, response.content.decode()[:3000]
    assert _rights(staff)[:4] == (True, True, True, ["lesere"])
    event = AuditEvent.objects.get(action="operator.update")
    assert (event.channel, event.principal, event.request_id, event.target_id) == (
        "admin", "operator:drift", "rights-change-1", str(staff.pk))
    assert (event.before["is_superuser"], event.after["is_superuser"]) == (False, True)
    assert event.after["groups"] == ["lesere"]
    assert "password" not in str(event.after)


def test_a_superuser_sets_another_password_and_removes_a_second_factor_audited(operator_client, operator, staff):
    old_hash = staff.password
    response = operator_client.post(f"/admin/authz/user/{staff.pk}/password/", {
        "password1": "nytt-langt-passord-123", "password2": "nytt-langt-passord-123", "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get(pk=staff.pk).password != old_hash
    event = AuditEvent.objects.get(action="operator.password")
    assert event.channel == "admin" and "nytt-langt" not in str(event.after)

    own = Authenticator.objects.get(user=operator)
    assert operator_client.post(f"/admin/mfa/authenticator/{own.pk}/delete/", {"post": "yes"}).status_code == 403
    assert operator_client.post(f"/admin/authz/user/{operator.pk}/password/", {
        "password1": "nytt-langt-passord-123", "password2": "nytt-langt-passord-123",
        "usable_password": "true"}).status_code == 403
    other = Authenticator.objects.get(user=staff)
    response = operator_client.post(f"/admin/mfa/authenticator/{other.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(pk=other.pk).exists()
    assert AuditEvent.objects.get(action="operator.authenticator.delete").before == {"authenticator": "totp"}


def test_a_superuser_cannot_delete_their_own_account(operator_client, operator):
    assert operator_client.post(f"/admin/authz/user/{operator.pk}/delete/", {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=operator.pk).exists()


def test_group_changes_by_a_superuser_are_audited(operator_client):
    response = operator_client.post("/admin/auth/group/add/", {
        "name": "brukerstøtte", "permissions": [p.pk for p in _perms("view_user")]})
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="operator.group.create")
    assert event.after == {"name": "brukerstøtte", "permissions": ["authz.view_user"]}


def test_own_password_change_on_the_account_page_is_audited(operator_client, operator):
    response = operator_client.post("/accounts/password/change/", {
        "oldpassword": OPERATOR_PASSWORD, "password1": "nytt-langt-passord-123", "password2": "nytt-langt-passord-123"})
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="operator.password.self")
    assert (event.channel, event.principal, event.target_id) == ("admin", "operator:drift", str(operator.pk))


def test_only_superusers_create_accounts_and_the_creation_is_audited(operator_client, staff_client):
    assert staff_client.get("/admin/authz/user/add/").status_code == 403
    form = {"username": "ny-operator", "password1": "nytt-langt-passord-123", "password2": "nytt-langt-passord-123",
            "usable_password": "true"}
    assert staff_client.post("/admin/authz/user/add/", form).status_code == 403
    assert operator_client.get("/admin/authz/user/add/").status_code == 200
    response = operator_client.post("/admin/authz/user/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="ny-operator")
    assert user.check_password("nytt-langt-passord-123") and not user.is_staff
    event = AuditEvent.objects.get(action="operator.create")
    assert (event.channel, event.target_id, event.after["password_set"]) == ("admin", str(user.pk), True)


def test_email_addresses_are_read_only_in_the_admin(operator_client, staff):
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.create(user=staff, email="vakt@example.no", primary=True, verified=True)
    assert operator_client.get("/admin/account/emailaddress/add/").status_code == 403
    assert operator_client.post(f"/admin/account/emailaddress/{address.pk}/change/",
                                {"email": "angriper@example.no", "user": staff.pk}).status_code == 403
    assert operator_client.post(f"/admin/account/emailaddress/{address.pk}/delete/", {"post": "yes"}).status_code == 403
    assert EmailAddress.objects.get(pk=address.pk).email == "vakt@example.no"
