"""Permission classes of the API (kept apart from the views so DRF settings can import them early)."""

from rest_framework import exceptions
from rest_framework.permissions import BasePermission


class CallerRequired(BasePermission):
    """Only requests authenticated by an access token (request.user is a `Caller`) get through; else 401.

    The default for every DRF view; the schema and docs views override it with drf-spectacular's AllowAny.
    """

    def has_permission(self, request, view) -> bool:
        if getattr(request.user, "actor", None) is None:
            raise exceptions.NotAuthenticated()
        return True
