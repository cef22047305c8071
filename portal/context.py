"""Building the service-layer `Context` for a request of the web UI."""

from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from authz.context import Actor, Context

# The authentication backend of an ID-porten login (settings.AUTHENTICATION_BACKENDS).
IDPORTEN_BACKEND = "idporten.backends.IDPortenBackend"


def web_actor(request: HttpRequest) -> Actor | None:
    """The acting person of a logged-in request, or None.

    None for anonymous requests, for logins without a person (operators' local accounts, which use Django admin
    instead of the portal), and for a person's user logged in any other way than through ID-porten (e.g. a
    password an operator set in the admin, used at /accounts/login/): the portal acts for a person only on an
    ID-porten login, with its pid and level of assurance (DESIGN.md, "Login").
    """
    user = request.user
    if not user.is_authenticated or getattr(user, "person", None) is None:
        return None
    if request.session.get(BACKEND_SESSION_KEY) != IDPORTEN_BACKEND:
        return None
    return Actor.for_person(user.person)


def web_context(request: HttpRequest) -> Context:
    """The `Context` (channel "web", the request's id) for every service and selector call of a portal view.

    Raises `PermissionDenied` (403) if the login is not an ID-porten person.
    """
    actor = web_actor(request)
    if actor is None:
        raise PermissionDenied
    return Context(actor=actor, channel="web", request_id=getattr(request, "request_id", ""))
