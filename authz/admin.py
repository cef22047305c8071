"""Django admin for operators: organizations, persons, the catalogue, grants, delegations, the audit log, users.

Every change goes through the same services as the web UI and the API (`authz.services`) with
`Context(actor=Actor.for_operator(username), channel="admin", request_id=...)`, so it is checked and audited the
same way; catalogue edits, which have no service, are audited here with `audit_record` in the same transaction.
Lists go through the selectors (`organizations_for`, `delegations_for`) with the operator actor. Identity numbers
are shown masked everywhere (`mask_pid`); a person is found by exact fødselsnummer through a POST form, so the
number is never put in a URL or echoed back in a page.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .admin_site import operator_context
from .audit import audit_record
from .context import Actor
from .formfields import OrgnrFormField
from .identifiers import mask_pid, normalize_orgnr, validate_orgnr, validate_pid
from .models import AuditEvent, Delegation, Grant, Organization, Person, Privilege, Resource, Service, User
from .operators import (
    FLAGS,
    IDENTITY,
    PROFILE,
    group_delete,
    group_save,
    operator_authenticator_delete,
    operator_create,
    operator_delete,
    operator_password_set,
    operator_update,
)
from .selectors import ADMIN, delegations_for, organizations_for, root_resource
from .services import (
    delegation_check,
    delegation_create,
    delegation_revoke,
    grant_create,
    grant_revoke,
    organization_create,
    organization_rename,
    person_get_or_create,
    service_resource,
)
from .text import normalize_text
from .widgets import PidSafeTextInput


def operator_actor(request: HttpRequest) -> Actor:
    """The operator actor of the logged-in admin user (for selectors)."""
    return Actor.for_operator(request.user.get_username())


def show_party(value: str) -> str:
    """An orgnr as is, anything of 11 characters (a pid) masked."""
    return mask_pid(value) if value and len(value) == 11 else value


def _pid_field(label, *, required=True) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=11, strip=True,
        widget=PidSafeTextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "maxlength": "11"}),
        help_text=_("Elleve sifre. Av personvernhensyn vises nummeret ikke igjen etter innsending."),
    )


def _admins_of(organization: Organization) -> list[str]:
    grants = Grant.objects.filter(
        resource__organization=organization, resource__kind=Resource.Kind.ORGANIZATION,
        privilege__code=ADMIN, person__isnull=False,
    ).select_related("person").order_by("granted_at")
    return [mask_pid(g.person.pid) for g in grants]


class ReadOnlyAdminMixin:
    """Model admin that shows objects but lets nobody add, change or delete them through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceDeleteMixin:
    """`delete_queryset` deletes one object at a time through `delete_model`, so bulk delete uses the services."""

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


# --- Organizations ------------------------------------------------------------------------------------------


class OrganizationAddForm(forms.ModelForm):
    """Add form: orgnr, name and the first administrator's fødselsnummer (validated, never echoed)."""

    orgnr = OrgnrFormField(label=_("organisasjonsnummer"),
                           help_text=_("Ni sifre; mellomrom mellom siffergruppene er lov (910 753 614)."))
    first_admin_pid = _pid_field(_("Første administrator (fødselsnummer)"))

    class Meta:
        model = Organization
        fields = ["orgnr", "name"]

    def clean_name(self):
        name = (self.cleaned_data.get("name") or "").strip()
        if not name:
            raise ValidationError(_("Navnet kan ikke være tomt."))
        return name

    def clean_first_admin_pid(self):
        pid = self.cleaned_data["first_admin_pid"]
        validate_pid(pid)
        return pid


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Organizations: created through `organization_create` with the first administrator; renamed audited.

    Organizations are not deleted in the admin (it would remove their whole configuration without an audit
    trail of the parts).
    """

    list_display = ["name", "orgnr", "administrators", "created_at"]
    search_fields = ["name", "orgnr"]
    ordering = ["name"]

    @admin.display(description=_("administratorer"))
    def administrators(self, obj: Organization) -> str:
        return ", ".join(_admins_of(obj)) or "–"

    def get_queryset(self, request):
        return organizations_for(operator_actor(request), "view")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = OrganizationAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["orgnr", "name", "first_admin_pid"]
        return ["orgnr", "name", "administrators", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["orgnr", "administrators", "created_at"]

    def has_delete_permission(self, request, obj=None):
        return False

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        ctx = operator_context(request)
        if not change:
            created = organization_create(
                ctx, orgnr=form.cleaned_data["orgnr"], name=form.cleaned_data["name"],
                first_admin_pid=form.cleaned_data["first_admin_pid"],
            )
            obj.pk, obj.created_at = created.pk, created.created_at
            obj._state.adding = False
            return
        obj.name = organization_rename(ctx, organization=obj, name=obj.name).name


# --- Persons ------------------------------------------------------------------------------------------------


class PersonFindForm(forms.Form):
    pid = _pid_field(_("Fødselsnummer"))


@admin.register(Person)
class PersonAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Persons, read-only and always masked; found by exact fødselsnummer through a POST form (`find/`)."""

    list_display = ["masked_pid", "organizations", "created_at"]
    fields = ["masked_pid", "grants_display", "created_at"]
    readonly_fields = fields
    change_list_template = "admin/authz/person/change_list.html"

    @admin.display(description=_("fødselsnummer"))
    def masked_pid(self, obj: Person) -> str:
        return obj.masked_pid

    @admin.display(description=_("organisasjoner"))
    def organizations(self, obj: Person) -> str:
        names = Organization.objects.filter(resources__grants__person=obj).distinct().values_list("name", flat=True)
        return ", ".join(names) or "–"

    @admin.display(description=_("tildelte tilganger"))
    def grants_display(self, obj: Person):
        grants = obj.grants.select_related("privilege", "resource__organization").order_by("granted_at")
        return format_html_join(
            "\n", "<div>{} – {} ({})</div>",
            ((g.privilege.code, g.resource.organization.name, g.resource) for g in grants),
        ) or "–"

    def get_queryset(self, request):
        # Persons who hold a grant somewhere the operator may see, plus persons without grants (operators see all).
        orgs = organizations_for(operator_actor(request), "view")
        return Person.objects.filter(Q(grants__resource__organization__in=orgs) | Q(grants__isnull=True)).distinct()


    def get_urls(self):
        find = path("find/", self.admin_site.admin_view(require_POST(self.find_view)), name="authz_person_find")
        return [find, *super().get_urls()]

    def find_view(self, request):
        """POST `pid` (exact) → the person's page, or back to the list with a message. Never echoes the pid."""
        changelist = reverse("admin:authz_person_changelist", current_app=self.admin_site.name)
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = PersonFindForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Ugyldig fødselsnummer: skriv elleve sifre med riktige kontrollsifre."))
            return HttpResponseRedirect(changelist)
        person = self.get_queryset(request).filter(pid=form.cleaned_data["pid"]).first()
        if person is None:
            messages.info(request, gettext("Ingen person med dette fødselsnummeret."))
            return HttpResponseRedirect(changelist)
        return HttpResponseRedirect(
            reverse("admin:authz_person_change", args=[person.pk], current_app=self.admin_site.name)
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "find_form": PersonFindForm()}
        return super().changelist_view(request, extra_context)


# --- Catalogue ----------------------------------------------------------------------------------------------


def _service_snapshot(service: Service) -> dict:
    return {"code": service.code, "name": service.name, "description": service.description}


def _privilege_snapshot(privilege: Privilege) -> dict:
    return {
        "code": privilege.code, "name": privilege.name, "description": privilege.description,
        "service": privilege.service.code if privilege.service_id else None,
        "for_persons": privilege.for_persons, "for_integrations": privilege.for_integrations,
    }


class CatalogueAdmin(ServiceDeleteMixin, admin.ModelAdmin):
    """Catalogue entries (no service layer): each save and delete is audited in the same transaction.

    `code` cannot change once created, since the code names the entry in grants, tokens and other systems.
    """

    kind = ""

    def snapshot(self, obj) -> dict:
        raise NotImplementedError

    def service_of(self, obj) -> Service | None:
        raise NotImplementedError

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = self.snapshot(type(obj).objects.select_for_update().get(pk=obj.pk)) if change else None
        obj.name, obj.description = normalize_text(obj.name), normalize_text(obj.description)  # as services do
        obj.save()
        after = self.snapshot(obj)
        if before == after:
            return
        audit_record(operator_context(request), action=f"catalogue.{self.kind}.{'update' if change else 'create'}",
                     organization=None, service=self.service_of(obj), target=obj, before=before, after=after)

    @transaction.atomic
    def delete_model(self, request, obj):
        audit_record(operator_context(request), action=f"catalogue.{self.kind}.delete", organization=None,
                     service=None, target=obj, before=self.snapshot(obj))
        obj.delete()


@admin.register(Service)
class ServiceAdmin(CatalogueAdmin):
    """The service catalogue (MinSide Søk, SvarUt, Fiks IO, ...)."""

    kind = "service"
    list_display = ["code", "name"]
    search_fields = ["code", "name"]

    def snapshot(self, obj):
        return _service_snapshot(obj)

    def service_of(self, obj):
        return obj if obj.pk else None


@admin.register(Privilege)
class PrivilegeAdmin(CatalogueAdmin):
    """The privilege catalogue (ADMIN, KONFIG.CONFIGURE, MINSIDE_SOK.INDEX, ...)."""

    kind = "privilege"
    list_display = ["code", "name", "service", "for_persons", "for_integrations"]
    list_filter = ["service", "for_persons", "for_integrations"]
    search_fields = ["code", "name"]

    def snapshot(self, obj):
        return _privilege_snapshot(obj)

    def service_of(self, obj):
        return obj.service


# --- Grants -------------------------------------------------------------------------------------------------


class GrantAddForm(forms.ModelForm):
    """Grant a privilege on an organization (or one of its services) to a person (by pid) or an integration."""

    organization = forms.ModelChoiceField(Organization.objects.all(), label=_("organisasjon"))
    service = forms.ModelChoiceField(
        Service.objects.all(), required=False, label=_("tjeneste"),
        help_text=_("Tom: tilgangen gjelder hele organisasjonen."),
    )
    person_pid = _pid_field(_("Person (fødselsnummer)"), required=False)
    integration = forms.ModelChoiceField(
        None, required=False, label=_("integrasjon"),
        help_text=_("Fyll ut enten person eller integrasjon."),
    )

    class Meta:
        model = Grant
        fields = ["privilege"]

    def __init__(self, *args, **kwargs):
        from integrations.models import Integration

        super().__init__(*args, **kwargs)
        self.fields["integration"].queryset = Integration.objects.select_related("organization").order_by("name")

    def clean_person_pid(self):
        pid = self.cleaned_data.get("person_pid") or ""
        if pid:
            validate_pid(pid)
        return pid

    def clean(self):
        data = super().clean()
        privilege, organization = data.get("privilege"), data.get("organization")
        pid, integration, service = data.get("person_pid"), data.get("integration"), data.get("service")
        if self.errors:
            return data
        if bool(pid) == bool(integration):
            raise ValidationError(_("Fyll ut enten person eller integrasjon, ikke begge."))
        if pid and not privilege.for_persons:
            self.add_error("privilege", _("%(code)s kan ikke gis til personer.") % {"code": privilege.code})
        if integration is not None:
            if not privilege.for_integrations:
                self.add_error("privilege",
                               _("%(code)s kan ikke gis til integrasjoner.") % {"code": privilege.code})
            if integration.organization_id not in (None, organization.pk):
                self.add_error("integration", _("Integrasjonen tilhører en annen organisasjon."))
        if service is not None and privilege.service_id not in (None, service.pk):
            self.add_error("service", _("Privilegiet hører til en annen tjeneste."))
        return data


@admin.register(Grant)
class GrantAdmin(ServiceDeleteMixin, admin.ModelAdmin):
    """Grants: added through `grant_create`, removed through `grant_revoke`; never edited in place."""

    list_display = ["actor_display", "privilege", "organization", "resource", "granted_at", "granted_by"]
    list_filter = ["privilege", "resource__organization"]
    search_fields = ["privilege__code", "resource__organization__name", "resource__organization__orgnr",
                     "integration__name"]
    list_select_related = ["person", "integration", "privilege", "resource__organization"]

    @admin.display(description=_("aktør"))
    def actor_display(self, obj: Grant) -> str:
        if obj.person_id:
            return gettext("person %(pid)s") % {"pid": mask_pid(obj.person.pid)}
        return gettext("integrasjon %(name)s") % {"name": obj.integration.name}

    @admin.display(description=_("organisasjon"))
    def organization(self, obj: Grant) -> Organization:
        return obj.resource.organization

    def get_queryset(self, request):
        orgs = organizations_for(operator_actor(request), "view")
        return super().get_queryset(request).filter(resource__organization__in=orgs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = GrantAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["privilege", "organization", "service", "person_pid", "integration"]
        return ["actor_display", "privilege", "organization", "resource", "granted_at", "granted_by"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        organization, service = data["organization"], data["service"]
        resource = (service_resource(organization=organization, service=service) if service
                    else root_resource(organization))
        person = person_get_or_create(pid=data["person_pid"]) if data["person_pid"] else None
        grant, created = grant_create(operator_context(request), privilege=data["privilege"], resource=resource,
                                      person=person, integration=data["integration"])
        if not created:
            messages.info(request, gettext("Tilgangen fantes allerede; ingenting ble endret."))
        obj.pk, obj.person, obj.integration, obj.resource = grant.pk, grant.person, grant.integration, resource
        obj.granted_at, obj.granted_by = grant.granted_at, grant.granted_by
        obj._state.adding = False

    def delete_model(self, request, obj):
        grant_revoke(operator_context(request), grant=obj)


# --- Delegations --------------------------------------------------------------------------------------------


class DelegationAddForm(forms.ModelForm):
    """Add form for a delegation: parties are orgnr (9 digits) or pid (11 digits, never echoed)."""

    represented = forms.CharField(
        label=_("den som representeres"), max_length=11,
        widget=PidSafeTextInput(attrs={"autocomplete": "off"}),
        help_text=_("Organisasjonsnummer (9 sifre) eller fødselsnummer (11 sifre)."),
    )
    representative = forms.CharField(
        label=_("representant"), max_length=11, widget=PidSafeTextInput(attrs={"autocomplete": "off"}),
        help_text=_("Organisasjonsnummer (9 sifre) eller fødselsnummer (11 sifre)."),
    )

    class Meta:
        model = Delegation
        fields = ["represented", "representative", "service", "valid_from", "valid_to"]

    @staticmethod
    def _party(value: str) -> str:
        """An orgnr (spaces between digit groups allowed, see `normalize_orgnr`) or a pid (strict)."""
        orgnr = normalize_orgnr(value)
        if len(orgnr) == 9:
            return validate_orgnr(orgnr)
        return validate_pid(value)

    def clean_represented(self):
        return self._party(self.cleaned_data["represented"])

    def clean_representative(self):
        return self._party(self.cleaned_data["representative"])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            delegation_check(represented=data["represented"], representative=data["representative"],
                             service=data.get("service"), valid_from=data.get("valid_from"),
                             valid_to=data.get("valid_to"))
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages_)
        return data


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    """Delegations: created through `delegation_create`, revoked (never deleted) through `delegation_revoke`."""

    list_display = ["representative_display", "represented_display", "service", "valid_from", "valid_to",
                    "revoked_at", "created_by"]
    list_filter = ["service", "revoked_at"]
    actions = ["revoke"]

    @admin.display(description=_("representant"))
    def representative_display(self, obj: Delegation) -> str:
        return show_party(obj.representative)

    @admin.display(description=_("den som representeres"))
    def represented_display(self, obj: Delegation) -> str:
        return show_party(obj.represented)

    def get_queryset(self, request):
        return delegations_for(operator_actor(request)).select_related("service")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = DelegationAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["represented", "representative", "service", "valid_from", "valid_to"]
        return ["representative_display", "represented_display", "service", "valid_from", "valid_to",
                "created_by", "created_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        """Revoking needs the model's change permission (the object itself is never edited in the form)."""
        return request.user.has_perm("authz.change_delegation")

    @admin.action(description=_("Trekk tilbake valgte fullmakter"), permissions=["revoke"])
    def revoke(self, request, queryset):
        ctx = operator_context(request)
        for delegation in queryset:
            delegation_revoke(ctx, delegation=delegation)
        messages.success(request, gettext("Fullmaktene er trukket tilbake."))

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        created, _new = delegation_create(
            operator_context(request), represented=data["represented"], representative=data["representative"],
            service=data.get("service"), valid_from=data.get("valid_from"), valid_to=data.get("valid_to"),
        )
        obj.pk, obj.created_at, obj.created_by = created.pk, created.created_at, created.created_by
        obj._state.adding = False


# --- Audit log ----------------------------------------------------------------------------------------------


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail, read-only for everyone: no add, change or delete, no bulk actions.

    Shows `principal_display` (identity numbers masked), never the raw `principal`.
    """

    list_display = ["time", "action", "channel", "principal_display", "organization_shown", "target_display",
                    "request_id"]
    list_filter = ["action", "channel", "organization"]
    search_fields = ["action", "target_display", "request_id", "principal_display", "organization_orgnr",
                     "organization_name", "service_code"]
    date_hierarchy = "time"
    fields = ["time", "channel", "request_id", "principal_display", "on_behalf_of_display", "organization_shown",
              "service_shown", "action", "target_type", "target_id", "target_display", "before", "after", "extra"]
    readonly_fields = fields
    actions = None

    @admin.display(description=_("på vegne av"))
    def on_behalf_of_display(self, obj: AuditEvent) -> str:
        return show_party(obj.on_behalf_of) or "–"

    @admin.display(description=_("organisasjon"), ordering="organization_name")
    def organization_shown(self, obj: AuditEvent) -> str:
        """The organization as named when the event was written (it may since have been renamed or deleted)."""
        return obj.organization_display or "–"

    @admin.display(description=_("tjeneste"), ordering="service_code")
    def service_shown(self, obj: AuditEvent) -> str:
        """The service as named when the event was written."""
        return f"{obj.service_name} ({obj.service_code})" if obj.service_code else "–"

    def get_queryset(self, request):
        orgs = organizations_for(operator_actor(request), "view")
        return super().get_queryset(request).filter(Q(organization__in=orgs) | Q(organization__isnull=True))



# --- Users (operators' local accounts) ----------------------------------------------------------------------


class OperatorUserChangeForm(UserChangeForm):
    """Refuses staff or superuser status for a user who logs in with ID-porten (has a `person`)."""

    def clean(self):
        data = super().clean()
        if self.instance.person_id and (data.get("is_staff") or data.get("is_superuser")):
            raise ValidationError(_("En ID-porten-bruker kan ikke være driftsoperatør."))
        return data


RIGHTS_FIELDS = ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]


def _is_operator_account(user: User) -> bool:
    return bool(user.is_staff or user.is_superuser)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users: operators' local accounts (TOTP is enrolled by the operator at /accounts/2fa/) and ID-porten logins.

    Every change goes through `authz.operators` (audited, channel "admin"), which holds the rules: only
    superusers change rights, passwords or second factors of others or anything of another operator account; no
    one raises their own rights. The forms follow the same rules: one's own rights, and everything of another
    operator account for a non-superuser, are shown read-only.
    """

    form = OperatorUserChangeForm
    list_display = ["username", "is_staff", "is_superuser", "is_active", "idporten_user", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    readonly_fields = ["person", "last_login", "date_joined"]
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("ID-porten"), {"fields": ("person",)}))

    @admin.display(description=_("ID-porten"), boolean=True)
    def idporten_user(self, obj: User) -> bool:
        return obj.person_id is not None

    def _may_change_rights(self, request, obj) -> bool:
        return obj is None or (request.user.is_superuser and obj.pk != request.user.pk)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self._may_change_rights(request, obj):
            fields += [f for f in RIGHTS_FIELDS if f not in fields]
        return fields

    def has_add_permission(self, request):
        """Only superusers create accounts: an active account is a right to log in (`operator_create`)."""
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.pk != request.user.pk and _is_operator_account(obj) and (
            not request.user.is_superuser
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.pk == request.user.pk or (_is_operator_account(obj)
                                                               and not request.user.is_superuser)):
            return False
        return super().has_delete_permission(request, obj)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        ctx = operator_context(request)
        data = form.cleaned_data
        if not change:
            usable = data.get("usable_password", "true") not in (False, "false")
            created = operator_create(ctx, username=data["username"],
                                      password=data.get("password1") if usable else None)
            obj.pk, obj.password, obj.date_joined = created.pk, created.password, created.date_joined
            obj._state.adding = False
            return
        editable = [f for f in form.changed_data if f in (*IDENTITY, *PROFILE, *FLAGS)]
        operator_update(
            ctx, user=obj, changes={f: data[f] for f in editable},
            groups=data["groups"] if "groups" in form.changed_data else None,
            user_permissions=data["user_permissions"] if "user_permissions" in form.changed_data else None,
        )
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        """Groups and permissions were saved by `operator_update`; a user has no inlines."""

    def delete_model(self, request, obj):
        operator_delete(operator_context(request), user=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def user_change_password(self, request, id, form_url=""):
        """Django's password page, saved through `operator_password_set` (audited; another account, superusers)."""
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user) or not self._may_change_rights(request, user):
            raise PermissionDenied
        if request.method != "POST":
            return super().user_change_password(request, id, form_url)
        form = self.change_password_form(user, request.POST)
        if not form.is_valid():
            return super().user_change_password(request, id, form_url)
        usable = form.cleaned_data["set_usable_password"]
        with transaction.atomic():
            operator_password_set(operator_context(request), user=user,
                                  password=form.cleaned_data["password1"] if usable else None)
            self.log_change(request, user, gettext("Passord endret.") if usable else gettext("Passord fjernet."))
        messages.success(request, gettext("Passordet er endret.") if usable
                         else gettext("Innlogging med passord er slått av."))
        return HttpResponseRedirect(reverse("admin:authz_user_change", args=[user.pk],
                                            current_app=self.admin_site.name))


def _register_group_admin() -> None:
    """Replace Django's Group admin: only superusers add, change or delete groups (a group's permissions are its
    members' rights), through the audited `group_save`/`group_delete`."""
    from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
    from django.contrib.auth.models import Group

    if admin.site.is_registered(Group):
        admin.site.unregister(Group)

    @admin.register(Group)
    class GroupAdmin(DjangoGroupAdmin):
        def has_add_permission(self, request):
            return request.user.is_superuser

        def has_change_permission(self, request, obj=None):
            return request.user.is_superuser

        def has_delete_permission(self, request, obj=None):
            return request.user.is_superuser

        @transaction.atomic
        def save_model(self, request, obj, form, change):
            group_save(operator_context(request), group=obj, name=form.cleaned_data["name"],
                       permissions=form.cleaned_data["permissions"])

        def save_related(self, request, form, formsets, change):
            """Permissions were saved by `group_save`."""

        def delete_model(self, request, obj):
            group_delete(operator_context(request), group=obj)

        def delete_queryset(self, request, queryset):
            for obj in queryset:
                self.delete_model(request, obj)


_register_group_admin()


def _register_email_address_admin() -> None:
    """allauth's e-mail addresses, read-only here: an address is a way into an account (password reset), so it is
    changed only by its owner on allauth's e-mail page (audited, `authz.account_events`)."""
    from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
    from allauth.account.models import EmailAddress

    if admin.site.is_registered(EmailAddress):
        admin.site.unregister(EmailAddress)

    @admin.register(EmailAddress)
    class EmailAddressAdmin(ReadOnlyAdminMixin, AllauthEmailAddressAdmin):
        actions = None


_register_email_address_admin()


# --- Operators' second factors (allauth MFA) ------------------------------------------------------------------


def _register_authenticator_admin() -> None:
    """Replace allauth's Authenticator admin, whose change form shows (and edits) the stored TOTP secret.

    Here operators only see who has which second factor; a superuser may remove another operator's (who is then
    asked to set up TOTP again at the next login) through the audited `operator_authenticator_delete`; the secret
    and recovery-code seed are never shown.
    """
    from allauth.mfa.models import Authenticator

    if admin.site.is_registered(Authenticator):
        admin.site.unregister(Authenticator)

    @admin.register(Authenticator)
    class AuthenticatorAdmin(admin.ModelAdmin):
        list_display = ["user", "type", "created_at", "last_used_at"]
        list_filter = ["type"]
        search_fields = ["user__username"]
        fields = ["user", "type", "created_at", "last_used_at"]
        readonly_fields = fields

        def has_add_permission(self, request):
            return False

        def has_change_permission(self, request, obj=None):
            return False

        def has_delete_permission(self, request, obj=None):
            return request.user.is_superuser and (obj is None or obj.user_id != request.user.pk)

        def delete_model(self, request, obj):
            operator_authenticator_delete(operator_context(request), authenticator=obj)

        def delete_queryset(self, request, queryset):
            for obj in queryset:
                self.delete_model(request, obj)


_register_authenticator_admin()
