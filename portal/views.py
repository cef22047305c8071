"""Views of the web UI for organization administrators.

Every organization is looked up through `authz.selectors.organizations_for(actor, "change")` and every
integration through `integrations.selectors.integrations_for`, so another organization's pages answer 404.
Every write goes through the services (`integrations.services`, `authz.services`), which check permission,
validate and audit; their `ValidationError` becomes form errors or an error message, and every successful POST
redirects (POST-redirect-GET) with a success message. A new integration password is kept in the session for exactly
one display: the GET page after the POST takes it out of the session (so a reload shows it no more and rotates
nothing); only its hash is stored in the database, and it is never in a URL.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from authz.context import Context
from authz.identifiers import is_orgnr, normalize_orgnr
from authz.middleware import bad_request_response
from authz.models import Grant, Organization, Privilege
from authz.selectors import organizations_for, root_resource
from authz.services import grant_create, grant_revoke, service_resource
from integrations.models import Integration
from integrations.selectors import integration_search, integrations_for
from integrations.services import (
    ConcurrentUpdate,
    integration_delete,
    integration_get_or_create,
    integration_password_rotate,
    integration_update,
)

from .context import web_actor, web_context
from .forms import GrantForm, IntegrationForm, PasswordRotateForm, SearchForm, add_service_errors

INTEGRATIONS_PER_PAGE = 25
AUDIT_EVENTS_PER_PAGE = 50

# Session key of the new passwords waiting for their one display: {integration id: {"password", "at"}}.
NEW_PASSWORDS_SESSION_KEY = "portal_new_passwords"
# A new password not shown within this many seconds after it was made is dropped unseen.
NEW_PASSWORD_MAX_AGE = 300

# What an organization-wide privilege lets an integration do, spelt out on its confirmation page.
ORGANIZATION_WIDE_CONSEQUENCES = {
    "KONFIG.CONFIGURE": [
        gettext_lazy("opprette, endre og slette organisasjonens integrasjoner og lage nye passord for dem"),
        gettext_lazy("gi og fjerne tilganger, også denne, for alle organisasjonens tjenester"),
        gettext_lazy("aktivere og deaktivere globale integrasjoner"),
        gettext_lazy("gi og trekke tilbake fullmakter på vegne av organisasjonen"),
        gettext_lazy("lese organisasjonens konfigurasjon og logg gjennom API-et"),
    ],
}


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
    organizations = list(organizations_for(actor, "administer").order_by("name"))
    changeable = set(organizations_for(actor, "change").values_list("pk", flat=True))
    for org in organizations:  # service administrators start on the people page, the only one open to them
        org.start_url = reverse("portal:organization" if org.pk in changeable else "portal:people", args=[org.orgnr])
    if len(organizations) == 1:
        return redirect(organizations[0].start_url)
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
            integration, created = integration_get_or_create(
                ctx, organization=org, name=data["name"], description=data["description"],
                authorized_orgnr=data["authorized_orgnr"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                messages.success(request, _("Integrasjonen «%(name)s» er opprettet.") % {"name": integration.name})
            else:  # the same form sent twice (double click, reload): show what the first one made
                messages.info(request, _("Integrasjonen «%(name)s» finnes allerede.") % {"name": integration.name})
            return redirect("portal:integration", orgnr=org.orgnr, pk=integration.pk)
    _set_focus(form)
    return render(request, "portal/integration_form.html", {
        "organization": org, "form": form, "integration": None, "section": "integrations",
        "orgnr_to_name": _orgnr_to_name(form),
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
    _set_focus(form)
    return render(request, "portal/integration_form.html", {
        "organization": org, "form": form, "integration": integration, "section": "integrations",
        "orgnr_to_name": _orgnr_to_name(form),
    })


def _orgnr_to_name(form: IntegrationForm) -> str:
    """The valid orgnr the form shows (typed or current, spaces removed) to name under the field; "" if none."""
    value = normalize_orgnr(str(form["authorized_orgnr"].value() or ""))
    return value if is_orgnr(value) else ""


def _set_focus(form: IntegrationForm) -> None:
    """Where the keyboard focus starts: the first field of a form without errors (autofocus on its input).

    A form with errors gets no field autofocus: the error summary (`_form_errors.html`) carries it instead, so a
    keyboard or screen-reader user lands on the list of what to fix.
    """
    if form.is_bound and form.errors:
        return
    first = next(iter(form.visible_fields()), None)
    if first is not None:
        first.field.widget.attrs["autofocus"] = True


def _grantable_privileges() -> list[Privilege]:
    """Privileges that may be given to integrations, service by service (organization-wide ones first)."""
    return list(
        Privilege.objects.filter(for_integrations=True).select_related("service")
        .order_by(F("service__name").asc(nulls_first=True), "code")
    )


def _privilege_sections(integration: Integration) -> list[dict]:
    """Per service (None = the whole organization): each privilege with the integration's grants of it."""
    # Root path "12/" sorts before a service's "12/34/": the organization-wide grant is listed first.
    grants = list(integration.grants.select_related("privilege", "resource__service").order_by("resource__path", "pk"))
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


def _no_store(response: HttpResponse) -> HttpResponse:
    """Mark a response as never to be stored by browsers or proxies (pages with or about a password)."""
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
@never_cache
def integration_password_confirm(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """GET: the confirmation page before a new password replaces the existing one.

    It asks how long the old password keeps working (the overlap, default 30 minutes, 0-24 hours), so the vendor
    can switch without downtime, and offers the POST button. For an integration without a password it simply
    offers to make the first one.
    """
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    return _password_confirm_page(request, org, integration, PasswordRotateForm())


def _password_confirm_page(request: HttpRequest, org: Organization, integration: Integration,
                           form: PasswordRotateForm) -> HttpResponse:
    return _no_store(render(request, "portal/integration_password_confirm.html", {
        "organization": org, "integration": integration, "form": form, "section": "integrations",
    }))


@login_required
@require_POST
def integration_password(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """POST: generate or rotate the password, keep it in the session for one display, redirect to that display.

    Replacing an existing password needs `confirm=yes` from the confirmation page; without it the browser is sent
    to the confirmation page and nothing changes (so a stale "Lag passord" button or a double click never
    replaces a password silently). With it, `overlap_minutes` says how long the old password keeps working
    (0-1440); a bad value re-shows the confirmation page with a field error and changes nothing. The password
    never goes into a URL.
    """
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    overlap = None
    if integration.has_password:
        if request.POST.get("confirm") != "yes":
            return redirect("portal:integration_password_confirm", orgnr=org.orgnr, pk=integration.pk)
        form = PasswordRotateForm(request.POST)
        if not form.is_valid():
            return _password_confirm_page(request, org, integration, form)
        overlap = form.cleaned_data["overlap_minutes"]
    try:
        password = integration_password_rotate(ctx, integration=integration, overlap_minutes=overlap)
    except ValidationError as error:
        form = PasswordRotateForm(request.POST)
        form.is_valid()
        add_service_errors(form, error)
        return _password_confirm_page(request, org, integration, form)
    waiting = request.session.get(NEW_PASSWORDS_SESSION_KEY)
    waiting = waiting if isinstance(waiting, dict) else {}
    waiting[str(integration.pk)] = {"password": password, "at": int(time.time())}
    request.session[NEW_PASSWORDS_SESSION_KEY] = waiting
    return redirect("portal:integration_password_shown", orgnr=org.orgnr, pk=integration.pk)


def _take_new_password(request: HttpRequest, integration: Integration) -> str | None:
    """Remove the integration's waiting new password from the session and return it (None if none or too old)."""
    waiting = request.session.get(NEW_PASSWORDS_SESSION_KEY)
    if not isinstance(waiting, dict):
        return None
    entry = waiting.pop(str(integration.pk), None)
    now = int(time.time())
    waiting = {key: value for key, value in waiting.items()
               if isinstance(value, dict) and now - int(value.get("at", 0)) <= NEW_PASSWORD_MAX_AGE}
    if waiting:
        request.session[NEW_PASSWORDS_SESSION_KEY] = waiting
    else:
        request.session.pop(NEW_PASSWORDS_SESSION_KEY, None)
    if not isinstance(entry, dict) or now - int(entry.get("at", 0)) > NEW_PASSWORD_MAX_AGE:
        return None
    password = entry.get("password")
    return password if isinstance(password, str) and password else None


@login_required
@require_safe
@never_cache
def integration_password_shown(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """GET: show the new password once (Cache-Control: no-store); a reload shows a note instead.

    The password is taken out of the session by the first GET (HEAD leaves it), so it appears in exactly one
    page; a reload, the back button or another tab gets "Passordet vises bare én gang" and changes nothing.
    """
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    password = _take_new_password(request, integration) if request.method == "GET" else None
    return _no_store(render(request, "portal/integration_password.html", {
        "organization": org, "integration": integration, "password": password, "section": "integrations",
        # Switching language here goes back to the integration (the password is not shown twice anyway).
        "language_next": reverse("portal:integration", args=[org.orgnr, integration.pk]),
    }))


def _privilege_from(data) -> Privilege | None:
    """The privilege an integration may be given that `data` ("privilege": code) names, or None."""
    privileges = {p.code: p for p in _grantable_privileges()}
    form = GrantForm(data, choices=[(code, p.name) for code, p in privileges.items()])
    return privileges[form.cleaned_data["privilege"]] if form.is_valid() else None


@login_required
@require_safe
def grant_confirm(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """GET ?privilege=CODE: the confirmation page before an organization-wide privilege is given.

    It says what the privilege allows on the whole organization and to which system (the integration's
    authorized orgnr, named), and offers the POST button (`confirm=yes`). 400 for an unknown privilege.
    """
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    privilege = _privilege_from(request.GET)
    if privilege is None:
        return bad_request_response(request, _("Ukjent privilegium."), "unknown_privilege")
    return render(request, "portal/grant_confirm.html", {
        "organization": org, "integration": integration, "privilege": privilege, "section": "integrations",
        "consequences": ORGANIZATION_WIDE_CONSEQUENCES.get(privilege.code, []),
    })


@login_required
@require_POST
def grant_add(request: HttpRequest, orgnr: str, pk: UUID) -> HttpResponse:
    """Grant the integration a privilege: on its service's resource, or on the organization if it has none.

    An organization-wide privilege (`KONFIG.CONFIGURE`) needs `confirm=yes` from its confirmation page; without
    it the browser is sent there and nothing changes.
    """
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    privilege = _privilege_from(request.POST)
    if privilege is None:
        return bad_request_response(request, _("Ukjent privilegium."), "unknown_privilege")
    if privilege.is_organization_wide and request.POST.get("confirm") != "yes":
        return redirect(reverse("portal:grant_confirm", args=[org.orgnr, integration.pk])
                        + "?" + urlencode({"privilege": privilege.code}))
    resource = (service_resource(organization=org, service=privilege.service) if privilege.service_id
                else root_resource(org))
    try:
        _grant, created = grant_create(ctx, privilege=privilege, resource=resource, integration=integration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if created:
            messages.success(request, _("«%(integration)s» har fått tilgangen %(privilege)s.")
                             % {"integration": integration.name, "privilege": privilege.display_name})
        else:
            messages.info(request, _("«%(integration)s» hadde allerede tilgangen %(privilege)s.")
                          % {"integration": integration.name, "privilege": privilege.display_name})
    return redirect("portal:integration", orgnr=org.orgnr, pk=integration.pk)


@login_required
@require_POST
def grant_remove(request: HttpRequest, orgnr: str, pk: UUID, grant_id: int) -> HttpResponse:
    """Revoke one of the integration's grants."""
    ctx, org = _organization(request, orgnr)
    integration = _integration(ctx, org, pk)
    grant = get_object_or_404(Grant.objects.select_related("privilege", "resource"), pk=grant_id,
                              integration=integration)
    name = grant.privilege.display_name
    try:
        grant_revoke(ctx, grant=grant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tilgangen %(privilege)s er fjernet fra «%(integration)s».")
                         % {"privilege": name, "integration": integration.name})
    return redirect("portal:integration", orgnr=org.orgnr, pk=integration.pk)
