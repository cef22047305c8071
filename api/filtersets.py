"""Filters of the API lists (django-filter). One FilterSet per list, shared with any other list of the same objects.

Invalid filter values (an orgnr that is not nine digits, an over-long text, a time that is not RFC 3339) are a
400 problem; a well-formed value that matches nothing (an unknown service code, an orgnr with a wrong check digit)
gives an empty list. `INTEGRATION_FILTER_PARAMETERS` and `AUDIT_EVENT_FILTER_PARAMETERS` state exactly these rules
in the OpenAPI document (issue 9 item 14: the schema and the server agree).
"""

from __future__ import annotations

import datetime
import re
import uuid

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import OpenApiParameter

from authz.audit_labels import ACTION_LABELS
from authz.models import AuditEvent, Grant, Person
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


class AuditEventFilterForm(forms.Form):
    """The audit filters' form: an end before the start is an error on `until` (400 in the API).

    Times (the API's RFC 3339 `since`/`until`, `until` exclusive) must end after they start; dates (the web's
    `AuditEventDateFilterSet`, both days included) may be the same day.
    """

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since is not None and until is not None:
            dates = not isinstance(since, datetime.datetime)
            if until < since or (not dates and until == since):
                self.add_error("until", _("Slutten må være etter starten."))
        return data


class AuditEventFilterSet(django_filters.FilterSet):
    """Audit events by period, actor, action, target, request and free text; the API's list and the web's log.

    `since` is inclusive and `until` exclusive (RFC 3339). `actor` is the stable principal:
    `integration:<uuid>`, `person:<fødselsnummer>` or `person:<person id>` (the web's choice, which keeps the
    number out of URLs), `organization:<orgnr>`, `operator:<username>`, `system:<name>`; responses only ever show
    identity numbers masked. `q` searches, case-insensitively, who (also the person's name), what (the event's
    name in words or its code), the target's text and the request id. An end not after the start is an error
    on `until` (400 in the API).
    """

    since = UTCIsoDateTimeFilter(field_name="time", lookup_expr="gte")
    until = UTCIsoDateTimeFilter(field_name="time", lookup_expr="lt")
    actor = django_filters.CharFilter(method="filter_actor", max_length=200)
    action = django_filters.CharFilter(max_length=80)
    target_type = django_filters.CharFilter(max_length=50)
    target_id = django_filters.CharFilter(max_length=100)
    request_id = django_filters.CharFilter(max_length=64)
    q = django_filters.CharFilter(method="filter_q", max_length=200)

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


class AuditEventDateFilterSet(AuditEventFilterSet):
    """The same filters for the web's audit log, where the period is typed as dates, both days included.

    `since` starts at midnight of its day and `until` ends at midnight after its day, in the site's time zone
    (Europe/Oslo); an impossible date ("2026-02-30") is a field error.
    """

    since = django_filters.DateFilter(method="filter_since", input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                                      error_messages={"invalid": _("Skriv en dato som finnes, for eksempel "
                                                                   "31.12.2026.")})
    until = django_filters.DateFilter(method="filter_until", input_formats=["%Y-%m-%d", "%d.%m.%Y"],
                                      error_messages={"invalid": _("Skriv en dato som finnes, for eksempel "
                                                                   "31.12.2026.")})

    @staticmethod
    def _midnight(day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())

    def filter_since(self, queryset, name, value):
        return queryset.filter(time__gte=self._midnight(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(time__lt=self._midnight(value + datetime.timedelta(days=1)))


def _time(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, {"type": "string", "format": "date-time", "pattern": RFC3339_PATTERN},
                            OpenApiParameter.QUERY, description=description)


AUDIT_EVENT_FILTER_PARAMETERS = [
    _time("since", "Events at or after this time (RFC 3339, e.g. 2026-01-31T00:00:00Z)."),
    _time("until", "Events before this time (RFC 3339)."),
    _text("actor", 200, "Who acted: `integration:<id>`, `person:<fødselsnummer>`, `person:<person id>`, "
                        "`organization:<orgnr>`, `operator:<username>` or `system:<name>`."),
    _text("action", 80, "E.g. `integration.create`, `grant.create`."),
    _text("target_type", 50, "What kind of object: `integration`, `grant`, `delegation`, `organization`."),
    _text("target_id", 100, "The target's id (with `target_type`)."),
    _text("request_id", 64, "All events of one request."),
    _text("q", 200, "Free text, case-insensitive: who (also a person's name), the event (its name in words or "
                    "its code), the target's text, the request id."),
]
