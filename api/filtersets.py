"""Filters of the API lists (django-filter). One FilterSet per list, shared with any other list of the same objects.

Invalid filter values (an orgnr that is not nine digits, an over-long text, a time that is not RFC 3339) are a
400 problem; a well-formed value that matches nothing (an unknown service code, an orgnr with a wrong check digit)
gives an empty list. `INTEGRATION_FILTER_PARAMETERS` and `AUDIT_EVENT_FILTER_PARAMETERS` state exactly these rules
in the OpenAPI document (issue 9 item 14: the schema and the server agree).
"""

from __future__ import annotations

import datetime
import re

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import OpenApiParameter

from authz.models import AuditEvent, Grant
from integrations.models import Integration

ORGNR_PATTERN = r"^[0-9]{9}$"
# RFC 3339 date-time (the OpenAPI `date-time` format): date, "T", time with seconds, and Z or an offset.
RFC3339_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"

_RFC3339 = re.compile(RFC3339_PATTERN)


def _text(name: str, max_length: int, description: str, **schema) -> OpenApiParameter:
    return OpenApiParameter(name, {"type": "string", "maxLength": max_length, **schema}, OpenApiParameter.QUERY,
                            description=description)


class IntegrationFilterSet(django_filters.FilterSet):
    """Integrations by name (contains, case-insensitive), authorized orgnr (exact) and service.

    `service` (a service code) keeps integrations holding at least one grant of a privilege of that service; an
    unknown code keeps none.
    """

    name = django_filters.CharFilter(lookup_expr="icontains", max_length=100)
    authorized_orgnr = django_filters.CharFilter(
        max_length=9, validators=[RegexValidator(ORGNR_PATTERN.replace("$", r"\Z"), _("Skriv ni sifre."))],
    )
    service = django_filters.CharFilter(max_length=50, method="filter_service")

    class Meta:
        model = Integration
        fields = ["name", "authorized_orgnr", "service"]

    def filter_service(self, queryset, name, value):
        grants = Grant.objects.filter(integration=OuterRef("pk"), privilege__service__code=value)
        return queryset.filter(Exists(grants))


INTEGRATION_FILTER_PARAMETERS = [
    _text("name", 100, "Part of the name, case-insensitive."),
    _text("authorized_orgnr", 9, "The authorized orgnr, exactly (nine digits).", pattern=ORGNR_PATTERN),
    _text("service", 50, "A service code: integrations holding at least one privilege of that service (an unknown "
                         "code matches none)."),
]


class UTCIsoDateTimeField(IsoDateTimeField):
    """An RFC 3339 date-time converted to UTC, so the database never sees an odd offset (PostgreSQL refuses
    offsets beyond ±15:59). Other ISO 8601 shapes (a date alone, no offset) are a validation error (400), as the
    schema's `date-time` format says. A time whose UTC equivalent falls before year 1 or after 9999 (e.g.
    0001-01-01T00:00:00+05:00) is the first or last representable moment: as a range bound it means the same."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or not _RFC3339.fullmatch(value):
            raise forms.ValidationError(_("Skriv tidspunktet etter RFC 3339, f.eks. 2026-01-31T00:00:00Z."),
                                        code="invalid")
        value = super().to_python(value.upper())  # RFC 3339 §5.6 allows "t" and "z"; the ISO parser wants them upper
        if value is None:
            return None
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:
            edge = datetime.datetime.min if value.year == 1 else datetime.datetime.max
            return edge.replace(tzinfo=datetime.UTC)


class UTCIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """`IsoDateTimeFilter` whose value is normalised to UTC (see `UTCIsoDateTimeField`)."""

    field_class = UTCIsoDateTimeField


class AuditEventFilterSet(django_filters.FilterSet):
    """Audit events by time range (`since` inclusive, `until` exclusive; ISO 8601), actor and action.

    `actor` is the stable principal, e.g. `integration:<uuid>` or `person:<fødselsnummer>`; responses only ever
    show the masked `principal_display`.
    """

    since = UTCIsoDateTimeFilter(field_name="time", lookup_expr="gte")
    until = UTCIsoDateTimeFilter(field_name="time", lookup_expr="lt")
    actor = django_filters.CharFilter(field_name="principal", max_length=200)
    action = django_filters.CharFilter(max_length=80)

    class Meta:
        model = AuditEvent
        fields = ["since", "until", "actor", "action"]


def _time(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, {"type": "string", "format": "date-time", "pattern": RFC3339_PATTERN},
                            OpenApiParameter.QUERY, description=description)


AUDIT_EVENT_FILTER_PARAMETERS = [
    _time("since", "Events at or after this time (RFC 3339, e.g. 2026-01-31T00:00:00Z)."),
    _time("until", "Events before this time (RFC 3339)."),
    _text("actor", 200, "Who acted: `integration:<id>`, `person:<fødselsnummer>` or `organization:<orgnr>`."),
    _text("action", 80, "E.g. `integration.create`, `grant.create`."),
]
