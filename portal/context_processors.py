"""Template context every page of the portal gets: the footer's contact details and the organization count."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from authz.selectors import organizations_for

from .context import web_actor


def portal(request: HttpRequest) -> dict:
    """Context for base.html.

    Output: `support_email`, `support_url`, `accessibility_statement_url` (strings from settings, may be empty)
    and `organization_count`, a callable the template calls only where it needs it (the organization menu): how
    many organizations the logged-in person administers (0 for visitors), so "Bytt organisasjon" shows only for
    people with several.
    """

    def organization_count() -> int:
        actor = web_actor(request)
        return organizations_for(actor, "change").count() if actor is not None else 0

    return {
        "support_email": settings.PORTAL_SUPPORT_EMAIL,
        "support_url": settings.PORTAL_SUPPORT_URL,
        "accessibility_statement_url": settings.PORTAL_ACCESSIBILITY_STATEMENT_URL,
        "organization_count": organization_count,
    }
