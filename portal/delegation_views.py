"""Delegations (Fullmakter) given by an organization: who may act on its behalf (`OnBehalfOf`), for what, when.

The organization is looked up through `organizations_for(actor, "change")` and its delegations through
`delegations_for(actor)`, limited to those where it is the represented party; writes go through
`delegation_create` (idempotent: a double click finds the same delegation) and `delegation_revoke`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from authz.context import Context
from authz.identifiers import mask_pid
from authz.models import Delegation, Organization, Person
from authz.selectors import delegations_for
from authz.services import delegation_create, delegation_revoke

from .forms import DelegationForm, add_service_errors
from .views import _organization, _set_focus

STATES = ("active", "future", "expired", "revoked")


def delegation_state(delegation: Delegation, now) -> str:
    """"revoked", "future", "expired" or "active" (`authz.selectors.active_delegation_exists`'s rule)."""
    if delegation.revoked_at is not None:
        return "revoked"
    if delegation.valid_from > now:
        return "future"
    if delegation.valid_to is not None and delegation.valid_to <= now:
        return "expired"
    return "active"


def party_names(values: set[str]) -> dict[str, str]:
    """How to show each party: "Name (orgnr)" for known organizations, "Name (masked pid)" or the masked pid."""
    shown = {value: value if len(value) != 11 else mask_pid(value) for value in values}
    for org in Organization.objects.filter(orgnr__in=values):
        shown[org.orgnr] = str(org)
    for person in Person.objects.filter(pid__in=values):
        shown[person.pid] = person.display_name
    return shown


def _delegations(ctx: Context, organization: Organization):
    return delegations_for(ctx.actor).filter(represented=organization.orgnr).select_related("service")


@login_required
@require_safe
def delegation_list(request: HttpRequest, orgnr: str) -> HttpResponse:
    """The organization's delegations in four groups: active, future, expired and revoked (newest first)."""
    ctx, org = _organization(request, orgnr)
    now = timezone.now()
    delegations = list(_delegations(ctx, org).order_by("-created_at", "-id"))
    names = party_names({d.representative for d in delegations})
    groups = {state: [] for state in STATES}
    for delegation in delegations:
        groups[delegation_state(delegation, now)].append(
            {"delegation": delegation, "representative": names[delegation.representative]})
    titles = {"active": _("Aktive"), "future": _("Fremtidige"), "expired": _("Utløpte"),
              "revoked": _("Trukket tilbake")}
    return render(request, "portal/delegation_list.html", {
        "organization": org, "section": "delegations",
        "groups": [{"state": state, "title": titles[state], "rows": groups[state]} for state in STATES],
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delegation_new(request: HttpRequest, orgnr: str) -> HttpResponse:
    """Give a delegation; the same delegation twice (a double click) says "already" and adds nothing."""
    ctx, org = _organization(request, orgnr)
    form = DelegationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        valid_from, valid_to = form.period()
        try:
            delegation, created = delegation_create(
                ctx, represented=org.orgnr, representative=form.cleaned_data["representative"],
                service=form.cleaned_data["service"], valid_from=valid_from, valid_to=valid_to,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            who = party_names({delegation.representative})[delegation.representative]
            if created:
                messages.success(request, _("%(who)s kan nå opptre på vegne av %(org)s.")
                                 % {"who": who, "org": org.name})
            else:
                messages.info(request, _("%(who)s har allerede denne fullmakten. Ingenting er endret.")
                              % {"who": who})
            return redirect("portal:delegation_list", orgnr=org.orgnr)
    _set_focus(form)
    return render(request, "portal/delegation_form.html", {
        "organization": org, "section": "delegations", "form": form,
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delegation_revoke_view(request: HttpRequest, orgnr: str, pk: int) -> HttpResponse:
    """Confirmation page (GET), then the revocation (POST); revoking a revoked delegation changes nothing."""
    ctx, org = _organization(request, orgnr)
    delegation = get_object_or_404(_delegations(ctx, org), pk=pk)
    who = party_names({delegation.representative})[delegation.representative]
    if request.method == "POST":
        delegation_revoke(ctx, delegation=delegation)
        messages.success(request, _("Fullmakten til %(who)s er trukket tilbake.") % {"who": who})
        return redirect("portal:delegation_list", orgnr=org.orgnr)
    return render(request, "portal/delegation_confirm_revoke.html", {
        "organization": org, "section": "delegations", "delegation": delegation, "who": who,
        "state": delegation_state(delegation, timezone.now()),
    })
