"""Filters of the API lists (django-filter). One FilterSet per list, shared with any other list of the same objects.

Invalid filter values (a malformed orgnr, an unknown service code, a bad time) are a 400 problem.
"""

from __future__ import annotations

import datetime
import re
import uuid

import django_filters
from django import forms
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from authz.audit_labels import ACTION_LABELS
from authz.models import AuditEvent, Grant, Person, Service
from integrations.models import Integration


class IntegrationFilterSet(django_filters.FilterSet):
    """Integrations by name (contains, case-insensitive), authorized orgnr (exact) and service.

    `service` (a service code) keeps integrations holding at least one grant of a privilege of that service.
    """

    name = django_filters.CharFilter(lookup_expr="icontains", max_length=100,
                                     help_text="Part of the name, case-insensitive.")
    authorized_orgnr = django_filters.CharFilter(max_length=9, help_text="The authorized orgnr, exactly.")
    service = django_filters.ModelChoiceFilter(
        queryset=Service.objects.all(), to_field_name="code", method="filter_service",
        help_text="A service code: integrations holding at least one privilege of that service.",
    )

    class Meta:
        model = Integration
        fields = ["name", "authorized_orgnr", "service"]

    @extend_schema_field(OpenApiTypes.STR)
    def filter_service(self, queryset, name, value):
        grants = Grant.objects.filter(integration=OuterRef("pk"), privilege__service=value)
        return queryset.filter(Exists(grants))


class UTCIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time converted to UTC, so the database never sees an odd offset (PostgreSQL refuses
    offsets beyond ±15:59); a value that falls outside the representable range is a validation error (400)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError(_("Tidspunktet er utenfor gyldig område."), code="invalid") from None


class UTCIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """`IsoDateTimeFilter` whose value is normalised to UTC (see `UTCIsoDateTimeField`)."""

    field_class = UTCIsoDateTimeField


class UntilDateTimeField(UTCIsoDateTimeField):
    """`UTCIsoDateTimeField` where a bare date (YYYY-MM-DD) means "through that day": midnight after it."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is not None and isinstance(value, str) and _BARE_DATE.fullmatch(value.strip()):
            return moment + datetime.timedelta(days=1)
        return moment


class UntilDateTimeFilter(django_filters.IsoDateTimeFilter):
    """The `until` filter: exclusive end; a bare date includes that whole day (`UntilDateTimeField`)."""

    field_class = UntilDateTimeField


_BARE_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INVALID_TIME = _("Skriv en dato som finnes (ÅÅÅÅ-MM-DD), eventuelt med klokkeslett (ÅÅÅÅ-MM-DDTtt:mm:ss).")


class AuditEventFilterForm(forms.Form):
    """The audit filters' form: an end before the start is an error on `until` (400 in the API)."""

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since is not None and until is not None and until <= since:
            self.add_error("until", _("Slutten må være etter starten."))
        return data


class AuditEventFilterSet(django_filters.FilterSet):
    """Audit events by period, actor, action, target, request and free text; one set for the web and the API.

    `since` is inclusive and `until` exclusive (ISO 8601; a bare date as `until` includes that day). `actor` is
    the stable principal: `integration:<uuid>`, `person:<fødselsnummer>` or `person:<person id>` (the web's
    choice, which keeps the number out of URLs), `organization:<orgnr>`, `operator:<username>`,
    `system:<name>`; responses only ever show identity numbers masked. `q` searches, case-insensitively, who
    (also the person's name), what (the event's name in words or its code), the target's text and the request
    id. Impossible dates and an end not after the start are field errors (400 in the API).
    """

    since = UTCIsoDateTimeFilter(field_name="time", lookup_expr="gte",
                                 error_messages={"invalid": _INVALID_TIME},
                                 help_text="Events at or after this time (ISO 8601, e.g. 2026-01-31T00:00:00Z).")
    until = UntilDateTimeFilter(field_name="time", lookup_expr="lt", error_messages={"invalid": _INVALID_TIME},
                                help_text="Events before this time (ISO 8601); a bare date (2026-01-31) includes "
                                          "that whole day.")
    actor = django_filters.CharFilter(
        method="filter_actor", max_length=200,
        help_text="Who acted: `integration:<id>`, `person:<fødselsnummer>`, `person:<person id>`, "
                  "`organization:<orgnr>`, `operator:<username>` or `system:<name>`.",
    )
    action = django_filters.CharFilter(max_length=80, help_text="E.g. `integration.create`, `grant.create`.")
    target_type = django_filters.CharFilter(
        max_length=50, help_text="What kind of object: `integration`, `grant`, `delegation`, `organization`, ...")
    target_id = django_filters.CharFilter(max_length=100, help_text="The target's id (with `target_type`).")
    request_id = django_filters.CharFilter(max_length=64, help_text="All events of one request.")
    q = django_filters.CharFilter(method="filter_q", max_length=200,
                                  help_text="Free text: who, what, the target, the request id.")

    class Meta:
        model = AuditEvent
        fields = ["since", "until", "actor", "action", "target_type", "target_id", "request_id", "q"]
        form = AuditEventFilterForm

    def filter_actor(self, queryset, name, value):
        kind, _sep, ident = value.partition(":")
        if kind == "person" and len(ident) != 11:
            try:
                person = Person.objects.filter(pk=uuid.UUID(ident)).first()
            except ValueError:
                person = None
            return queryset.filter(principal=f"person:{person.pid}") if person else queryset.none()
        return queryset.filter(principal=value)

    def filter_q(self, queryset, name, value):
        persons = Person.objects.filter(name__icontains=value).annotate(
            principal=Concat(Value("person:"), "pid", output_field=CharField())).values("principal")
        actions = [code for code, label in ACTION_LABELS.items() if value.casefold() in str(label).casefold()]
        return queryset.filter(
            Q(principal_display__icontains=value) | Q(target_display__icontains=value)
            | Q(action__icontains=value) | Q(request_id__icontains=value) | Q(principal__in=persons)
            | Q(action__in=actions)
        )
