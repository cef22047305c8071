"""The operators' Django admin: only staff who logged in through django-allauth with a second factor (TOTP).

Rules (issue 2, item 7; DESIGN.md, "Operators"): the admin is for platform operators, local accounts made with
`createsuperuser`; they log in at allauth's `/accounts/login/` with password + TOTP. The admin's own
password-only login page is never offered: it redirects to allauth. A staff user who has no TOTP yet is sent to
allauth's TOTP setup first; one who has TOTP but did not use it in this session is sent to allauth's second-factor
confirmation. Users who logged in with ID-porten (`User.person` set) are never operators.
"""

from __future__ import annotations

import warnings
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.common import no_append_slash

from .redirects import keep_method


def session_has_mfa(request: HttpRequest) -> bool:
    """True if the current session's user completed a second factor through allauth in this session.

    Source: allauth records each authentication step of a session (`record_authentication`, method "mfa" for
    TOTP and recovery codes, also on re-authentication) under the session key
    `allauth.account.authentication.AUTHENTICATION_METHODS_SESSION_KEY`, tied to the user's id;
    `get_authentication_records` returns them only for that user. A login that did not go through allauth
    (e.g. `force_login`, Django's own admin login, ID-porten) has no such record.
    """
    from allauth.account.authentication import get_authentication_records

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def user_has_totp(user) -> bool:
    """True if the user has an activated TOTP authenticator (`allauth.mfa.utils.is_mfa_enabled`)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


def is_operator_candidate(user) -> bool:
    """Active staff with a local account: never an ID-porten user (one with a `person`)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and getattr(user, "person_id", None) is None
    )


class SafeChangeList(ChangeList):
    """A changelist whose query parameters can never cause a 500.

    Django turns most bad parameters into `IncorrectLookupParameters` (the changelist's own "?e=1" error page),
    but not all: a date drill-down at the end of the calendar (`?time__year=9999` → ValueError/OverflowError
    computing the next year), a value the database refuses (DataError, e.g. an integer out of range on
    PostgreSQL). Those become `IncorrectLookupParameters` too. The queries run in a savepoint so a refused query
    does not spoil the request's transaction. A date typed into the URL without a time zone is read in the site's
    time zone, as Django does (its warning is not an error here).
    """

    def __init__(self, *args, **kwargs):
        try:
            with warnings.catch_warnings(), transaction.atomic():
                warnings.filterwarnings("ignore", message=r".*received a naive datetime", category=RuntimeWarning)
                super().__init__(*args, **kwargs)
        except (ValueError, OverflowError, DatabaseError) as exc:
            raise IncorrectLookupParameters(exc) from exc


class SafeChangeListMixin:
    """ModelAdmin mixin: the changelist is a `SafeChangeList`."""

    def get_changelist(self, request, **kwargs):
        return SafeChangeList


class OperatorAdminSite(admin.AdminSite):
    """Django admin that requires an allauth login with a completed second factor (TOTP).

    `has_permission`: active staff, not an ID-porten user, TOTP activated, and a second factor completed in
    this session. `login`: never shows Django's password form; redirects to allauth's login, TOTP setup or
    second-factor confirmation as needed, and answers 403 to a logged-in user who is not an operator.
    """

    site_header = _("Konfigurasjonsportalen – drift")
    site_title = _("Konfigurasjonsportalen – drift")
    index_title = _("Driftsadministrasjon")

    def register(self, model_or_iterable, admin_class=None, **options):
        """Register as Django does, with `SafeChangeListMixin` mixed into every model admin (also the ones that
        Django and allauth register), so no changelist answers a bad query parameter with a 500."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, SafeChangeListMixin):
            admin_class = type(admin_class.__name__, (SafeChangeListMixin, admin_class),
                               {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__})
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request: HttpRequest) -> bool:
        """Inputs: the request. Output: True only for an operator who completed TOTP in this session."""
        user = getattr(request, "user", None)
        return is_operator_candidate(user) and user_has_totp(user) and session_has_mfa(request)

    @no_append_slash
    def catch_all_view(self, request: HttpRequest, url: str):
        """Django's: an admin URL missing its slash redirects to the one with it, else 404; for POST, PUT, PATCH
        and DELETE the redirect is a 308, which keeps the method and the form (authz.redirects)."""
        return keep_method(request, super().catch_all_view(request, url))

    def _next_url(self, request: HttpRequest) -> str:
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME) or ""
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = ""
        return next_url or reverse("admin:index", current_app=self.name)

    def login(self, request: HttpRequest, extra_context=None):
        """Send the visitor to the step they are missing; Django's password-only login is never used.

        Anonymous → allauth's login; staff without TOTP → allauth's TOTP activation; staff with TOTP but no
        second factor in this session → allauth's second-factor confirmation; an operator already allowed →
        the `next` page; any other logged-in user (not staff, inactive, ID-porten) → 403.
        """
        next_url = self._next_url(request)
        query = "?" + urlencode({REDIRECT_FIELD_NAME: next_url})
        user = request.user
        if not user.is_authenticated:
            return HttpResponseRedirect(reverse("account_login") + query)
        if not is_operator_candidate(user):
            raise PermissionDenied(_("Denne siden er bare for driftsoperatører."))
        if not user_has_totp(user):
            return HttpResponseRedirect(reverse("mfa_activate_totp") + query)
        if not session_has_mfa(request):
            return HttpResponseRedirect(reverse("mfa_reauthenticate") + query)
        return HttpResponseRedirect(next_url)


class OperatorAdminConfig(AdminConfig):
    """Replaces "django.contrib.admin" in INSTALLED_APPS so `admin.site` is an `OperatorAdminSite`."""

    default_site = "authz.admin_site.OperatorAdminSite"


def operator_context(request: HttpRequest):
    """The service `Context` for a change made in the admin: operator actor, channel "admin", the request id."""
    from .context import Actor, Context

    return Context(
        actor=Actor.for_operator(request.user.get_username()),
        channel="admin",
        request_id=getattr(request, "request_id", ""),
    )
