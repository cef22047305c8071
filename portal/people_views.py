"""The people of an organization (Tilganger): its administrators and the persons holding service privileges.

Organization administrators see and manage every grant to persons; service administrators (`ADMIN` on a
service) reach the organization through `organizations_for(actor, "administer")` and see and manage only the
grants on their services (`authz.selectors.person_grants`). Writes go through `person_grant_create` and
`grant_revoke`, which check the same rights, refuse removing the last administrator, and audit.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from authz.context import Context
from authz.models import Grant, Organization, Privilege, Resource
from authz.selectors import ADMIN, administered_services, can_change, organizations_for, person_grants
from authz.services import grant_revoke, person_grant_create

from .context import web_context
from .forms import PersonGrantForm, add_service_errors
from .views import _set_focus

ORGANIZATION_ADMIN = "ADMIN"


def administered_organization(request: HttpRequest, orgnr: str) -> tuple[Context, Organization, bool]:
    """(context, organization, may change it) for an organization the person administers wholly or in part.

    404 for any organization where the person is neither administrator nor service administrator.
    """
    ctx = web_context(request)
    organization = get_object_or_404(organizations_for(ctx.actor, "administer"), orgnr=orgnr)
    return ctx, organization, can_change(ctx.actor, organization)


def _role_choices(ctx: Context, organization: Organization, org_admin: bool) -> dict[str, tuple]:
    """What the actor may give a person: {choice value: (label, privilege, service or None)}.

    Organization administrators may make administrators of the whole organization and give every privilege for
    persons on every service; service administrators only on their services.
    """
    privileges = list(Privilege.objects.filter(for_persons=True).select_related("service")
                      .order_by(F("service__name").asc(nulls_first=True), "code"))
    admin = next((p for p in privileges if p.code == ADMIN), None)
    choices: dict[str, tuple] = {}
    if org_admin and admin is not None:
        choices[ORGANIZATION_ADMIN] = (_("Administrator for hele organisasjonen"), admin, None)
    for service in administered_services(ctx.actor, organization):
        if admin is not None:
            choices[f"{service.code}:{ADMIN}"] = (
                _("Tjenesteadministrator – %(service)s") % {"service": service.name}, admin, service)
        for privilege in privileges:
            if privilege.service_id == service.pk:
                choices[f"{service.code}:{privilege.code}"] = (privilege.name, privilege, service)
    return choices


def _where(grant: Grant) -> str:
    if grant.resource.kind == Resource.Kind.ORGANIZATION:
        return _("hele organisasjonen")
    return grant.resource.service.name


@login_required
@require_safe
def people(request: HttpRequest, orgnr: str) -> HttpResponse:
    """The administrators (organization administrators only) and the persons with service privileges."""
    ctx, org, org_admin = administered_organization(request, orgnr)
    grants = list(person_grants(ctx.actor, org))
    administrators = [g for g in grants
                      if g.privilege.code == ADMIN and g.resource.kind == Resource.Kind.ORGANIZATION]
    others = [{"grant": g, "where": _where(g)} for g in grants if g not in administrators]
    return render(request, "portal/people.html", {
        "organization": org, "section": "people", "limited_nav": not org_admin,
        "administrators": administrators, "service_grants": others,
        "services": administered_services(ctx.actor, org),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_add(request: HttpRequest, orgnr: str) -> HttpResponse:
    """Add a person by fødselsnummer as administrator or with a service privilege; "already" when nothing new."""
    ctx, org, org_admin = administered_organization(request, orgnr)
    roles = _role_choices(ctx, org, org_admin)
    form = PersonGrantForm(request.POST or None, choices=[(key, label) for key, (label, _p, _s) in roles.items()])
    if request.method == "POST" and form.is_valid():
        label, privilege, service = roles[form.cleaned_data["role"]]
        try:
            grant, created = person_grant_create(ctx, organization=org, pid=form.cleaned_data["pid"],
                                                 privilege=privilege, service=service)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            values = {"person": grant.person.display_name, "role": label}
            if created:
                messages.success(request, _("%(person)s har fått tilgangen «%(role)s».") % values)
            else:
                messages.info(request, _("%(person)s har allerede tilgangen «%(role)s». Ingenting er endret.")
                              % values)
            return redirect("portal:people", orgnr=org.orgnr)
    _set_focus(form)
    return render(request, "portal/person_form.html", {
        "organization": org, "section": "people", "limited_nav": not org_admin, "form": form,
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_remove(request: HttpRequest, orgnr: str, grant_id: int) -> HttpResponse:
    """Confirmation page (GET), then the removal (POST); the last administrator is refused and explained.

    Someone who removes their own last way into the organization goes to the start page afterwards.
    """
    ctx, org, org_admin = administered_organization(request, orgnr)
    grant = get_object_or_404(person_grants(ctx.actor, org), pk=grant_id)
    is_org_admin = grant.privilege.code == ADMIN and grant.resource.kind == Resource.Kind.ORGANIZATION
    last_admin = is_org_admin and not Grant.objects.filter(
        privilege=grant.privilege, resource=grant.resource, person__isnull=False).exclude(pk=grant.pk).exists()
    values = {"person": grant.person.display_name, "role": grant.privilege.name, "where": _where(grant)}
    if request.method == "POST":
        try:
            grant_revoke(ctx, grant=grant)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages) + " " + _(
                "Legg til en annen administrator først."))
            return redirect("portal:people", orgnr=org.orgnr)
        messages.success(request, _("%(person)s har ikke lenger tilgangen %(role)s (%(where)s).") % values)
        if not organizations_for(ctx.actor, "administer").filter(pk=org.pk).exists():
            return redirect("portal:home")
        return redirect("portal:people", orgnr=org.orgnr)
    return render(request, "portal/person_confirm_remove.html", {
        "organization": org, "section": "people", "limited_nav": not org_admin, "grant": grant,
        "where": values["where"], "last_admin": last_admin, "is_self": grant.person_id == ctx.actor.person.pk,
    })
