"""Pages every visitor may read: the accessibility statement, the privacy statement, and the favicon redirect.

The support contact and the link to the published accessibility statement (uustatus.no) come from settings
(`PORTAL_SUPPORT_EMAIL`, `PORTAL_SUPPORT_URL`, `PORTAL_ACCESSIBILITY_STATEMENT_URL`) through
`portal.context_processors.footer`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_safe


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """Tilgjengelighetserklæring: the standard the portal follows, how it is tested, known gaps, whom to tell."""
    return render(request, "portal/accessibility.html")


@require_safe
def privacy_statement(request: HttpRequest) -> HttpResponse:
    """Personvernerklæring: what the portal stores about the people who use it, why, for how long."""
    return render(request, "portal/privacy.html")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, asked for by pages without a <link rel="icon"> (admin, API docs): 301 to the SVG icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
