"""Building the service-layer `Context` for a request of the web UI."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from authz.context import Actor, Context


def web_actor(request: HttpRequest) -> Actor | None:
    """The acting person of a logged-in request, or None.

    None for anonymous requests and for logins without a person (operators' local accounts, which use
    Django admin instead of the portal).
    """
    user = request.user
    if not user.is_authenticated or getattr(user, "person", None) is None:
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
