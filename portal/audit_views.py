"""The organization's audit log as a tool: who in words, filters, search, grouping by request, CSV export.

The events are the organization's (`organizations_for(actor, "change")`), filtered by the API's audit list
FilterSet (`api.filtersets.AuditEventFilterSet`) in its date form (`AuditEventDateFilterSet`: the period as
days, both included), so both filter alike and refuse an end before the start as a field error; an impossible
date is a field error too.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from api.filtersets import AuditEventDateFilterSet
from authz.audit_labels import ACTION_LABELS, TARGET_TYPE_LABELS
from authz.context import Context
from authz.identifiers import mask_pid
from authz.models import AuditEvent, Delegation, Grant, Organization, Person, Privilege
from integrations.models import Integration
from integrations.selectors import integrations_for

from .views import _organization

AUDIT_EVENTS_PER_PAGE = 50
# Rows fetched from the database at a time by the CSV export; memory stays bounded by this, not by the log.
EXPORT_CHUNK_SIZE = 1000
TIME_FORMAT = "d.m.Y H:i:s"
CHANNEL_LABELS = dict(AuditEvent.Channel.choices)
# An 11-digit run (an identity number) anywhere in free text; masked in the export like on screen.
_PID_IN_TEXT = re.compile(r"(?<![0-9])([0-9]{6})[0-9]{5}(?![0-9])")
# Spreadsheet formula prefixes: a cell starting with one is written with a leading apostrophe (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Labels of the audit snapshots' keys, for the details. Keys not listed are shown as they are.
SNAPSHOT_LABELS = {
    "id": gettext_lazy("Integrasjons-ID"),
    "name": gettext_lazy("Navn"),
    "description": gettext_lazy("Beskrivelse"),
    "authorized_orgnr": gettext_lazy("Autorisert organisasjonsnummer"),
    "is_active": gettext_lazy("Aktiv"),
    "code": gettext_lazy("Kode"),
    "orgnr": gettext_lazy("Organisasjonsnummer"),
    "password_set_at": gettext_lazy("Passord laget"),
    "previous_password_set_at": gettext_lazy("Forrige passord laget"),
    "previous_password_expires_at": gettext_lazy("Forrige passord slutter å virke"),
    "overlap_minutes": gettext_lazy("Overlapp (minutter)"),
    "privilege": gettext_lazy("Privilegium"),
    "privileges": gettext_lazy("Tilganger"),
    "grants": gettext_lazy("Tilganger som ble fjernet"),
    "represented": gettext_lazy("Den som representeres"),
    "representative": gettext_lazy("Representant"),
    "service": gettext_lazy("Tjeneste"),
    "valid_from": gettext_lazy("Gyldig fra"),
    "valid_to": gettext_lazy("Gyldig til"),
    "revoked_at": gettext_lazy("Trukket tilbake"),
}
# Internal references an administrator has no use for (the resource tree's path, the grant's actor key): the
# "Gjelder" column already says the same in words.
SNAPSHOT_HIDDEN = frozenset({"resource", "actor"})
GRANT_ACTIONS = frozenset({"grant.create", "grant.revoke"})


def mask_text(value: str) -> str:
    """`value` with every 11-digit run (an identity number) masked as on screen ("218794*****")."""
    return _PID_IN_TEXT.sub(lambda match: mask_pid(match.group(0)), value)


def _local_time(value: str) -> str | None:
    """An ISO 8601 time from a snapshot, in the site's time zone with seconds; None if it is not one."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if timezone.is_naive(moment):
        return None
    return date_format(timezone.localtime(moment), TIME_FORMAT)


def _snapshot_value(key: str, value, privileges: dict[str, Privilege]) -> str:
    """One snapshot value as an administrator reads it (times local, yes/no, privilege names, lists joined)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if isinstance(value, list):
        return ", ".join(_snapshot_value(key, item, privileges) for item in value) or "–"
    if key in ("privilege", "privileges", "grants") and isinstance(value, str) and value in privileges:
        return f"{privileges[value].display_name} ({value})"
    if isinstance(value, str) and (key.endswith("_at") or key.startswith("valid_")):
        shown = _local_time(value)
        if shown is not None:
            return shown
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def snapshot_changes(before, after, privileges: dict[str, Privilege]) -> list[dict]:
    """Before and after side by side: [{"label", "before", "after", "changed"}], internal references left out.

    Input: the event's JSON snapshots (dicts or None). A key present on one side only shows "–" on the other.
    """
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    keys = list(dict.fromkeys([*before, *after]))
    rows = []
    for key in keys:
        if key in SNAPSHOT_HIDDEN:
            continue
        old = _snapshot_value(key, before.get(key), privileges) if before else None
        new = _snapshot_value(key, after.get(key), privileges) if after else None
        rows.append({"label": str(SNAPSHOT_LABELS.get(key, key)), "before": old, "after": new,
                     "changed": bool(before) and bool(after) and old != new})
    return rows


def audit_target(event: AuditEvent, privileges: dict[str, Privilege]) -> str:
    """The "Gjelder" text of an audit event, readable for an administrator.

    A grant event reads "<privilege name> for <who>, <where>" (e.g. "MinSide Søk – indeksering for SvarUt til
    MinSide Søk, hele organisasjonen"), built from the event's snapshot (privilege code, resource path: one
    segment is the organization itself) and the target text written at change time ("<who>: <code> @ <where>").
    Every other event, or a grant event whose data does not fit, shows the target text as it was written.
    """
    shown = event.target_display
    snapshot = event.after if event.action == "grant.create" else event.before
    if event.action not in GRANT_ACTIONS or not isinstance(snapshot, dict):
        return shown
    code, path = snapshot.get("privilege"), snapshot.get("resource")
    marker = f": {code} @ "
    if not isinstance(code, str) or marker not in shown:
        return shown
    who, where = shown.split(marker, 1)
    if isinstance(path, str) and len([part for part in path.split("/") if part]) == 1:
        where = _("hele organisasjonen")
    elif event.service is not None:
        where = event.service.display_name
    name = privileges[code].display_name if code in privileges else code
    return _("%(privilege)s for %(who)s, %(where)s") % {"privilege": name, "who": who, "where": where}


class Principals:
    """Who acted, in words, for a stream of events: looked up in batches and remembered per principal.

    `describe(event)` gives {"name": text, "party": the identity the actor acts as by default}; names come from
    the person's latest login, the integration's current name (or the name it had, if deleted), the
    organization's name; operators and the system are named as such.
    """

    def __init__(self):
        self._known: dict[str, dict] = {}

    def load(self, events: Iterable[AuditEvent]) -> None:
        """Look up, in one query per kind, every principal of `events` not seen before."""
        new = {event.principal: event for event in events if event.principal not in self._known}
        by_kind: dict[str, set[str]] = {}
        for principal in new:
            kind, _sep, ident = principal.partition(":")
            by_kind.setdefault(kind, set()).add(ident)
        persons = {p.pid: p for p in Person.objects.filter(pid__in=by_kind.get("person", ()))}
        integrations = {str(i.pk): i for i in Integration.objects.filter(
            pk__in=[ident for ident in by_kind.get("integration", ()) if _is_uuid(ident)])}
        organizations = {o.orgnr: o for o in Organization.objects.filter(orgnr__in=by_kind.get("organization", ()))}
        for principal, event in new.items():
            kind, _sep, ident = principal.partition(":")
            self._known[principal] = self._describe(kind, ident, event, persons, integrations, organizations)

    @staticmethod
    def _describe(kind, ident, event, persons, integrations, organizations) -> dict:
        if kind == "person":
            person = persons.get(ident)
            name = person.display_name if person and person.name else _("Person %(pid)s") % {"pid": mask_pid(ident)}
            return {"name": name, "party": ident}
        if kind == "integration":
            integration = integrations.get(ident)
            if integration is not None:
                return {"name": _("Integrasjonen «%(name)s»") % {"name": integration.name},
                        "party": integration.authorized_orgnr}
            old = event.principal_display.removeprefix("integrasjon ").removesuffix(f" ({ident})")
            return {"name": _("Integrasjonen «%(name)s» (slettet)") % {"name": old}, "party": ""}
        if kind == "organization":
            organization = organizations.get(ident)
            name = str(organization) if organization else ident
            return {"name": _("Organisasjonen %(name)s") % {"name": name}, "party": ident}
        if kind == "operator":
            return {"name": _("Operatør %(name)s (plattformens drift)") % {"name": ident}, "party": ""}
        if kind == "system":
            return {"name": _("Systemet (%(name)s)") % {"name": ident}, "party": ""}
        return {"name": event.principal_display, "party": ""}

    def describe(self, event: AuditEvent) -> dict:
        """{"name", "party", "on_behalf_of"}: on-behalf-of only when it is another party than the actor's own."""
        known = self._known[event.principal]
        other = event.on_behalf_of if event.on_behalf_of and event.on_behalf_of != known["party"] else ""
        return {**known, "on_behalf_of": mask_pid(other) if len(other) == 11 else other}


def _is_uuid(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F-]{36}", value))


def _filtered_events(request: HttpRequest, organization: Organization) -> AuditEventDateFilterSet:
    """The FilterSet over the organization's events bound to the request's query (validated on `.qs`)."""
    events = AuditEvent.objects.filter(organization=organization).select_related("service")
    return AuditEventDateFilterSet(request.GET, queryset=events)


def _actor_choices(organization: Organization) -> list[tuple[str, str]]:
    """The "Hvem" choices: everyone who appears in the organization's log (persons by their id, not number)."""
    principals = list(AuditEvent.objects.filter(organization=organization)
                      .values_list("principal", flat=True).distinct().order_by()[:500])
    sample = [AuditEvent(principal=p, principal_display="") for p in principals]
    names = Principals()
    names.load(sample)
    persons = dict(Person.objects.filter(pid__in=[p.partition(":")[2] for p in principals
                                                   if p.startswith("person:")]).values_list("pid", "pk"))
    choices = []
    for principal, event in zip(principals, sample, strict=True):
        kind, _sep, ident = principal.partition(":")
        value = f"person:{persons[ident]}" if kind == "person" and ident in persons else principal
        choices.append((value, names.describe(event)["name"]))
    return [("", _("Alle")), *sorted(choices, key=lambda choice: str(choice[1]).casefold())]


def _dress_form(filterset: AuditEventDateFilterSet, organization: Organization) -> forms.Form:
    """The filter form for the page: labels in Norwegian, date inputs, selects for who, what and target."""
    form = filterset.form
    fields = form.fields
    fields["since"].label, fields["until"].label = _("Fra og med"), _("Til og med")
    for name in ("since", "until"):
        fields[name].widget = forms.DateInput(attrs={"type": "date"})
        fields[name].help_text = _("Dato, for eksempel 31.12.2026.")
    fields["actor"].label = _("Hvem")
    fields["actor"].widget = forms.Select(choices=_actor_choices(organization))
    fields["action"].label = _("Hendelse")
    fields["action"].widget = forms.Select(choices=[("", _("Alle"))] + [
        (code, str(label)) for code, label in ACTION_LABELS.items()])
    fields["target_type"].label = _("Gjelder")
    fields["target_type"].widget = forms.Select(choices=[("", _("Alt"))] + [
        (code, str(label)) for code, label in TARGET_TYPE_LABELS.items()])
    fields["q"].label = _("Søk")
    fields["q"].widget = forms.TextInput(attrs={"type": "search"})
    for name in ("actor", "action", "target_type", "target_id", "request_id"):
        fields[name].help_text = ""
    fields["q"].help_text = _("Navn, hendelse, hva det gjelder eller referanse.")
    for name in ("target_id", "request_id"):
        fields[name].widget = forms.HiddenInput()
    return form


def _target_links(ctx: Context, organization: Organization, events: list[AuditEvent]) -> dict[tuple, str]:
    """{(target_type, target_id): URL} for the targets of `events` that still exist and the actor may open."""
    ids: dict[str, set[str]] = {}
    for event in events:
        ids.setdefault(event.target_type, set()).add(event.target_id)
    links: dict[tuple, str] = {}
    orgnr = organization.orgnr
    visible = integrations_for(ctx.actor, organization=organization)
    for pk in visible.filter(pk__in=[i for i in ids.get("integration", ()) if _is_uuid(i)]).values_list(
            "pk", flat=True):
        links[("integration", str(pk))] = reverse("portal:integration", args=[orgnr, pk])
    grant_ids = [int(i) for i in ids.get("grant", ()) if i.isdigit()]
    for grant in Grant.objects.filter(pk__in=grant_ids, resource__organization=organization):
        links[("grant", str(grant.pk))] = (
            reverse("portal:people", args=[orgnr]) if grant.person_id
            else reverse("portal:integration", args=[orgnr, grant.integration_id]))
    delegation_ids = [int(i) for i in ids.get("delegation", ()) if i.isdigit()]
    for pk in Delegation.objects.filter(pk__in=delegation_ids, represented=orgnr).values_list("pk", flat=True):
        links[("delegation", str(pk))] = reverse("portal:delegation_list", args=[orgnr]) + f"#delegation-{pk}"
    if str(organization.pk) in ids.get("organization", ()):
        links[("organization", str(organization.pk))] = reverse("portal:organization", args=[orgnr])
    return links


def _group_by_request(rows: list[dict]) -> list[list[dict]]:
    """Consecutive rows with the same non-empty request id in one group; every other row alone."""
    groups: list[list[dict]] = []
    for row in rows:
        request_id = row["event"].request_id
        if groups and request_id and groups[-1][0]["event"].request_id == request_id:
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


@login_required
@require_safe
def audit_log(request: HttpRequest, orgnr: str) -> HttpResponse:
    """The organization's audit trail, newest first, filtered, paginated, grouped by request.

    Bad filters (impossible dates, an end before the start) show field errors and no events (400).
    """
    ctx, org = _organization(request, orgnr)
    filterset = _filtered_events(request, org)
    form = _dress_form(filterset, org)
    valid = filterset.is_valid()
    events = filterset.qs.order_by("-time", "-id") if valid else AuditEvent.objects.none()
    page = Paginator(events, AUDIT_EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    page_events = list(page)
    privileges = {p.code: p for p in Privilege.objects.all()}
    names = Principals()
    names.load(page_events)
    links = _target_links(ctx, org, page_events)
    rows = [{
        "event": event,
        "who": names.describe(event),
        "action_label": ACTION_LABELS.get(event.action, event.action),
        "channel_label": CHANNEL_LABELS.get(event.channel, event.channel),
        "target": audit_target(event, privileges),
        "target_url": links.get((event.target_type, event.target_id)),
        "changes": snapshot_changes(event.before, event.after, privileges),
    } for event in page_events]
    query = request.GET.copy()
    query.pop("page", None)
    response = render(request, "portal/audit_log.html", {
        "organization": org, "section": "audit", "page_obj": page, "groups": _group_by_request(rows),
        "form": form, "filtered": bool(query), "query": query.urlencode(),
    })
    if not valid:
        response.status_code = 400
    return response


class _Echo:
    """A file-like object whose `write` hands the line back, so `csv.writer` can feed a generator."""

    def write(self, value: str) -> str:
        return value


def _cell(value: str) -> str:
    """A CSV cell: identity numbers masked, spreadsheet formulas defused."""
    value = mask_text(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def _chunks(events, size: int) -> Iterator[list[AuditEvent]]:
    iterator = events.iterator(chunk_size=size)
    while chunk := list(islice(iterator, size)):
        yield chunk


def export_rows(events, privileges: dict[str, Privilege], language: str) -> Iterator[str]:
    """The CSV lines of `events` (a QuerySet), streamed: a UTF-8 BOM, a header, one line per event.

    Semicolon-separated (what Excel expects with Norwegian regional settings) with CRLF line ends. Rows are
    fetched `EXPORT_CHUNK_SIZE` at a time with `QuerySet.iterator`, and who acted is looked up once per chunk,
    so memory and queries grow with the chunk, not with the log. Times in Norwegian time with seconds. Texts in
    `language` (the request's): the lines are made while the response is sent, after the view has returned.
    """
    with translation.override(language):
        yield from _export_lines(events, privileges)


def _export_lines(events, privileges: dict[str, Privilege]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([
        _("Tid"), _("Hvem"), _("På vegne av"), _("Hendelse"), _("Gjelder"), _("Tjeneste"), _("Kanal"),
        _("Forespørsel"), _("Før"), _("Etter"),
    ])
    names = Principals()
    actions = {code: _cell(str(label)) for code, label in ACTION_LABELS.items()}  # translated once, not per row
    channels = {code: str(label) for code, label in CHANNEL_LABELS.items()}
    for chunk in _chunks(events, EXPORT_CHUNK_SIZE):
        names.load(chunk)
        for event in chunk:
            who = names.describe(event)
            yield writer.writerow([
                timezone.localtime(event.time).strftime("%Y-%m-%d %H:%M:%S"),
                _cell(str(who["name"])), _cell(who["on_behalf_of"]),
                actions.get(event.action) or _cell(event.action),
                _cell(audit_target(event, privileges)),
                _cell(event.service.name if event.service else ""),
                channels.get(event.channel, event.channel),
                _cell(event.request_id),
                _cell(json.dumps(event.before, ensure_ascii=False, sort_keys=True) if event.before else ""),
                _cell(json.dumps(event.after, ensure_ascii=False, sort_keys=True) if event.after else ""),
            ])


@login_required
@require_safe
def audit_export(request: HttpRequest, orgnr: str) -> HttpResponse:
    """The filtered audit trail as a CSV download (streamed, `export_rows`); bad filters: the page with errors."""
    _ctx, org = _organization(request, orgnr)
    filterset = _filtered_events(request, org)
    if not filterset.is_valid():
        return audit_log(request, orgnr)
    events = filterset.qs.order_by("-time", "-id")
    privileges = {p.code: p for p in Privilege.objects.all()}
    response = StreamingHttpResponse(export_rows(events, privileges, translation.get_language()),
                                     content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="logg-{org.orgnr}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
