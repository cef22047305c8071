"""An integration's lifecycle in the web UI: deactivate (confirmed first), reactivate, and end the previous
password's overlap now. Each action calls `integrations.services`, which checks permission, locks the row and
audits; every POST redirects back to the integration with a message (POST-redirect-GET).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from integrations.services import integration_deactivate, integration_password_end_previous, integration_reactivate

from .views import _integration, _organization


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def integration_deactivate_view(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """GET: what deactivating means (calls stop at once; grants and passwords kept). POST: deactivate."""
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    if request.method == "POST":
        if integration.is_active:
            integration_deactivate(ctx, integration=integration)
            messages.success(request, _("«%(name)s» er deaktivert. Alle kall med integrasjonen blir avvist til "
                                        "du aktiverer den igjen.") % {"name": integration.name})
        else:
            messages.info(request, _("«%(name)s» var allerede deaktivert.") % {"name": integration.name})
        return redirect("portal:integration", orgnr=org.orgnr, pk=integration.pk)
    return render(request, "portal/integration_deactivate.html", {
        "organization": org, "integration": integration, "section": "integrations",
        "grants": integration.grants.select_related("privilege", "resource__service").order_by("privilege__code"),
    })


@login_required
@require_POST
def integration_reactivate_view(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """POST: let a deactivated integration call again, with the grants and passwords it had."""
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    if integration.is_active:
        messages.info(request, _("«%(name)s» var allerede aktiv.") % {"name": integration.name})
    else:
        integration_reactivate(ctx, integration=integration)
        messages.success(request, _("«%(name)s» er aktiv igjen, med de samme tilgangene og passordene.")
                         % {"name": integration.name})
    return redirect("portal:integration", orgnr=org.orgnr, pk=integration.pk)


@login_required
@require_POST
def integration_password_end_previous_view(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """POST: the previous password stops working now; only the current one works."""
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    had_previous = integration.previous_password_until is not None
    integration_password_end_previous(ctx, integration=integration)
    if had_previous:
        messages.success(request, _("Det forrige passordet til «%(name)s» virker ikke lenger. Bare det nye "
                                    "passordet virker.") % {"name": integration.name})
    else:
        messages.info(request, _("«%(name)s» hadde ikke noe forrige passord som fortsatt virket.")
                      % {"name": integration.name})
    return redirect("portal:integration", orgnr=org.orgnr, pk=integration.pk)
