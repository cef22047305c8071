"""Filters of the API lists (django-filter). One FilterSet per list, shared with any other list of the same objects.

Invalid filter values (a malformed orgnr, an unknown service code, a bad time) are a 400 problem.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from authz.models import AuditEvent, Grant, Service
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


class AuditEventFilterSet(django_filters.FilterSet):
    """Audit events by time range (`since` inclusive, `until` exclusive; ISO 8601), actor and action.

    `actor` is the stable principal, e.g. `integration:<uuid>` or `person:<fødselsnummer>`; responses only ever
    show the masked `principal_display`.
    """

    since = UTCIsoDateTimeFilter(field_name="time", lookup_expr="gte",
                                 help_text="Events at or after this time (ISO 8601, e.g. 2026-01-31T00:00:00Z).")
    until = UTCIsoDateTimeFilter(field_name="time", lookup_expr="lt",
                                 help_text="Events before this time (ISO 8601).")
    actor = django_filters.CharFilter(
        field_name="principal", max_length=200,
        help_text="Who acted: `integration:<id>`, `person:<fødselsnummer>` or `organization:<orgnr>`.",
    )
    action = django_filters.CharFilter(max_length=80, help_text="E.g. `integration.create`, `grant.create`.")

    class Meta:
        model = AuditEvent
        fields = ["since", "until", "actor", "action"]
