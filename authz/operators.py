"""Operators' accounts: rights, passwords, groups and second factors, changed only through these audited services.

Rules (issue 9, item 1): the rights of an account are staff and superuser status, active status, groups and
permissions; with its password, username, e-mail address and second factors (allauth MFA authenticators) they
decide who can act as whom in the admin. So:
- only an active superuser changes any of them on another account, and only a superuser changes anything at all
  on another staff or superuser account;
- nobody raises their own rights (sets their own staff/superuser/active flag, adds a group or permission), and
  nobody changes their own password or removes their own second factor here: those go through allauth's own
  pages, which ask for the current password or a fresh second factor (and are audited as well);
- a group's permissions are changed only by superusers (they raise every member's rights).
Each change writes one audit event (organization None, target the account) in the same transaction, with
before/after snapshots of the rights (never a password or its hash). `ctx.actor` is an operator (checked against
its current database row, not the request's copy) or the system (management commands), which may do everything.
All raise `PermissionDenied` when the actor may not make the change; nothing is written then.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .audit import audit_record
from .context import Context
from .models import User

FLAGS = ("is_active", "is_staff", "is_superuser")
IDENTITY = ("username", "email")
PROFILE = ("first_name", "last_name")


def permission_names(permissions) -> list[str]:
    """Permissions as sorted "app_label.codename" strings."""
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)


def account_snapshot(user: User) -> dict[str, Any]:
    """The account's identity and rights as JSON: username, e-mail, names, flags, group names, permissions."""
    snapshot: dict[str, Any] = {name: getattr(user, name) for name in (*IDENTITY, *PROFILE, *FLAGS)}
    if user.pk:
        snapshot["groups"] = sorted(user.groups.values_list("name", flat=True))
        snapshot["user_permissions"] = permission_names(user.user_permissions.select_related("content_type"))
    else:
        snapshot["groups"], snapshot["user_permissions"] = [], []
    return snapshot


def acting_user(ctx: Context) -> User | None:
    """The acting operator's current row, or None for the system actor (management commands).

    Raises `PermissionDenied` for any other actor kind, or an operator whose account is gone.
    """
    if ctx.actor.kind == "system":
        return None
    user = User.objects.filter(username=ctx.actor.username).first() if ctx.actor.kind == "operator" else None
    if user is None or not user.is_active:
        raise PermissionDenied(_("Bare driftsoperatører kan endre brukerkontoer."))
    return user


def _raises(before: dict, after: dict) -> bool:
    return (any(after[flag] and not before[flag] for flag in FLAGS)
            or bool(set(after["groups"]) - set(before["groups"]))
            or bool(set(after["user_permissions"]) - set(before["user_permissions"])))


def require_account_change(ctx: Context, *, user: User, before: dict | None, after: dict | None,
                           password: bool = False, authenticator: bool = False) -> None:
    """Raise `PermissionDenied` unless `ctx.actor` may change `user`'s account from `before` to `after`.

    `before`/`after` are `account_snapshot`s (None for an account being created or deleted); `password` and
    `authenticator` say the change sets a password or removes a second factor. Rules: see the module docstring.
    """
    actor = acting_user(ctx)
    if actor is None:
        return
    own = user.pk is not None and actor.pk == user.pk
    before = before or {**{f: False for f in FLAGS}, "groups": [], "user_permissions": []}
    after = after or {**{f: False for f in FLAGS}, "groups": [], "user_permissions": []}
    if own:
        if _raises(before, after):
            raise PermissionDenied(_("Ingen kan gi seg selv flere rettigheter."))
        if password or authenticator:
            raise PermissionDenied(_("Eget passord og egen tofaktor endres på kontosiden din, ikke i admin."))
        return
    if actor.is_superuser:
        return
    rights_changed = any(before.get(k) != after.get(k) for k in (*FLAGS, *IDENTITY, "groups", "user_permissions"))
    operator_account = user.is_staff or user.is_superuser or before.get("is_staff") or before.get("is_superuser")
    if rights_changed or password or authenticator or operator_account:
        raise PermissionDenied(_("Bare superbrukere kan endre rettigheter, passord og tofaktor for andre."))


def _audit(ctx: Context, action: str, user: User, before: dict | None, after: dict | None) -> None:
    audit_record(ctx, action=action, organization=None, target=user, target_type="user", before=before, after=after)


@transaction.atomic
def operator_create(ctx: Context, *, username: str, password: str | None, is_staff: bool = False,
                    is_superuser: bool = False) -> User:
    """Create a local account (`password` None: no usable password). Output: the user. Audited "operator.create".

    Raises `PermissionDenied` (staff or superuser status given by a non-superuser).
    """
    user = User(username=username, is_staff=is_staff, is_superuser=is_superuser, is_active=True)
    after = account_snapshot(user)
    require_account_change(ctx, user=user, before=None, after=after)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    _audit(ctx, "operator.create", user, None, {**after, "password_set": password is not None})
    return user


@transaction.atomic
def operator_update(ctx: Context, *, user: User, changes: dict[str, Any], groups=None,
                    user_permissions=None) -> User:
    """Change an account's fields (`changes`: names from IDENTITY, PROFILE and FLAGS) and, when given, replace its
    groups and permissions (iterables of `Group`/`Permission`). Output: the user, saved. Audited "operator.update"
    with the rights before and after; nothing is written or audited when nothing changes.

    Raises `PermissionDenied` per `require_account_change`, `ValueError` for a field that is not changeable here.
    """
    unknown = set(changes) - {*IDENTITY, *PROFILE, *FLAGS}
    if unknown:
        raise ValueError(f"not changeable here: {sorted(unknown)}")
    user = User.objects.select_for_update().get(pk=user.pk)
    before = account_snapshot(user)
    after = {**before, **changes}
    if groups is not None:
        groups = list(groups)
        after["groups"] = sorted(g.name for g in groups)
    if user_permissions is not None:
        user_permissions = list(Permission.objects.filter(pk__in=[p.pk for p in user_permissions])
                                .select_related("content_type"))
        after["user_permissions"] = permission_names(user_permissions)
    if after == before:
        return user
    require_account_change(ctx, user=user, before=before, after=after)
    for name, value in changes.items():
        setattr(user, name, value)
    user.save()
    if groups is not None:
        user.groups.set(groups)
    if user_permissions is not None:
        user.user_permissions.set(user_permissions)
    _audit(ctx, "operator.update", user, before, after)
    return user


@transaction.atomic
def operator_password_set(ctx: Context, *, user: User, password: str | None) -> None:
    """Set another account's password (`None`: password login disabled). Audited "operator.password" (without it).

    Raises `PermissionDenied` per `require_account_change` (never one's own: allauth's change-password page).
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    require_account_change(ctx, user=user, before=account_snapshot(user), after=account_snapshot(user), password=True)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    _audit(ctx, "operator.password", user, None, {"password_login": password is not None})


@transaction.atomic
def operator_delete(ctx: Context, *, user: User) -> None:
    """Delete an account (never one's own). Audited "operator.delete" with its last rights.

    Raises `PermissionDenied` per `require_account_change`, and for one's own account.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    before = account_snapshot(user)
    actor = acting_user(ctx)
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(_("Du kan ikke slette din egen konto."))
    require_account_change(ctx, user=user, before=before, after=None)
    _audit(ctx, "operator.delete", user, before, None)
    user.delete()


@transaction.atomic
def operator_authenticator_delete(ctx: Context, *, authenticator) -> None:
    """Remove another operator's second factor (allauth `Authenticator`); at the next login they set up TOTP
    again. Audited "operator.authenticator.delete" with its type. Raises `PermissionDenied` (own, non-superuser)."""
    user = authenticator.user
    snapshot = account_snapshot(user)
    require_account_change(ctx, user=user, before=snapshot, after=snapshot, authenticator=True)
    _audit(ctx, "operator.authenticator.delete", user, {"authenticator": authenticator.type}, None)
    authenticator.delete()


def _group_snapshot(group: Group) -> dict[str, Any]:
    return {"name": group.name,
            "permissions": permission_names(group.permissions.select_related("content_type")) if group.pk else []}


@transaction.atomic
def group_save(ctx: Context, *, group: Group, name: str, permissions) -> Group:
    """Create or change a group (name, permissions). Only superusers (or the system): a group's permissions are
    its members' rights. Audited "operator.group.create"/"operator.group.update". Raises `PermissionDenied`."""
    actor = acting_user(ctx)
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(_("Bare superbrukere kan endre grupper."))
    created = group.pk is None
    before = None if created else _group_snapshot(Group.objects.select_for_update().get(pk=group.pk))
    group.name = name
    group.save()
    group.permissions.set(list(permissions))
    after = _group_snapshot(group)
    if before != after:
        audit_record(ctx, action=f"operator.group.{'create' if created else 'update'}", organization=None,
                     target=group, target_type="group", before=before, after=after)
    return group


@transaction.atomic
def group_delete(ctx: Context, *, group: Group) -> None:
    """Delete a group (its members lose its permissions). Only superusers. Audited "operator.group.delete"."""
    actor = acting_user(ctx)
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied(_("Bare superbrukere kan endre grupper."))
    members = sorted(group.user_set.values_list("username", flat=True))
    audit_record(ctx, action="operator.group.delete", organization=None, target=group, target_type="group",
                 before={**_group_snapshot(group), "members": members})
    group.delete()
