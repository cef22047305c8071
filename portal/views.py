"""Views of the web UI for organization administrators.

Every organization is looked up through `authz.selectors.organizations_for(actor, "change")` and every
integration through `integrations.selectors.integrations_for`, so another organization's pages answer 404.
Every write goes through the services (`integrations.services`, `authz.services`), which check permission,
validate and audit; their `ValidationError` becomes form errors or an error message, and a successful POST
redirects (POST-redirect-GET) with a success message. The one exception is the new password, which is shown on
the POST response itself (never stored, never shown again).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from authz.context import Context
from authz.middleware import bad_request_response
from authz.models import AuditEvent, Grant, Organization, Privilege
from authz.selectors import organizations_for, root_resource
from authz.services import grant_create, grant_revoke, service_resource
from integrations.models import Integration
from integrations.selectors import global_integrations, integration_search, integrations_for
from integrations.services import (
    ConcurrentUpdate,
    global_integration_activate,
    global_integration_deactivate,
    integration_create,
    integration_delete,
    integration_password_rotate,
    integration_update,
)

from .context import web_actor, web_context
from .forms import GrantForm, IntegrationForm, SearchForm, add_service_errors

INTEGRATIONS_PER_PAGE = 25
AUDIT_EVENTS_PER_PAGE = 50

# What the audit trail's action names mean, for the audit page.
ACTION_LABELS = {
    "organization.create": gettext_lazy("Organisasjon opprettet"),
    "integration.create": gettext_lazy("Integrasjon opprettet"),
    "integration.update": gettext_lazy("Integrasjon endret"),
    "integration.delete": gettext_lazy("Integrasjon slettet"),
    "integration.password_rotate": gettext_lazy("Nytt passord laget"),
    "grant.create": gettext_lazy("Tilgang gitt"),
    "grant.revoke": gettext_lazy("Tilgang fjernet"),
    "global_integration.activate": gettext_lazy("Global integrasjon aktivert"),
    "global_integration.deactivate": gettext_lazy("Global integrasjon deaktivert"),
    "delegation.create": gettext_lazy("Fullmakt gitt"),
    "delegation.revoke": gettext_lazy("Fullmakt trukket tilbake"),
}
CHANNEL_LABELS = dict(AuditEvent.Channel.choices)


def _organization(request: HttpRequest, orgnr: str) -> tuple[Context, Organization]:
    """The request's context and the organization it administers with this orgnr; 404 for any other."""
    ctx = web_context(request)
    organization = get_object_or_404(organizations_for(ctx.actor, "change"), orgnr=orgnr)
    return ctx, organization


def _integration(ctx: Context, organization: Organization, pk: UUID) -> Integration:
    """The organization's integration with this id, as visible to the actor; 404 otherwise."""
    return get_object_or_404(integrations_for(ctx.actor, organization=organization), pk=pk)


def _safe_next(request: HttpRequest) -> str:
    """The `next` parameter if it points into this site, else "/" (no open redirects)."""
    candidate = request.GET.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Landing page: the login offer for visitors; for a logged-in person the organizations they administer.

    Exactly one organization redirects to it; none gives a friendly explanation.
    """
    actor = web_actor(request)
    if actor is None:
        return render(request, "portal/landing.html", {
            "next": _safe_next(request), "without_person": request.user.is_authenticated,
        })
    organizations = list(organizations_for(actor, "change").order_by("name"))
    if len(organizations) == 1:
        return redirect("portal:organization", orgnr=organizations[0].orgnr)
    return render(request, "portal/choose_organization.html", {"organizations": organizations})


@login_required
@require_safe
def organization(request: HttpRequest, orgnr: str) -> HttpResponse:
    """The organization's integrations, searchable (name, description, authorized orgnr) and paginated."""
    ctx, org = _organization(request, orgnr)
    form = SearchForm(request.GET or None)
    qs = integrations_for(ctx.actor, organization=org).order_by("name")
    query = ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        qs = integration_search(qs, query)
    page = Paginator(qs, INTEGRATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/integration_list.html", {
        "organization": org, "form": form, "query": query, "page_obj": page, "section": "integrations",
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def integration_new(request: HttpRequest, orgnr: str) -> HttpResponse:
    """Create an integration (name, description, authorized orgnr); field errors from the service."""
    ctx, org = _organization(request, orgnr)
    form = IntegrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            integration = integration_create(
                ctx, organization=org, name=data["name"], description=data["description"],
                authorized_orgnr=data["authorized_orgnr"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Integrasjonen «%(name)s» er opprettet.") % {"name": integration.name})
            return redirect("portal:integration", orgnr=org.orgnr, pk=integration.pk)
    return render(request, "portal/integration_form.html", {
        "organization": org, "form": form, "integration": None, "section": "integrations",
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def integration_edit(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """Change an integration's name, description and authorized orgnr; a concurrent change is reported."""
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    initial = {"name": integration.name, "description": integration.description,
               "authorized_orgnr": integration.authorized_orgnr, "version": integration.version}
    form = IntegrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            integration = integration_update(
                ctx, integration=integration, expected_version=data["version"], name=data["name"],
                description=data["description"], authorized_orgnr=data["authorized_orgnr"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except ConcurrentUpdate:
            form.add_error(None, _("Noen andre har endret integrasjonen mens du redigerte. Last siden på nytt "
                                   "og gjør endringen igjen."))
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("portal:integration", orgnr=org.orgnr, pk=integration.pk)
    return render(request, "portal/integration_form.html", {
        "organization": org, "form": form, "integration": integration, "section": "integrations",
    })


def _grantable_privileges() -> list[Privilege]:
    """Privileges that may be given to integrations, service by service (organization-wide ones first)."""
    return list(
        Privilege.objects.filter(for_integrations=True).select_related("service")
        .order_by(F("service__name").asc(nulls_first=True), "code")
    )


def _privilege_sections(integration: Integration) -> list[dict]:
    """Per service (None = the whole organization): each privilege with the integration's grants of it."""
    grants = list(integration.grants.select_related("privilege", "resource__service"))
    sections: OrderedDict = OrderedDict()
    for privilege in _grantable_privileges():
        section = sections.setdefault(privilege.service_id, {"service": privilege.service, "rows": []})
        section["rows"].append({
            "privilege": privilege,
            "grants": [g for g in grants if g.privilege_id == privilege.pk],
        })
    return list(sections.values())


@login_required
@require_safe
def integration_detail(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """An integration: its fields, password state, and privileges per service with grant/revoke buttons."""
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    return render(request, "portal/integration_detail.html", {
        "organization": org, "integration": integration, "sections": _privilege_sections(integration),
        "section": "integrations",
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def integration_delete_view(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """Confirmation page naming the grants that will go (GET), then the deletion (POST)."""
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    if request.method == "POST":
        name = integration.name
        codes = integration_delete(ctx, integration=integration)
        if codes:
            messages.success(request, _("Integrasjonen «%(name)s» er slettet, og disse tilgangene er fjernet: "
                                        "%(grants)s.") % {"name": name, "grants": ", ".join(codes)})
        else:
            messages.success(request, _("Integrasjonen «%(name)s» er slettet.") % {"name": name})
        return redirect("portal:organization", orgnr=org.orgnr)
    grants = integration.grants.select_related("privilege", "resource__service").order_by("privilege__code")
    return render(request, "portal/integration_confirm_delete.html", {
        "organization": org, "integration": integration, "grants": grants, "section": "integrations",
    })


@login_required
@require_POST
@never_cache
def integration_password(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """Generate or rotate the password and show it on this response only (never stored, never cached)."""
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    password = integration_password_rotate(ctx, integration=integration)
    response = render(request, "portal/integration_password.html", {
        "organization": org, "integration": integration, "password": password, "section": "integrations",
    })
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def grant_add(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """Grant the integration a privilege: on its service's resource, or on the organization if it has none."""
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    privileges = {p.code: p for p in _grantable_privileges()}
    form = GrantForm(request.POST, choices=[(code, p.name) for code, p in privileges.items()])
    if not form.is_valid():
        return bad_request_response(request, _("Ukjent privilegium."), "unknown_privilege")
    privilege = privileges[form.cleaned_data["privilege"]]
    resource = (service_resource(organization=org, service=privilege.service) if privilege.service_id
                else root_resource(org))
    try:
        _grant, created = grant_create(ctx, privilege=privilege, resource=resource, integration=integration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if created:
            messages.success(request, _("«%(integration)s» har fått tilgangen %(privilege)s.")
                             % {"integration": integration.name, "privilege": privilege.name})
        else:
            messages.info(request, _("«%(integration)s» hadde allerede tilgangen %(privilege)s.")
                          % {"integration": integration.name, "privilege": privilege.name})
    return redirect("portal:integration", orgnr=org.orgnr, pk=integration.pk)


@login_required
@require_POST
def grant_remove(request: HttpRequest, orgnr: str, pk: UUID, grant_id: int) -> HttpResponse:
    """Revoke one of the integration's grants."""
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    grant = get_object_or_404(Grant.objects.select_related("privilege", "resource"), pk=grant_id,
                              integration=integration)
    name = grant.privilege.name
    try:
        grant_revoke(ctx, grant=grant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tilgangen %(privilege)s er fjernet fra «%(integration)s».")
                         % {"privilege": name, "integration": integration.name})
    return redirect("portal:integration", orgnr=org.orgnr, pk=integration.pk)


@login_required
@require_safe
def global_list(request: HttpRequest, orgnr: str) -> HttpResponse:
    """The platform's global integrations, each with the privileges it requests and whether it is active here."""
    _ctx, org = _organization(request, orgnr)
    return render(request, "portal/global_list.html", {
        "organization": org, "integrations": global_integrations(organization=org).order_by("name"),
        "section": "global",
    })


def _global_change(request: HttpRequest, orgnr: str, pk: UUID, *, activate: bool) -> HttpResponse:
    ctx, org = _organization(request, orgnr)
    integration = get_object_or_404(global_integrations(), pk=pk)
    try:
        if activate:
            global_integration_activate(ctx, integration=integration, organization=org)
            messages.success(request, _("«%(name)s» er aktivert for %(org)s.")
                             % {"name": integration.name, "org": org.name})
        elif global_integration_deactivate(ctx, integration=integration, organization=org):
            messages.success(request, _("«%(name)s» er deaktivert for %(org)s, og tilgangene er fjernet.")
                             % {"name": integration.name, "org": org.name})
        else:
            messages.info(request, _("«%(name)s» var ikke aktivert.") % {"name": integration.name})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("portal:global_list", orgnr=org.orgnr)


@login_required
@require_POST
def global_activate(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """Activate a global integration for the organization (grants exactly its requested privileges)."""
    return _global_change(request, orgnr, pk, activate=True)


@login_required
@require_POST
def global_deactivate(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """Deactivate a global integration for the organization (revokes its grants there)."""
    return _global_change(request, orgnr, pk, activate=False)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value not in (None, {}) else ""


@login_required
@require_safe
def audit_log(request: HttpRequest, orgnr: str) -> HttpResponse:
    """The organization's audit trail, newest first, paginated; principals shown masked."""
    _ctx, org = _organization(request, orgnr)
    events = AuditEvent.objects.filter(organization=org).select_related("service").order_by("-time")
    page = Paginator(events, AUDIT_EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [{
        "event": event,
        "action_label": ACTION_LABELS.get(event.action, event.action),
        "channel_label": CHANNEL_LABELS.get(event.channel, event.channel),
        "before": _json(event.before), "after": _json(event.after),
    } for event in page]
    return render(request, "portal/audit_log.html", {
        "organization": org, "page_obj": page, "rows": rows, "section": "audit",
    })

