"""Session lifetime: an absolute limit from the login and an idle limit, the same on every app server.

Rules (issue 9, item 6):
- a person logged in with ID-porten: at most `SESSION_PERSON_MAX_AGE_SECONDS` (default 120 minutes) from the
  login and `SESSION_PERSON_IDLE_SECONDS` (default 30 minutes) without a request, as ID-porten's own session
  (Digdir, "ID-porten: sesjonshåndtering": 120 minutes at most, 30 minutes idle);
- an operator (local account with TOTP, the admin): at most `SESSION_OPERATOR_MAX_AGE_SECONDS` (default 12 hours)
  from the login and `SESSION_OPERATOR_IDLE_SECONDS` (default 15 minutes) idle: OWASP ASVS 4.0.3 V3.3.2 at level 3
  (12 hours or 15 minutes of inactivity, with a second factor), since the admin can change everything.
When either limit has passed, the request is logged out before any view runs: it goes on as anonymous (a page
that needs a login sends the browser to log in again; a pending POST is not applied) and the user is told why.

The times are kept in the session (Unix seconds, `LOGIN_AT`/`SEEN_AT`), which lives in the shared database, so
every app server applies the same limits. The login time is written by the `user_logged_in` receiver for every
kind of login (ID-porten callback, allauth, tests); an authenticated session without it (older than this rule) is
treated as expired. The last-seen time is written at most once a minute (`TOUCH_SECONDS`), so the idle limit
holds to within a minute without a database write on every request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

LOGIN_AT = "portal_login_at"
SEEN_AT = "portal_seen_at"
TOUCH_SECONDS = 60


@dataclass(frozen=True)
class SessionPolicy:
    """Limits of one kind of session, in seconds: `max_age` from the login, `idle` since the last request."""

    max_age: int
    idle: int


def policy_for(user) -> SessionPolicy:
    """The limits for `user`: the ID-porten policy for a person's login, the operator policy for anyone else."""
    if getattr(user, "person_id", None) is not None:
        return SessionPolicy(settings.SESSION_PERSON_MAX_AGE_SECONDS, settings.SESSION_PERSON_IDLE_SECONDS)
    return SessionPolicy(settings.SESSION_OPERATOR_MAX_AGE_SECONDS, settings.SESSION_OPERATOR_IDLE_SECONDS)


def _now() -> int:
    return int(timezone.now().timestamp())


def stamp_login(sender, request=None, user=None, **kwargs) -> None:
    """`user_logged_in` receiver: the session's login time and last-seen time are now (a new login starts over)."""
    session = getattr(request, "session", None)
    if session is not None:
        now = _now()
        session[LOGIN_AT] = now
        session[SEEN_AT] = now


def session_expired(request: HttpRequest, user) -> bool:
    """True if the logged-in session of `user` is past its absolute or idle limit (or has no login time)."""
    login_at, seen_at = request.session.get(LOGIN_AT), request.session.get(SEEN_AT)
    if not isinstance(login_at, int) or not isinstance(seen_at, int):
        return True
    policy, now = policy_for(user), _now()
    return now - login_at >= policy.max_age or now - seen_at >= policy.idle


class SessionLifetimeMiddleware:
    """After authentication: log out a session past its limit before the view runs, else note the activity.

    Must come after `AuthenticationMiddleware` and `MessageMiddleware` (the "session expired" message).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if session_expired(request, user):
                auth.logout(request)
                if not request.path.startswith("/api/"):
                    messages.info(request, _("Økten din er utløpt. Logg inn på nytt."))
            else:
                now = _now()
                if now - request.session[SEEN_AT] >= TOUCH_SECONDS:
                    request.session[SEEN_AT] = now
        return self.get_response(request)


def connect() -> None:
    """Connect `stamp_login` to Django's `user_logged_in` (sent by every login)."""
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(stamp_login, dispatch_uid="authz-session-login-time")
