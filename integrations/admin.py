"""Django admin for operators: global integrations (create, edit, rotate password) and local integrations.

Global integrations are created through `global_integration_create` and edited through `integration_update`;
their requested privileges are fixed at creation (activations already granted exactly those to organizations).
Local integrations belong to organizations and are managed there (web UI, API): operators may search, view,
delete (`integration_delete`) and rotate passwords. Every change is audited with channel "admin". The list goes
through `integrations_for` with the operator actor, plus the global integrations.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from authz.admin_site import operator_context
from authz.context import Actor
from authz.formfields import OrgnrFormField
from authz.models import Privilege

from .models import Integration
from .selectors import integrations_for
from .services import (
    global_integration_create,
    integration_delete,
    integration_password_rotate,
    integration_update,
)
from .validators import validate_global_code, validate_integration_name

EDITABLE_FIELDS = ["name", "description", "authorized_orgnr", "is_active"]


class KindFilter(admin.SimpleListFilter):
    """Global (platform-owned) or local (owned by an organization)."""

    title = _("type")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("global", _("global")), ("local", _("lokal"))]

    def queryset(self, request, queryset):
        if self.value() == "global":
            return queryset.filter(organization__isnull=True)
        if self.value() == "local":
            return queryset.filter(organization__isnull=False)
        return queryset


class GlobalIntegrationForm(forms.ModelForm):
    """Create (code, name, authorized orgnr, description, requested privileges) or edit a global integration."""

    class Meta:
        model = Integration
        fields = ["code", "name", "authorized_orgnr", "description", "requested_privileges", "is_active"]
        widgets = {"requested_privileges": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "requested_privileges" in self.fields:
            self.fields["requested_privileges"].queryset = Privilege.objects.filter(for_integrations=True)
        if "code" in self.fields:
            self.fields["code"].required = True
        if "authorized_orgnr" in self.fields:
            model_field = self.fields["authorized_orgnr"]
            self.fields["authorized_orgnr"] = OrgnrFormField(label=model_field.label, help_text=_(
                "Organisasjonsnummeret i virksomhetssertifikatet til systemet som kaller: ni sifre (mellomrom "
                "mellom siffergruppene er lov)."))

    def clean_code(self):
        code = self.cleaned_data.get("code") or ""
        validate_global_code(code)
        return code

    def clean_name(self):
        name = self.cleaned_data.get("name") or ""
        validate_integration_name(name)
        duplicates = Integration.objects.global_().filter(name__iexact=name)
        if self.instance.pk and not self.instance._state.adding:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise ValidationError(_("En global integrasjon med dette navnet finnes allerede."))
        return name



@admin.register(Integration)
class IntegrationAdmin(admin.ModelAdmin):
    """Global and local integrations in one list (filter "type"); see the module docstring for the rules."""

    list_display = ["name", "kind", "code", "organization", "authorized_orgnr", "is_active", "has_password",
                    "created_at"]
    list_filter = [KindFilter, "is_active", "organization"]
    search_fields = ["name", "code", "description", "authorized_orgnr", "organization__name",
                     "organization__orgnr"]
    list_select_related = ["organization"]
    actions = ["rotate_password", "delete_selected"]
    form = GlobalIntegrationForm

    @admin.display(description=_("type"))
    def kind(self, obj: Integration) -> str:
        return gettext("global") if obj.is_global else gettext("lokal")

    @admin.display(description=_("passord satt"), boolean=True)
    def has_password(self, obj: Integration) -> bool:
        return obj.has_password

    @admin.display(description=_("ønskede privilegier"))
    def requested_privileges_display(self, obj: Integration):
        return format_html_join(", ", "{}", ((p.code,) for p in obj.requested_privileges.all())) or "–"

    @admin.display(description=_("tildelte tilganger"))
    def grants_display(self, obj: Integration):
        grants = obj.grants.select_related("privilege", "resource__organization").order_by("granted_at")
        return format_html_join(
            "\n", "<div>{} – {}</div>", ((g.privilege.code, g.resource.organization.name) for g in grants)
        ) or "–"

    def get_queryset(self, request):
        actor = Actor.for_operator(request.user.get_username())
        local = integrations_for(actor).values("pk")
        return Integration.objects.filter(Q(pk__in=local) | Q(organization__isnull=True)).select_related(
            "organization"
        )

    def get_search_results(self, request, queryset, search_term):
        """Also find an integration by its full id (UUID)."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            pk = uuid.UUID(search_term.strip())
        except ValueError:
            return queryset, may_have_duplicates
        return queryset | self.get_queryset(request).filter(pk=pk), may_have_duplicates

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["code", "name", "authorized_orgnr", "description", "requested_privileges"]
        if obj.is_global:
            return ["code", *EDITABLE_FIELDS, "requested_privileges_display", "grants_display",
                    "password_set_at", "previous_password_set_at", "previous_password_expires_at", "version", "id"]
        return ["name", "organization", "authorized_orgnr", "description", "is_active", "grants_display",
                "password_set_at", "previous_password_set_at", "previous_password_expires_at", "version", "id"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [f for f in self.get_fields(request, obj) if f not in EDITABLE_FIELDS or not obj.is_global]

    def has_change_permission(self, request, obj=None):
        """Only global integrations are edited here; local ones are shown read-only (their owners edit them)."""
        if obj is not None and not obj.is_global:
            return False
        return super().has_change_permission(request, obj)

    def has_rotate_password_permission(self, request):
        return request.user.has_perm("integrations.change_integration")

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        ctx = operator_context(request)
        data = form.cleaned_data
        if not change:
            created = global_integration_create(
                ctx, code=data["code"], name=data["name"], authorized_orgnr=data["authorized_orgnr"],
                description=data.get("description") or "",
                requested_privileges=list(data.get("requested_privileges") or []),
            )
            obj.pk, obj.created_at, obj.updated_at = created.pk, created.created_at, created.updated_at
            obj._state.adding = False
            return
        changes = {f: data[f] for f in EDITABLE_FIELDS if f in form.changed_data}
        if changes:
            updated = integration_update(ctx, integration=obj, **changes)
            obj.version = updated.version

    def save_related(self, request, form, formsets, change):
        """Requested privileges were set by `global_integration_create`; nothing else is saved here."""

    def delete_model(self, request, obj):
        integration_delete(operator_context(request), integration=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    @admin.action(description=_("Lag nytt passord for valgte integrasjoner"), permissions=["rotate_password"])
    def rotate_password(self, request, queryset):
        """Rotate each selected integration's password and show the new ones once on a page not cached."""
        ctx = operator_context(request)
        rotated = [(integration, integration_password_rotate(ctx, integration=integration))
                   for integration in queryset]
        if not rotated:
            messages.warning(request, gettext("Ingen integrasjoner valgt."))
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Nye passord"),
            "rotated": rotated,
        }
        response = TemplateResponse(request, "admin/integrations/integration/password_shown.html", context)
        response["Cache-Control"] = "no-store"
        return response
