"""API views under /api/v1/: small classes that parse input, call selectors and services, render output.

Every request: access token (api/authentication.py) → `OnBehalfOf` (api/onbehalfof.py) → the operation. Every
object is looked up through `organizations_for` / `integrations_for` / `delegations_for`, so another
organization's objects answer 404; every write goes through authz/integrations services, which check the
actor's right (403) and write the audit event with the request's context.

Reads (GET, HEAD) of an organization's configuration use answers remembered per process under the shared version
counters (authz/versions.py): whether the actor may see and change the organization (`organization_access`, the
answer of `organizations_for`), pages of its integration list and single integrations. Any change they depend on
bumps a counter, so it shows in the very next request on every app server; writes always read the database.
"""

from __future__ import annotations

import copy
import datetime
import re
import uuid

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from authz import versions
from authz.context import Actor, Context
from authz.models import AuditEvent, Grant, Organization, Privilege, Service
from authz.selectors import (
    access_counters,
    delegations_for,
    organization_access,
    organizations_for,
    root_resource,
)
from authz.services import (
    delegation_create,
    delegation_revoke,
    grant_create,
    grant_revoke,
    person_get_or_create,
    require_change,
    service_resource,
)
from integrations.models import Integration
from integrations.selectors import global_integrations, integrations_for
from integrations.services import (
    global_integration_activate,
    global_integration_deactivate,
    integration_delete,
    integration_get_or_create,
    integration_password_rotate,
    integration_update,
)

from . import serializers as s
from .authentication import request_versions
from .filtersets import (
    AUDIT_EVENT_FILTER_PARAMETERS,
    INTEGRATION_FILTER_PARAMETERS,
    AuditEventFilterSet,
    IntegrationFilterSet,
)
from .onbehalfof import api_context
from .pagination import ApiPagination
from .permissions import CallerRequired
from .problems import InvalidIfMatch, LengthRequired, PreconditionFailed

BODY_METHODS = ("POST", "PUT", "PATCH")


class ApiView(GenericAPIView):
    """Base of every /api/v1/ view: authenticated caller, a body only with `Content-Length` (411 otherwise),
    `OnBehalfOf` checked, `self.ctx` for services.

    Transactions: a request with a method that may write (POST, PUT, PATCH, DELETE) runs in one transaction, as
    `ATOMIC_REQUESTS` gives the web UI (an error, including a DRF problem answer, rolls it back); a read (GET,
    HEAD) runs without one, saving the BEGIN/COMMIT round trips on the API's hottest path (issue 6). Reads never
    write, and each service that does write opens its own transaction. A view whose writing method only reads
    (decisions) sets `read_only = True`.
    """

    permission_classes = [CallerRequired]
    pagination_class = ApiPagination
    filter_backends: list = []
    metadata_class = None  # OPTIONS is not part of the API: 405, as the schema says
    read_only = False
    in_request_transaction = True  # False while serving a read; the problem handler rolls back only a transaction
    ctx: Context

    @classmethod
    def as_view(cls, **initkwargs):
        """The view function, left out of `ATOMIC_REQUESTS`: `dispatch` opens the transaction for writes."""
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def dispatch(self, request, *args, **kwargs):
        """Dispatch inside one transaction for a method that may write (see the class docstring)."""
        if self.read_only or request.method in SAFE_METHODS:
            self.in_request_transaction = False
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request: Request, *args, **kwargs) -> None:
        # A method the path does not have is 405 before anything else (token, OnBehalfOf), as the schema says.
        if request.method.lower() not in self.http_method_names or not hasattr(self, request.method.lower()):
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        if request.method in BODY_METHODS and "HTTP_TRANSFER_ENCODING" in request.META:
            raise LengthRequired()  # Django would read the body as empty (see LengthRequired)
        self.ctx = api_context(request, request.user.actor)

    @property
    def actor(self) -> Actor:
        """The acting party of this request."""
        return self.ctx.actor

    def get_organization(self, orgnr: str) -> Organization:
        """The organization `orgnr` if the actor may see it; 404 otherwise (also when it does not exist)."""
        return get_object_or_404(organizations_for(self.actor, "view"), orgnr=orgnr)

    def get_configurable_organization(self, orgnr: str) -> Organization:
        """The organization `orgnr` if the actor may read and change its configuration.

        404 if the actor may not see it at all; 403 if it may see it but lacks `ADMIN` (persons) or
        `KONFIG.CONFIGURE` (integrations): holding, say, `MINSIDE_SOK.INDEX` does not open the configuration.
        A read (GET, HEAD) uses the answer remembered under the shared version counters
        (`authz.selectors.organization_access`: no query while nothing it depends on changed); a write asks the
        database (one query: seen and may change).
        """
        if self.request.method in SAFE_METHODS:
            current = request_versions(self.request, *access_counters(self.actor, orgnr))
            organization, can_change = organization_access(self.actor, orgnr, current)
            if organization is None:
                raise Http404()
        else:
            organization = get_object_or_404(_organizations(self.actor), orgnr=orgnr)
            can_change = organization.can_change
        if not can_change:
            require_change(self.ctx, organization)  # raises PermissionDenied with the message every channel gives
        return organization

    def validated(self, serializer_class, **kwargs) -> dict:
        """Validate the request body with an input serializer; 400 problem with field errors otherwise."""
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def paginated(self, queryset, serializer_class) -> Response:
        """One page of `queryset` rendered with `serializer_class`: {count, next, previous, results}."""
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)


def _etag(integration: Integration) -> str:
    return f'"{integration.version}"'


# RFC 9110 §13.1.1: If-Match = "*" / #entity-tag; entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE (visible ASCII
# but the quote). The same pattern is the header's schema, so the schema and the server agree on what is valid.
IF_MATCH_PATTERN = r'^(\*|(W/)?"[\x21\x23-\x7E]*"([ \t]*,[ \t]*(W/)?"[\x21\x23-\x7E]*")*)$'
_IF_MATCH = re.compile(IF_MATCH_PATTERN)
_ENTITY_TAG = re.compile(r'(W/)?"[\x21\x23-\x7E]*"')


def _check_if_match(request: Request, integration: Integration) -> int | None:
    """The version an update may assume, from `If-Match` (RFC 9110 §13.1.1, strong comparison).

    No header: None (no check). `*`: None (the object exists). Otherwise the current version if one of the
    listed strong entity tags names it; raises `PreconditionFailed` (412) if none does, and `InvalidIfMatch`
    (400) for a value that is not `*` or a list of entity tags (an empty header included).
    """
    header = request.headers.get("If-Match")
    if header is None:
        return None
    if not _IF_MATCH.fullmatch(header):
        raise InvalidIfMatch()
    if header == "*":
        return None
    if _etag(integration) in (m.group(0) for m in _ENTITY_TAG.finditer(header)):
        return integration.version
    raise PreconditionFailed()


ORGNR = r"(?P<orgnr>[0-9]{9})"
IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False, pattern=IF_MATCH_PATTERN,
    description=(
        'The `ETag` from an earlier response (the version in quotes, e.g. `"3"`). If the integration has changed '
        "since, the request is refused with 412 and nothing changes. `*` or no header: no check (the last write "
        "wins). A value that is neither `*` nor a list of entity tags (an empty one too) is refused with 400 "
        "`invalid_if_match`."
    ),
)

# --- documentation of the operations (the OpenAPI document is developer documentation, in English) ----------

CONFIGURE_ACCESS = (
    "**Who may call:** a person holding `ADMIN` on the organization, or an integration holding `KONFIG.CONFIGURE` "
    "on it. Reading the configuration needs the same right as changing it.\n\n"
    "**404**: the organization does not exist, or the caller holds no privilege at all in it (the two are not "
    "told apart). **403** (`permission_denied`): the caller sees the organization, holding some other privilege "
    "there (e.g. `MINSIDE_SOK.INDEX`), but not `ADMIN`/`KONFIG.CONFIGURE`."
)
ANY_CALLER = "**Who may call:** any caller with a valid access token and a valid `OnBehalfOf`."
ETAG_NOTE = (
    "**ETag:** the response's `ETag` is the integration's `version` in quotes; send it as `If-Match` on PATCH or "
    "DELETE to be refused with 412 if someone changed the integration meanwhile."
)


def _doc(*paragraphs: str) -> str:
    """An operation description (Markdown) from its paragraphs."""
    return "\n\n".join(paragraphs)


EXAMPLE_INTEGRATION_ID = "3f6c2a8e-5b1d-4c7a-9e2f-0a1b2c3d4e5f"
EXAMPLE_PID = "21879498012"  # synthetic (TestID-style, +80 on the month): Kari Nordmann of the demo data

INTEGRATION_CREATE_EXAMPLES = [
    OpenApiExample(
        "vendor_system",
        summary="A vendor's archive system",
        description="`authorized_orgnr` is the vendor's orgnr: the `consumer` of the Maskinporten token its "
                    "system will call with.",
        value={"name": "Sak og arkiv", "description": "Arkivsystemet fra leverandøren",
               "authorized_orgnr": "910753614"},
        request_only=True,
    ),
]
GRANT_CREATE_EXAMPLES = [
    OpenApiExample(
        "integration_on_service",
        summary="Integration: MINSIDE_SOK.INDEX on the service MINSIDE_SOK (as the web UI does)",
        description="With `service`, the grant is on that service of the organization. This is what the web UI "
                    "does when it grants a service privilege.",
        value={"actor": {"type": "integration", "integration_id": EXAMPLE_INTEGRATION_ID},
               "privilege": "MINSIDE_SOK.INDEX", "service": "MINSIDE_SOK"},
        request_only=True,
    ),
    OpenApiExample(
        "integration_on_organization",
        summary="Integration: MINSIDE_SOK.INDEX on the whole organization (no `service`)",
        description="Without `service`, the grant is on the whole organization (`service: null` in the answer) "
                    "and covers all its services, so decisions about `MINSIDE_SOK.INDEX` permit as well. It is a "
                    "different grant from the same privilege on the service, and not what the web UI makes.",
        value={"actor": {"type": "integration", "integration_id": EXAMPLE_INTEGRATION_ID},
               "privilege": "MINSIDE_SOK.INDEX"},
        request_only=True,
    ),
    OpenApiExample(
        "integration_configure",
        summary="Integration: KONFIG.CONFIGURE (may configure the organization through this API)",
        description="An organization-wide privilege (`service: null` in the catalogue): granted without `service`.",
        value={"actor": {"type": "integration", "integration_id": EXAMPLE_INTEGRATION_ID},
               "privilege": "KONFIG.CONFIGURE"},
        request_only=True,
    ),
    OpenApiExample(
        "person_admin",
        summary="Person: ADMIN of the organization",
        description="`pid` is the person's fødselsnummer or D-number (11 digits); it is shown masked afterwards.",
        value={"actor": {"type": "person", "pid": EXAMPLE_PID}, "privilege": "ADMIN"},
        request_only=True,
    ),
    OpenApiExample(
        "person_on_service",
        summary="Person: SVARUT.SEND on the service SVARUT",
        value={"actor": {"type": "person", "pid": EXAMPLE_PID}, "privilege": "SVARUT.SEND", "service": "SVARUT"},
        request_only=True,
    ),
]
DELEGATION_CREATE_EXAMPLES = [
    OpenApiExample(
        "organization_to_vendor",
        summary="The vendor 910753614 may act for Demo kommune in this API",
        description="Afterwards the vendor may send `OnBehalfOf: 123456785`. Restricted to `KONFIG` (this API); "
                    "leave out `service` for every service.",
        value={"represented": "123456785", "representative": "910753614", "service": "KONFIG",
               "valid_to": "2030-12-31T23:59:59Z"},
        request_only=True,
    ),
]
DECISION_EXAMPLES = [
    OpenApiExample(
        "ask_integration",
        summary="Does the integration hold MINSIDE_SOK.INDEX at 123456785?",
        value={"actor": {"type": "integration", "integration_id": EXAMPLE_INTEGRATION_ID},
               "privilege": "MINSIDE_SOK.INDEX", "orgnr": "123456785"},
        request_only=True,
    ),
    OpenApiExample(
        "ask_person_on_service",
        summary="Does the person hold SVARUT.SEND on the service SVARUT?",
        value={"actor": {"type": "person", "pid": EXAMPLE_PID}, "privilege": "SVARUT.SEND",
               "orgnr": "123456785", "service": "SVARUT"},
        request_only=True,
    ),
    OpenApiExample(
        "permit",
        summary="Answer: permit (granted)",
        value={"decision": "permit", "code": "granted", "reason": "MINSIDE_SOK.INDEX er tildelt på tjenesten."},
        response_only=True,
    ),
    OpenApiExample(
        "deny",
        summary="Answer: deny (no grant)",
        value={"decision": "deny", "code": "no_grant", "reason": "Ingen tildelt tilgang SVARUT.SEND for 123456785."},
        response_only=True,
    ),
]


# --- me, organizations, catalogue --------------------------------------------------------------------------


class MeView(ApiView):
    """Who is calling, on whose behalf, and the privileges the caller holds."""

    @extend_schema(
        operation_id="me", responses=s.MeOutput, tags=["me"], summary="Who am I calling as",
        description=_doc(
            "Who the caller is (person, organization, or integration), what the access token says, whose behalf "
            "the call is made on (`OnBehalfOf`), and the caller's own grants. A good first call: it shows "
            "whether the token, `OnBehalfOf` and the integration headers are accepted.",
            ANY_CALLER,
        ),
    )
    def get(self, request: Request) -> Response:
        return Response(me_document(self.actor, getattr(request.user, "token", None), self.ctx, request=request))


# The caller's own grants for GET /me/, per process, under the caller's and the catalogue's shared version
# counters (bumped by every change of the caller's grants, authz/receivers.py): a call repeated by a vendor's
# system costs one shared-cache round trip instead of a query.
_own_privileges = versions.VersionedLocalCache(maxsize=10_000, seconds=300)


def own_privileges(actor: Actor, request=None) -> list[dict]:
    """The privileges the actor holds itself: `[{"privilege", "orgnr", "service"}]` (service None: organization-wide).

    Persons and integrations hold grants; organizations and unsaved persons (a pid the portal has never seen)
    none, answered without a query. Output order: as the database returns the grants (as before caching). With
    `request`, version counters already read in the request are used (`request_versions`).
    """
    if actor.kind == "person" and actor.person is not None and actor.person.pk is not None:
        grants, name = Grant.objects.filter(person=actor.person), versions.actor_key("person", actor.person.pid)
    elif actor.kind == "integration" and actor.integration is not None:
        grants = Grant.objects.filter(integration=actor.integration)
        name = versions.actor_key("integration", actor.integration.pk)
    else:
        return []
    if request is not None:
        current = request_versions(request, name, versions.CATALOGUE)
        stamp = (current[name], current[versions.CATALOGUE])
    else:
        stamp = versions.current(name, versions.CATALOGUE)
    found = _own_privileges.get(name, stamp)
    if found is None:
        found = [{"privilege": g.privilege.code, "orgnr": g.resource.organization.orgnr,
                  "service": g.resource.service.code if g.resource.service_id else None}
                 for g in grants.select_related("privilege", "resource__organization", "resource__service")]
        _own_privileges.set(name, stamp, found)
    return [dict(item) for item in found]


def me_document(actor: Actor, token, ctx: Context, *, request=None) -> dict:
    """The body of GET /api/v1/me/, exactly as `s.MeOutput` renders it (a test compares the two), built directly.

    `s.MeOutput` stays the schema; rendering through it built ~20 DRF fields per call (issue 6, profiled).
    Inputs: the acting party, the validated access token (or None), the request's `Context` and optionally the
    request (its version counters, see `own_privileges`). Output: a JSON-ready dict; identity numbers masked.
    """
    integration, party = actor.integration, ctx.on_behalf_of
    return {
        "caller": {
            "type": actor.kind,
            "display": str(actor.display),
            "pid": s.show_party(actor.person.pid) if actor.person else None,
            "orgnr": actor.orgnr or (integration.authorized_orgnr if integration else None),
            "integration": None if integration is None else {
                "id": str(integration.pk), "name": integration.name,
                "organization": integration.organization.orgnr if integration.organization_id else None,
            },
        },
        "token": {
            "consumer_orgnr": getattr(token, "consumer_orgnr", None) or None,
            "supplier_orgnr": getattr(token, "supplier_orgnr", None) or None,
            "delegation_source": getattr(token, "delegation_source", None) or None,
            "scopes": sorted(getattr(token, "scopes", None) or []),
        },
        "on_behalf_of": {
            "party": s.show_party(party),
            "type": "organization" if len(party) == 9 else "person",
            "delegated": bool(ctx.extra.get("delegated")),
        },
        "privileges": own_privileges(actor, request),
    }


def _organizations(actor: Actor):
    can_change = organizations_for(actor, "change").filter(pk=OuterRef("pk"))
    return organizations_for(actor, "view").annotate(can_change=Exists(can_change)).order_by("name", "orgnr")


class OrganizationListView(ApiView):
    """Organizations the caller may see."""

    @extend_schema(
        operation_id="organizations_list", responses=s.OrganizationOutput(many=True), tags=["organizations"],
        summary="List the organizations you may see",
        description=_doc(
            "Every organization in which the caller holds at least one privilege (on the organization or on one of "
            "its services). `can_change` tells whether the caller may also read and change its configuration "
            "(`ADMIN` for persons, `KONFIG.CONFIGURE` for integrations).",
            ANY_CALLER,
        ),
    )
    def get(self, request: Request) -> Response:
        return self.paginated(_organizations(self.actor), s.OrganizationOutput)


class OrganizationDetailView(ApiView):
    """One organization the caller may see."""

    @extend_schema(
        operation_id="organizations_retrieve", responses=s.OrganizationOutput, tags=["organizations"],
        summary="Get one organization",
        description=_doc(
            ANY_CALLER,
            "**404**: the organization does not exist, or the caller holds no privilege in it.",
        ),
    )
    def get(self, request: Request, orgnr: str) -> Response:
        organization = get_object_or_404(_organizations(self.actor), orgnr=orgnr)
        return Response(s.OrganizationOutput(organization).data)


class ServiceListView(ApiView):
    """The service catalogue."""

    @extend_schema(
        operation_id="services_list", responses=s.ServiceOutput(many=True), tags=["catalogue"],
        summary="List the services",
        description=_doc(
            "The platform's services, each with the codes of the privileges that belong to it. Use a service's "
            "`code` as `service` in grants, delegations and decisions.",
            "Organization-wide privileges (`ADMIN`, `KONFIG.CONFIGURE`) belong to no service (`service: null` in "
            "/api/v1/privileges/), so they are not listed under any service: `KONFIG` (this portal) lists no "
            "privileges although `KONFIG.CONFIGURE` exists.",
            ANY_CALLER,
        ),
    )
    def get(self, request: Request) -> Response:
        services = Service.objects.prefetch_related("privileges").order_by("name", "code")
        return self.paginated(services, s.ServiceOutput)


class PrivilegeListView(ApiView):
    """The privilege catalogue."""

    @extend_schema(
        operation_id="privileges_list", responses=s.PrivilegeOutput(many=True), tags=["catalogue"],
        summary="List the privileges",
        description=_doc(
            "Every privilege that can be granted, with its service and whether it can be given to persons "
            "and/or integrations.",
            "`service: null` marks the organization-wide privileges `ADMIN` (persons: administer the "
            "organization) and `KONFIG.CONFIGURE` (integrations: configure it through this API). They are "
            "granted without `service`, on the whole organization.",
            ANY_CALLER,
        ),
    )
    def get(self, request: Request) -> Response:
        return self.paginated(Privilege.objects.select_related("service").order_by("code"), s.PrivilegeOutput)


# --- integrations ------------------------------------------------------------------------------------------


# Pages of an organization's integration list and single integrations, remembered per process (issue 6) under
# the shared version counters of what they show: the organization's (`versions.organization_key`), its list's
# (`versions.integrations_key`: every save or delete of one of its integrations or of a grant to one) and the
# catalogue's (the `service` filter) for pages; the integration's own (`versions.actor_key`: its row and its
# grants) and the organization's for one integration. Who may see them is checked on every request first
# (`get_configurable_organization`). Only reads use them; writes read the database.
PAGE_CACHE_SIZE = 32  # about 50 KB for 50 rows; at most `ApiPagination.max_limit` rows
PAGE_CACHE_SECONDS = 300
INTEGRATION_CACHE_SIZE = 2_000  # about 3 KB each
INTEGRATION_CACHE_SECONDS = 300
_pages = versions.VersionedLocalCache(PAGE_CACHE_SIZE, PAGE_CACHE_SECONDS)
_integrations = versions.VersionedLocalCache(INTEGRATION_CACHE_SIZE, INTEGRATION_CACHE_SECONDS)
_PAGE_PARAMETERS = (*IntegrationFilterSet.base_filters, "limit", "offset")
_NEVER = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def _shown_until(integrations) -> datetime.datetime:
    """When the rendering of `integrations` goes stale by itself: the first end of a previous password's overlap
    still to come (`previous_password_*` are shown only until then), else never."""
    now = timezone.now()
    ends = [i.previous_password_expires_at for i in integrations if i.previous_password_valid_until(now)]
    return min(ends, default=_NEVER)


def forget_integration_reads() -> None:
    """Forget every remembered page and integration of this process (tests)."""
    _pages.clear()
    _integrations.clear()


class IntegrationListView(ApiView):
    """An organization's integrations: list (filterable) and create."""

    queryset = Integration.objects.none()  # for the schema's filter parameters; real lookups in get()
    filter_backends = [DjangoFilterBackend]
    filterset_class = IntegrationFilterSet

    @extend_schema(
        operation_id="integrations_list", responses=s.IntegrationOutput(many=True), tags=["integrations"],
        parameters=INTEGRATION_FILTER_PARAMETERS,
        summary="List an organization's integrations",
        description=_doc("The organization's own integrations (not global ones), filterable.", CONFIGURE_ACCESS),
    )
    def get(self, request: Request, orgnr: str) -> Response:
        names = (versions.organization_key(orgnr), versions.integrations_key(orgnr), versions.CATALOGUE)
        current = request_versions(request, *access_counters(self.actor, orgnr), *names)
        organization = self.get_configurable_organization(orgnr)
        # The page is the same for everyone who may change the organization: its key holds no caller.
        key = (organization.pk, timezone.get_current_timezone_name(),
               *(tuple(request.query_params.getlist(name)) for name in _PAGE_PARAMETERS))
        stamp = tuple(current[name] for name in names)
        paginator = self.paginator
        remembered = _pages.get(key, stamp)
        if remembered is None or remembered[2] <= timezone.now():
            integrations = self.filter_queryset(integrations_for(self.actor, organization=organization))
            page = paginator.paginate_queryset(integrations.order_by("name", "id"), request, view=self)
            remembered = (paginator.count, list(s.IntegrationOutput(page, many=True).data), _shown_until(page))
            _pages.set(key, stamp, remembered)
        else:  # the parameters were valid when the page was made
            paginator.request, paginator.count = request, remembered[0]
            paginator.limit, paginator.offset = paginator.get_limit(request), paginator.get_offset(request)
        return paginator.get_paginated_response(remembered[1])

    @extend_schema(
        operation_id="integrations_create", request=s.IntegrationCreateInput,
        responses={201: s.IntegrationOutput, 200: s.IntegrationOutput}, tags=["integrations"],
        summary="Create an integration",
        examples=INTEGRATION_CREATE_EXAMPLES,
        description=_doc(
            "Register a vendor's system as an integration of the organization. The answer is 201 with the "
            "integration, its URL in `Location` and its `ETag`. It has no password and no privileges yet: rotate "
            "the password (POST .../password/) and grant privileges (POST .../grants/). The name must be unique "
            "within the organization (400 otherwise).",
            "**Idempotent:** repeating the request (same name, `authorized_orgnr` and description, after surrounding "
            "whitespace is removed and Unicode is normalized to NFC) answers 200 with the existing integration; "
            "nothing is changed or audited.",
            CONFIGURE_ACCESS,
        ),
    )
    def post(self, request: Request, orgnr: str) -> Response:
        organization = self.get_configurable_organization(orgnr)
        data = self.validated(s.IntegrationCreateInput)
        integration, created = integration_get_or_create(self.ctx, organization=organization, **data)
        integration = integrations_for(self.actor, organization=organization).get(pk=integration.pk)
        location = reverse("api:integration-detail", kwargs={"orgnr": orgnr, "pk": integration.pk})
        return Response(s.IntegrationOutput(integration).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
                        headers={"ETag": _etag(integration), "Location": location})


class IntegrationDetailView(ApiView):
    """One integration: read, partial update (ETag / If-Match), delete."""

    def get_integration(self, orgnr: str, pk) -> Integration:
        """The integration `pk` of organization `orgnr` if the actor may change that organization's configuration.

        404 if the actor may not see the organization, 403 if it may see it without the right to change it, 404
        for an integration that is not there (or of another organization).

        A read checks the organization (`get_configurable_organization`) and then uses the integration remembered
        under its version counter and the organization's (`_integrations`): no query while nothing changed. A
        write makes one query when found (`integrations_for` holds the change rule itself); otherwise the
        organization is looked up on its own to tell 404 from 403.
        """
        if self.request.method in SAFE_METHODS:
            pk = uuid.UUID(str(pk))
            names = (versions.actor_key("integration", pk), versions.organization_key(orgnr))
            current = request_versions(self.request, *access_counters(self.actor, orgnr), *names)
            organization = self.get_configurable_organization(orgnr)
            key, stamp = (organization.pk, pk), tuple(current[name] for name in names)
            integration = _integrations.get(key, stamp)
            if integration is None:
                integration = get_object_or_404(integrations_for(self.actor, organization=organization), pk=pk)
                _integrations.set(key, stamp, integration)
            return copy.copy(integration)
        integration = integrations_for(self.actor).filter(organization__orgnr=orgnr, pk=pk).first()
        if integration is not None:
            return integration
        organization = self.get_configurable_organization(orgnr)
        return get_object_or_404(integrations_for(self.actor, organization=organization), pk=pk)

    @extend_schema(
        operation_id="integrations_retrieve", responses=s.IntegrationOutput, tags=["integrations"],
        summary="Get one integration",
        description=_doc(ETAG_NOTE, CONFIGURE_ACCESS, "**404** also for an integration of another organization."),
    )
    def get(self, request: Request, orgnr: str, pk) -> Response:
        integration = self.get_integration(orgnr, pk)
        return Response(s.IntegrationOutput(integration).data, headers={"ETag": _etag(integration)})

    @extend_schema(
        operation_id="integrations_partial_update", request=s.IntegrationUpdateInput,
        responses=s.IntegrationOutput, parameters=[IF_MATCH], tags=["integrations"],
        summary="Change an integration",
        examples=[OpenApiExample("deactivate", value={"is_active": False}, request_only=True,
                                 summary="Stop the integration at once (grants are kept)")],
        description=_doc(
            "Change the fields you send; the others stay. Every change raises `version`. Setting "
            "`is_active: false` stops the integration at once.",
            ETAG_NOTE + " With a stale `If-Match`: 412 `precondition_failed`, nothing changed.",
            CONFIGURE_ACCESS,
        ),
    )
    def patch(self, request: Request, orgnr: str, pk) -> Response:
        integration = self.get_integration(orgnr, pk)
        expected = _check_if_match(request, integration)
        data = self.validated(s.IntegrationUpdateInput)
        integration_update(self.ctx, integration=integration, expected_version=expected, **data)
        integration = self.get_integration(orgnr, pk)
        return Response(s.IntegrationOutput(integration).data, headers={"ETag": _etag(integration)})

    @extend_schema(
        operation_id="integrations_destroy", parameters=[IF_MATCH], responses={204: None}, tags=["integrations"],
        summary="Delete an integration",
        description=_doc(
            "Delete the integration and all its grants; it stops working at once. Global integrations cannot be "
            "deleted here (deactivate them instead). With a stale `If-Match`: 412, nothing deleted.",
            CONFIGURE_ACCESS,
        ),
    )
    def delete(self, request: Request, orgnr: str, pk) -> Response:
        integration = self.get_integration(orgnr, pk)
        expected = _check_if_match(request, integration)
        integration_delete(self.ctx, integration=integration, expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IntegrationPasswordView(ApiView):
    """Rotate an integration's password; the new password is in this response only."""

    @extend_schema(
        operation_id="integrations_password_rotate", request=s.PasswordRotateInput, responses=s.PasswordOutput,
        tags=["integrations"], summary="Set a new password for an integration",
        description=_doc(
            "Generate a new password. The old one keeps working for `overlap_minutes` (default 30, at most 1440 = "
            "24 hours; 0 ends it at once) so the vendor's system can switch without downtime; end it earlier with "
            "POST .../password/end-previous/. The body is optional. The password is in this response only "
            "(`Cache-Control: no-store`): store it now. The vendor's system sends it as `IntegrasjonPassord`, "
            "with `IntegrasjonId` and a Maskinporten token for the integration's `authorized_orgnr`. "
            "Not idempotent: every call makes a new password and raises `version` (new `ETag`). **400**: "
            "`overlap_minutes` outside 0-1440.",
            CONFIGURE_ACCESS,
        ),
    )
    def post(self, request: Request, orgnr: str, pk) -> Response:
        organization = self.get_configurable_organization(orgnr)
        integration = get_object_or_404(integrations_for(self.actor, organization=organization), pk=pk)
        data = self.validated(s.PasswordRotateInput)
        password = integration_password_rotate(self.ctx, integration=integration,
                                               overlap_minutes=data.get("overlap_minutes"))
        integration.refresh_from_db()
        data = {"password": password, "password_set_at": integration.password_set_at,
                "previous_password_expires_at": integration.previous_password_until, "version": integration.version}
        return Response(s.PasswordOutput(data).data, headers={"Cache-Control": "no-store", "ETag": _etag(integration)})


# --- grants ------------------------------------------------------------------------------------------------


def _grants_of(organization: Organization):
    return (
        Grant.objects.filter(resource__organization=organization)
        .select_related("privilege", "person", "integration", "resource__organization", "resource__service")
        .order_by("granted_at", "id")
    )


class GrantListView(ApiView):
    """An organization's grants: list and create (idempotent)."""

    @extend_schema(
        operation_id="grants_list", responses=s.GrantOutput(many=True), tags=["grants"],
        summary="List an organization's grants",
        description=_doc(
            "Every grant on the organization and on its services, to persons (pid masked) and integrations "
            "(the organization's own and activated global ones).",
            CONFIGURE_ACCESS,
        ),
    )
    def get(self, request: Request, orgnr: str) -> Response:
        return self.paginated(_grants_of(self.get_configurable_organization(orgnr)), s.GrantOutput)

    @extend_schema(
        operation_id="grants_create", request=s.GrantCreateInput,
        responses={201: s.GrantOutput, 200: s.GrantOutput}, tags=["grants"],
        summary="Grant a privilege to a person or an integration",
        examples=GRANT_CREATE_EXAMPLES,
        description=_doc(
            '`actor` names who gets the privilege: `{"type": "integration", "integration_id": "<id>"}` (one of '
            'this organization\'s integrations) or `{"type": "person", "pid": "<11 digits>"}`.',
            "**Where:** with `service`, the grant is on that service of the organization, which is how the web UI "
            "grants a service privilege such as `MINSIDE_SOK.INDEX` (on `MINSIDE_SOK`). Without `service`, the "
            "grant is on the whole organization (`service: null`) and covers all its services; organization-wide "
            "privileges (`ADMIN`, `KONFIG.CONFIGURE`) are granted this way. The two are different grants.",
            "**Idempotent:** 201 with the new grant; 200 with the existing grant when the same actor already "
            "holds the same privilege in the same place (nothing is changed or audited).",
            "**400** with the field named: unknown privilege, service or integration (`actor.integration_id`), "
            "a privilege that cannot be given to that kind of actor (see `for_persons`/`for_integrations` in "
            "/api/v1/privileges/), or a privilege of another service than `service`.",
            CONFIGURE_ACCESS,
        ),
    )
    def post(self, request: Request, orgnr: str) -> Response:
        organization = self.get_configurable_organization(orgnr)
        data = self.validated(s.GrantCreateInput)
        require_change(self.ctx, organization)
        privilege = Privilege.objects.filter(code=data["privilege"]).first()
        if privilege is None:
            raise exceptions.ValidationError({"privilege": [_("Ukjent privilegium.")]})
        if "service" in data:
            service = Service.objects.filter(code=data["service"]).first()
            if service is None:
                raise exceptions.ValidationError({"service": [_("Ukjent tjeneste.")]})
            resource = service_resource(organization=organization, service=service)
        else:
            resource = root_resource(organization)
        actor = data["actor"]
        person = integration = None
        if actor["type"] == "person":
            person = person_get_or_create(pid=actor["pid"])
        else:
            integration = integrations_for(self.actor, organization=organization).filter(
                pk=actor["integration_id"]).first()
            if integration is None:
                raise exceptions.ValidationError({"actor.integration_id": [_("Ukjent integrasjon.")]})
        grant, created = grant_create(self.ctx, privilege=privilege, resource=resource, person=person,
                                      integration=integration)
        grant = _grants_of(organization).get(pk=grant.pk)
        return Response(s.GrantOutput(grant).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class GrantDetailView(ApiView):
    """Revoke one grant."""

    @extend_schema(
        operation_id="grants_destroy", responses={204: None}, tags=["grants"], summary="Revoke a grant",
        description=_doc(
            "Revoke the grant (its `id` from the list). A grant that does not exist (also one already revoked) "
            "answers 404. The organization's last administrator (`ADMIN` on the organization) cannot be revoked "
            "(400).",
            CONFIGURE_ACCESS,
        ),
    )
    def delete(self, request: Request, orgnr: str, pk: str) -> Response:
        grant = get_object_or_404(_grants_of(self.get_configurable_organization(orgnr)), pk=pk)
        grant_revoke(self.ctx, grant=grant)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- global integrations -----------------------------------------------------------------------------------


class GlobalIntegrationListView(ApiView):
    """The platform's global integrations, with the privileges each gets when an organization activates it."""

    @extend_schema(
        operation_id="global_integrations_list", responses=s.GlobalIntegrationOutput(many=True),
        tags=["global integrations"], summary="List the global integrations",
        description=_doc(
            "Integrations run by the platform (e.g. `SVARUT.MINSIDE_SOK`), each with the privileges it gets on an "
            "organization that activates it.",
            ANY_CALLER,
        ),
    )
    def get(self, request: Request) -> Response:
        return self.paginated(global_integrations().order_by("name", "code"), s.GlobalIntegrationOutput)


class ActivationView(ApiView):
    """Activate (PUT) or deactivate (DELETE) a global integration for an organization; both idempotent."""

    def _objects(self, orgnr: str, code: str) -> tuple[Organization, Integration]:
        organization = self.get_configurable_organization(orgnr)
        integration = get_object_or_404(global_integrations(), code=code)
        return organization, integration

    @extend_schema(
        operation_id="global_integrations_activate", request=None,
        responses={201: s.ActivationOutput, 200: s.ActivationOutput}, tags=["global integrations"],
        summary="Activate a global integration for an organization",
        description=_doc(
            "Grants the integration its `requested_privileges` on the organization. Send no body.",
            "**Idempotent:** 201 the first time; 200 with the existing activation afterwards (nothing changes). "
            "**400**: the platform has deactivated the integration. **404**: no global integration with this "
            "code.",
            CONFIGURE_ACCESS,
        ),
    )
    def put(self, request: Request, orgnr: str, code: str) -> Response:
        organization, integration = self._objects(orgnr, code)
        activation, created = global_integration_activate(self.ctx, integration=integration,
                                                          organization=organization)
        return Response(s.ActivationOutput(activation).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        operation_id="global_integrations_deactivate", responses={204: None}, tags=["global integrations"],
        summary="Deactivate a global integration for an organization",
        description=_doc(
            "Revokes every grant the integration holds on the organization. **Idempotent:** 204 also when it was "
            "not active.",
            CONFIGURE_ACCESS,
        ),
    )
    def delete(self, request: Request, orgnr: str, code: str) -> Response:
        organization, integration = self._objects(orgnr, code)
        global_integration_deactivate(self.ctx, integration=integration, organization=organization)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- delegations -------------------------------------------------------------------------------------------


def _delegations(actor: Actor):
    return delegations_for(actor).select_related("service").order_by("-created_at", "-id")


class DelegationListView(ApiView):
    """Delegations naming a party the caller is or administers: list and create."""

    @extend_schema(
        operation_id="delegations_list", responses=s.DelegationOutput(many=True), tags=["delegations"],
        summary="List delegations",
        description=_doc(
            "Delegations, newest first, in which the represented or the representative party is the caller "
            "itself (its pid or orgnr) or an organization the caller administers (`ADMIN`/`KONFIG.CONFIGURE`). "
            "Revoked and expired ones are included (see `revoked_at`, `valid_to`).",
            ANY_CALLER,
        ),
    )
    def get(self, request: Request) -> Response:
        return self.paginated(_delegations(self.actor), s.DelegationOutput)

    @extend_schema(
        operation_id="delegations_create", request=s.DelegationCreateInput,
        responses={201: s.DelegationOutput, 200: s.DelegationOutput}, tags=["delegations"],
        summary="Let another party act on behalf of a party",
        examples=DELEGATION_CREATE_EXAMPLES,
        description=_doc(
            "Afterwards `representative` may send `OnBehalfOf: <represented>` (in this API: if the delegation is "
            "unrestricted or for `KONFIG`). It grants no privileges: the representative still acts with its own "
            "grants.",
            "**Who may call:** a person for themself (`represented` = their own pid), or an administrator of the "
            "represented organization (`ADMIN`/`KONFIG.CONFIGURE`); otherwise 403. **400** with the field named: "
            "an invalid party, the same party twice, an unknown service, `valid_to` in the past or not after "
            "`valid_from`.",
            "**Idempotent:** 201 with the new delegation; 200 with the existing one when an unrevoked delegation "
            "with the same parties, `service` and `valid_to` exists and starts as asked (the same `valid_from`, "
            "or, without `valid_from`, it is already in force); nothing is changed or audited. The database holds "
            "this also for concurrent requests. If it starts otherwise: 400 on `valid_from`.",
        ),
    )
    def post(self, request: Request) -> Response:
        data = self.validated(s.DelegationCreateInput)
        service = None
        if "service" in data:
            service = Service.objects.filter(code=data["service"]).first()
            if service is None:
                raise exceptions.ValidationError({"service": [_("Ukjent tjeneste.")]})
        delegation, created = delegation_create(
            self.ctx, represented=data["represented"], representative=data["representative"], service=service,
            valid_from=data.get("valid_from"), valid_to=data.get("valid_to"),
        )
        return Response(s.DelegationOutput(delegation).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class DelegationRevokeView(ApiView):
    """Revoke a delegation (idempotent)."""

    @extend_schema(
        operation_id="delegations_revoke", request=None, responses=s.DelegationOutput, tags=["delegations"],
        summary="Revoke a delegation",
        description=_doc(
            "Sets `revoked_at`; the representative can no longer act for the represented party. Send no body. "
            "**Idempotent:** revoking again answers 200 with the same delegation.",
            "**Who may call:** either party, or an administrator of the represented organization; 403 for others "
            "who see the delegation. **404**: the caller cannot see the delegation (see the list).",
        ),
    )
    def post(self, request: Request, pk: str) -> Response:
        delegation = get_object_or_404(_delegations(self.actor), pk=pk)
        delegation = delegation_revoke(self.ctx, delegation=delegation)
        return Response(s.DelegationOutput(delegation).data)


# --- audit events ------------------------------------------------------------------------------------------


class AuditEventListView(ApiView):
    """An organization's audit trail, newest first; for those who may change the organization."""

    queryset = AuditEvent.objects.none()  # for the schema's filter parameters
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditEventFilterSet

    @extend_schema(
        operation_id="audit_events_list", responses=s.AuditEventOutput(many=True), tags=["audit"],
        parameters=AUDIT_EVENT_FILTER_PARAMETERS,
        summary="List an organization's audit events",
        description=_doc(
            "Every change to the organization's configuration, from the web UI, the API and the admin, newest "
            "first; filter by period, actor, action, target, request id and free text (the same filters as the "
            "web UI's audit log). Identity numbers are masked; secrets are never recorded.",
            "**400** with the parameter named: an impossible date, or `until` not after `since`.",
            CONFIGURE_ACCESS,
        ),
    )
    def get(self, request: Request, orgnr: str) -> Response:
        organization = self.get_configurable_organization(orgnr)
        events = AuditEvent.objects.filter(organization=organization)
        return self.paginated(self.filter_queryset(events).order_by("-time", "id"), s.AuditEventOutput)


