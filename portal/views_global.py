"""Global integrations in the web UI: the list, and the confirmation pages for activating and deactivating.

Activating a global integration grants privileges on the whole organization, so it is never one click: GET shows
what will be granted (or, for deactivation, the grants that will be removed) and who owns the integration (its
authorized orgnr with the name from Enhetsregisteret); POST to the same URL does it through
`integrations.services`, which checks permission and audits. Organizations are looked up through
`organizations_for` (another organization's pages answer 404).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from authz.models import Grant
from integrations.models import Activation
from integrations.selectors import global_integrations
from integrations.services import global_integration_activate, global_integration_deactivate

from .views import _organization


@login_required
@require_safe
def global_list(request: HttpRequest, orgnr: str) -> HttpResponse:
    """The platform's global integrations, each with the privileges it requests and whether it is active here."""
    _ctx, org = _organization(request, orgnr)
    return render(request, "portal/global_list.html", {
        "organization": org, "integrations": global_integrations(organization=org).order_by("name"),
        "section": "global",
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def global_activate(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """GET: what activating grants on the whole organization, and the owner. POST: activate (idempotent)."""
    ctx, org = _organization(request, orgnr)
    integration = get_object_or_404(global_integrations(), pk=pk)
    if request.method == "POST":
        try:
            _activation, created = global_integration_activate(ctx, integration=integration, organization=org)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if created:
                messages.success(request, _("«%(name)s» er aktivert for %(org)s.")
                                 % {"name": integration.name, "org": org.name})
            else:  # activated already (a double click, or another administrator)
                messages.info(request, _("«%(name)s» var allerede aktivert for %(org)s.")
                              % {"name": integration.name, "org": org.name})
        return redirect("portal:global_list", orgnr=org.orgnr)
    return render(request, "portal/global_confirm.html", {
        "organization": org, "integration": integration, "activate": True, "section": "global",
        "is_activated": Activation.objects.filter(integration=integration, organization=org).exists(),
        "privileges": integration.requested_privileges.select_related("service").order_by("code"),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def global_deactivate(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """GET: the grants deactivating removes from the organization, and the owner. POST: deactivate."""
    ctx, org = _organization(request, orgnr)
    integration = get_object_or_404(global_integrations(), pk=pk)
    if request.method == "POST":
        try:
            deactivated = global_integration_deactivate(ctx, integration=integration, organization=org)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if deactivated:
                messages.success(request, _("«%(name)s» er deaktivert for %(org)s, og tilgangene er fjernet.")
                                 % {"name": integration.name, "org": org.name})
            else:
                messages.info(request, _("«%(name)s» var ikke aktivert.") % {"name": integration.name})
        return redirect("portal:global_list", orgnr=org.orgnr)
    grants = (Grant.objects.filter(integration=integration, resource__organization=org)
              .select_related("privilege", "resource__service").order_by("privilege__code"))
    return render(request, "portal/global_confirm.html", {
        "organization": org, "integration": integration, "activate": False, "section": "global",
        "is_activated": Activation.objects.filter(integration=integration, organization=org).exists(),
        "grants": grants,
    })
