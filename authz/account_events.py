"""Audit of what operators change on their own account through allauth's pages (issue 9, item 1).

allauth changes the password (after asking for the current one), the e-mail addresses, and adds or removes
second factors (after a fresh second factor) in its own views; it announces each change with a signal, sent
inside the request's transaction (ATOMIC_REQUESTS). The receivers below write the audit event there, so the
change and its event commit together. Connected in `AuthzConfig.ready`.
"""

from __future__ import annotations

from django.db import transaction

from .audit import audit_record
from .context import Actor, Context


def _record(request, user, action: str, after: dict) -> None:
    ctx = Context(actor=Actor.for_operator(user.get_username()), channel="admin",
                  request_id=getattr(request, "request_id", "") if request is not None else "")
    with transaction.atomic():
        audit_record(ctx, action=action, organization=None, target=user, target_type="user", after=after)


def password_changed(sender, request=None, user=None, **kwargs) -> None:
    """allauth's password_changed/password_set/password_reset: "operator.password.self" (never the password)."""
    _record(request, user, "operator.password.self", {"password_login": True})


def authenticator_added(sender, request=None, user=None, authenticator=None, **kwargs) -> None:
    """allauth MFA's authenticator_added (TOTP activated, recovery codes made): "operator.authenticator.add"."""
    _record(request, user, "operator.authenticator.add", {"authenticator": getattr(authenticator, "type", "")})


def authenticator_removed(sender, request=None, user=None, authenticator=None, **kwargs) -> None:
    """allauth MFA's authenticator_removed (TOTP deactivated): "operator.authenticator.remove"."""
    _record(request, user, "operator.authenticator.remove", {"authenticator": getattr(authenticator, "type", "")})


def authenticator_reset(sender, request=None, user=None, authenticator=None, **kwargs) -> None:
    """allauth MFA's authenticator_reset (new recovery codes): "operator.authenticator.reset"."""
    _record(request, user, "operator.authenticator.reset", {"authenticator": getattr(authenticator, "type", "")})


def email_changed(sender, request=None, user=None, **kwargs) -> None:
    """allauth's email_added/email_changed/email_removed: "operator.email.change" with the addresses involved."""
    addresses = {key: getattr(kwargs.get(key), "email", "") for key in ("email_address", "from_email_address",
                                                                          "to_email_address") if kwargs.get(key)}
    _record(request, user, "operator.email.change", addresses)


def connect() -> None:
    """Connect the receivers to allauth's signals (idempotent: fixed dispatch uids)."""
    from allauth.account import signals as account_signals
    from allauth.mfa import signals as mfa_signals

    for signal in (account_signals.password_changed, account_signals.password_set, account_signals.password_reset):
        signal.connect(password_changed, dispatch_uid=f"authz-audit-{id(signal)}")
    for signal in (account_signals.email_added, account_signals.email_changed, account_signals.email_removed):
        signal.connect(email_changed, dispatch_uid=f"authz-audit-{id(signal)}")
    mfa_signals.authenticator_added.connect(authenticator_added, dispatch_uid="authz-audit-mfa-added")
    mfa_signals.authenticator_removed.connect(authenticator_removed, dispatch_uid="authz-audit-mfa-removed")
    mfa_signals.authenticator_reset.connect(authenticator_reset, dispatch_uid="authz-audit-mfa-reset")
