"""API views under /api/v1/: small classes that parse input, call selectors and services, render output.

Every request: access token (api/authentication.py) → `OnBehalfOf` (api/onbehalfof.py) → the operation. Every
object is looked up through `organizations_for` / `integrations_for` / `delegations_for`, so another
organization's objects answer 404; every write goes through authz/integrations services, which check the
actor's right (403) and write the audit event with the request's context.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from authz.context import Actor, Context
from authz.models import AuditEvent, Grant, Organization, Person, Privilege, Service
from authz.selectors import decide, delegations_for, organizations_for, root_resource
from authz.services import (
    delegation_create,
    delegation_revoke,
    grant_create,
    grant_revoke,
    person_get_or_create,
    require_change,
    service_resource,
)
from integrations.models import Activation, Integration
from integrations.selectors import global_integrations, integrations_for
from integrations.services import (
    global_integration_activate,
    global_integration_deactivate,
    integration_create,
    integration_delete,
    integration_password_rotate,
    integration_update,
)

from . import serializers as s
from .filtersets import AuditEventFilterSet, IntegrationFilterSet
from .onbehalfof import api_context
from .pagination import ApiPagination
from .permissions import CallerRequired
from .problems import LengthRequired, PreconditionFailed

BODY_METHODS = ("POST", "PUT", "PATCH")


class ApiView(GenericAPIView):
    """Base of every /api/v1/ view: authenticated caller, a body only with `Content-Length` (411 otherwise),
    `OnBehalfOf` checked, `self.ctx` for services."""

    permission_classes = [CallerRequired]
    pagination_class = ApiPagination
    filter_backends: list = []
    metadata_class = None  # OPTIONS is not part of the API: 405, as the schema says
    ctx: Context

    def initial(self, request: Request, *args, **kwargs) -> None:
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
        """
        organization = self.get_organization(orgnr)
        require_change(self.ctx, organization)
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


def _check_if_match(request: Request, integration: Integration) -> int | None:
    """The version an update may assume, from `If-Match` (RFC 9110 §13.1.1, strong comparison).

    No header: None (no check). `*`: None (the object exists). Otherwise the current version if one of the
    listed strong entity tags names it; raises `PreconditionFailed` (412) if none does.
    """
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tags = [tag.strip() for tag in header.split(",")]
    if "*" in tags:
        return None
    if _etag(integration) in tags:
        return integration.version
    raise PreconditionFailed()


ORGNR = r"(?P<orgnr>[0-9]{9})"
IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="ETag fra en tidligere GET (versjonen i anførselstegn, f.eks. \"3\"). Gammel versjon gir 412.",
)
ETAG_HEADER = {"ETag": {"description": "Versjonen av integrasjonen.", "schema": {"type": "string"}}}


# --- me, organizations, catalogue --------------------------------------------------------------------------


class MeView(ApiView):
    """Who is calling, on whose behalf, and the privileges the caller holds."""

    @extend_schema(operation_id="me", responses=s.MeOutput, summary="Hvem kaller")
    def get(self, request: Request) -> Response:
        actor, token = self.actor, getattr(request.user, "token", None)
        if actor.kind == "person":
            grants = Grant.objects.filter(person=actor.person)
        elif actor.kind == "integration":
            grants = Grant.objects.filter(integration=actor.integration)
        else:
            grants = Grant.objects.none()
        grants = grants.select_related("privilege", "resource__organization", "resource__service")
        party = self.ctx.on_behalf_of
        data = {
            "caller": {
                "type": actor.kind,
                "display": actor.display,
                "pid": s.show_party(actor.person.pid) if actor.person else None,
                "orgnr": actor.orgnr or (actor.integration.authorized_orgnr if actor.integration else None),
                "integration": actor.integration,
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
                "delegated": bool(self.ctx.extra.get("delegated")),
            },
            "privileges": [
                {"privilege": g.privilege.code, "orgnr": g.resource.organization.orgnr,
                 "service": g.resource.service.code if g.resource.service_id else None}
                for g in grants
            ],
        }
        return Response(s.MeOutput(data).data)


def _organizations(actor: Actor):
    can_change = organizations_for(actor, "change").filter(pk=OuterRef("pk"))
    return organizations_for(actor, "view").annotate(can_change=Exists(can_change)).order_by("name", "orgnr")


class OrganizationListView(ApiView):
    """Organizations the caller may see."""

    @extend_schema(operation_id="organizations_list", responses=s.OrganizationOutput(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(_organizations(self.actor), s.OrganizationOutput)


class OrganizationDetailView(ApiView):
    """One organization the caller may see."""

    @extend_schema(operation_id="organizations_retrieve", responses=s.OrganizationOutput)
    def get(self, request: Request, orgnr: str) -> Response:
        organization = get_object_or_404(_organizations(self.actor), orgnr=orgnr)
        return Response(s.OrganizationOutput(organization).data)


class ServiceListView(ApiView):
    """The service catalogue."""

    @extend_schema(operation_id="services_list", responses=s.ServiceOutput(many=True))
    def get(self, request: Request) -> Response:
        services = Service.objects.prefetch_related("privileges").order_by("name", "code")
        return self.paginated(services, s.ServiceOutput)


class PrivilegeListView(ApiView):
    """The privilege catalogue."""

    @extend_schema(operation_id="privileges_list", responses=s.PrivilegeOutput(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(Privilege.objects.select_related("service").order_by("code"), s.PrivilegeOutput)


# --- integrations ------------------------------------------------------------------------------------------


class IntegrationListView(ApiView):
    """An organization's integrations: list (filterable) and create."""

    queryset = Integration.objects.none()  # for the schema's filter parameters; real lookups in get()
    filter_backends = [DjangoFilterBackend]
    filterset_class = IntegrationFilterSet

    @extend_schema(operation_id="integrations_list", responses=s.IntegrationOutput(many=True))
    def get(self, request: Request, orgnr: str) -> Response:
        organization = self.get_configurable_organization(orgnr)
        integrations = self.filter_queryset(integrations_for(self.actor, organization=organization))
        return self.paginated(integrations.order_by("name", "id"), s.IntegrationOutput)

    @extend_schema(
        operation_id="integrations_create", request=s.IntegrationCreateInput,
        responses={201: s.IntegrationOutput},
    )
    def post(self, request: Request, orgnr: str) -> Response:
        organization = self.get_configurable_organization(orgnr)
        data = self.validated(s.IntegrationCreateInput)
        integration = integration_create(self.ctx, organization=organization, **data)
        integration = integrations_for(self.actor, organization=organization).get(pk=integration.pk)
        location = reverse("api:integration-detail", kwargs={"orgnr": orgnr, "pk": integration.pk})
        return Response(s.IntegrationOutput(integration).data, status=status.HTTP_201_CREATED,
                        headers={"ETag": _etag(integration), "Location": location})


class IntegrationDetailView(ApiView):
    """One integration: read, partial update (ETag / If-Match), delete."""

    def get_integration(self, orgnr: str, pk) -> Integration:
        organization = self.get_configurable_organization(orgnr)
        return get_object_or_404(integrations_for(self.actor, organization=organization), pk=pk)

    @extend_schema(operation_id="integrations_retrieve", responses=s.IntegrationOutput)
    def get(self, request: Request, orgnr: str, pk) -> Response:
        integration = self.get_integration(orgnr, pk)
        return Response(s.IntegrationOutput(integration).data, headers={"ETag": _etag(integration)})

    @extend_schema(operation_id="integrations_partial_update", request=s.IntegrationUpdateInput,
                   responses=s.IntegrationOutput, parameters=[IF_MATCH])
    def patch(self, request: Request, orgnr: str, pk) -> Response:
        integration = self.get_integration(orgnr, pk)
        expected = _check_if_match(request, integration)
        data = self.validated(s.IntegrationUpdateInput)
        integration_update(self.ctx, integration=integration, expected_version=expected, **data)
        integration = self.get_integration(orgnr, pk)
        return Response(s.IntegrationOutput(integration).data, headers={"ETag": _etag(integration)})

    @extend_schema(operation_id="integrations_destroy", parameters=[IF_MATCH], responses={204: None})
    def delete(self, request: Request, orgnr: str, pk) -> Response:
        integration = self.get_integration(orgnr, pk)
        expected = _check_if_match(request, integration)
        integration_delete(self.ctx, integration=integration, expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IntegrationPasswordView(ApiView):
    """Rotate an integration's password; the new password is in this response only."""

    @extend_schema(operation_id="integrations_password_rotate", request=None, responses=s.PasswordOutput)
    def post(self, request: Request, orgnr: str, pk) -> Response:
        organization = self.get_configurable_organization(orgnr)
        integration = get_object_or_404(integrations_for(self.actor, organization=organization), pk=pk)
        password = integration_password_rotate(self.ctx, integration=integration)
        integration.refresh_from_db(fields=["password_set_at", "version"])
        data = {"password": password, "password_set_at": integration.password_set_at, "version": integration.version}
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

    @extend_schema(operation_id="grants_list", responses=s.GrantOutput(many=True))
    def get(self, request: Request, orgnr: str) -> Response:
        return self.paginated(_grants_of(self.get_configurable_organization(orgnr)), s.GrantOutput)

    @extend_schema(operation_id="grants_create", request=s.GrantCreateInput,
                   responses={201: s.GrantOutput, 200: s.GrantOutput})
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

    @extend_schema(operation_id="grants_destroy", responses={204: None})
    def delete(self, request: Request, orgnr: str, pk: str) -> Response:
        grant = get_object_or_404(_grants_of(self.get_configurable_organization(orgnr)), pk=pk)
        grant_revoke(self.ctx, grant=grant)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- global integrations -----------------------------------------------------------------------------------


class GlobalIntegrationListView(ApiView):
    """The platform's global integrations, with the privileges each gets when an organization activates it."""

    @extend_schema(operation_id="global_integrations_list", responses=s.GlobalIntegrationOutput(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(global_integrations().order_by("name", "code"), s.GlobalIntegrationOutput)


class ActivationView(ApiView):
    """Activate (PUT) or deactivate (DELETE) a global integration for an organization; both idempotent."""

    def _objects(self, orgnr: str, code: str) -> tuple[Organization, Integration]:
        organization = self.get_configurable_organization(orgnr)
        integration = get_object_or_404(global_integrations(), code=code)
        return organization, integration

    @extend_schema(operation_id="global_integrations_activate", request=None,
                   responses={201: s.ActivationOutput, 200: s.ActivationOutput})
    def put(self, request: Request, orgnr: str, code: str) -> Response:
        organization, integration = self._objects(orgnr, code)
        existed = Activation.objects.filter(integration=integration, organization=organization).exists()
        activation = global_integration_activate(self.ctx, integration=integration, organization=organization)
        return Response(s.ActivationOutput(activation).data,
                        status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(operation_id="global_integrations_deactivate", responses={204: None})
    def delete(self, request: Request, orgnr: str, code: str) -> Response:
        organization, integration = self._objects(orgnr, code)
        global_integration_deactivate(self.ctx, integration=integration, organization=organization)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- delegations -------------------------------------------------------------------------------------------


def _delegations(actor: Actor):
    return delegations_for(actor).select_related("service").order_by("-created_at", "-id")


class DelegationListView(ApiView):
    """Delegations naming a party the caller is or administers: list and create."""

    @extend_schema(operation_id="delegations_list", responses=s.DelegationOutput(many=True))
    def get(self, request: Request) -> Response:
        return self.paginated(_delegations(self.actor), s.DelegationOutput)

    @extend_schema(operation_id="delegations_create", request=s.DelegationCreateInput,
                   responses={201: s.DelegationOutput})
    def post(self, request: Request) -> Response:
        data = self.validated(s.DelegationCreateInput)
        service = None
        if "service" in data:
            service = Service.objects.filter(code=data["service"]).first()
            if service is None:
                raise exceptions.ValidationError({"service": [_("Ukjent tjeneste.")]})
        delegation = delegation_create(
            self.ctx, represented=data["represented"], representative=data["representative"], service=service,
            valid_from=data.get("valid_from"), valid_to=data.get("valid_to"),
        )
        return Response(s.DelegationOutput(delegation).data, status=status.HTTP_201_CREATED)


class DelegationRevokeView(ApiView):
    """Revoke a delegation (idempotent)."""

    @extend_schema(operation_id="delegations_revoke", request=None, responses=s.DelegationOutput)
    def post(self, request: Request, pk: str) -> Response:
        delegation = get_object_or_404(_delegations(self.actor), pk=pk)
        delegation = delegation_revoke(self.ctx, delegation=delegation)
        return Response(s.DelegationOutput(delegation).data)


# --- access decisions --------------------------------------------------------------------------------------


class DecisionView(ApiView):
    """Whether an actor holds a privilege on an organization (or one of its services): permit or deny, and why.

    Who may ask: any caller, about organizations it may see (`organizations_for(actor, "view")`; others answer
    404), and the platform's own services (callers whose party is listed in `API_DECISION_ORGNRS`) about any
    organization. An unknown person or integration, or another organization's integration, gets the same answer
    as a known one without a grant (`no_grant`, or `actor_kind_not_allowed` for a privilege not given to that
    kind), so the endpoint does not reveal who exists or the state of other organizations' integrations.
    """

    @extend_schema(operation_id="decisions_create", request=s.DecisionInput, responses=s.DecisionOutput)
    def post(self, request: Request) -> Response:
        data = self.validated(s.DecisionInput)
        if self.actor.party and self.actor.party in settings.API_DECISION_ORGNRS:
            organizations = Organization.objects.all()
        else:
            organizations = organizations_for(self.actor, "view")
        organization = get_object_or_404(organizations, orgnr=data["orgnr"])
        privilege = Privilege.objects.select_related("service").filter(code=data["privilege"]).first()
        if privilege is None:
            raise exceptions.ValidationError({"privilege": [_("Ukjent privilegium.")]})
        service = None
        if "service" in data:
            service = Service.objects.filter(code=data["service"]).first()
            if service is None:
                raise exceptions.ValidationError({"service": [_("Ukjent tjeneste.")]})
        ref = data["actor"]
        # An unknown subject is decided as an actor of the same kind without grants, so every answer (including
        # `actor_kind_not_allowed`) is the same as for a known one without a grant. Only integrations that can
        # hold grants here (this organization's and the global ones) are looked up: another organization's
        # integration is "unknown" here, so its existence and state are not revealed.
        if ref["type"] == "person":
            person = Person.objects.filter(pid=ref["pid"]).first()
            subject = Actor.for_person(person) if person else Actor(kind="person")
        else:
            integration = Integration.objects.filter(
                Q(organization=organization) | Q(organization__isnull=True), pk=ref["integration_id"]
            ).first()
            subject = Actor.for_integration(integration) if integration else Actor(kind="integration")
        decision = decide(actor=subject, privilege=privilege, organization=organization, service=service)
        result = {"decision": "permit" if decision.permit else "deny", "code": decision.code,
                  "reason": decision.reason}
        return Response(s.DecisionOutput(result).data)


# --- audit events ------------------------------------------------------------------------------------------


class AuditEventListView(ApiView):
    """An organization's audit trail, newest first; for those who may change the organization."""

    queryset = AuditEvent.objects.none()  # for the schema's filter parameters
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditEventFilterSet

    @extend_schema(operation_id="audit_events_list", responses=s.AuditEventOutput(many=True))
    def get(self, request: Request, orgnr: str) -> Response:
        organization = self.get_configurable_organization(orgnr)
        events = AuditEvent.objects.filter(organization=organization).select_related("service")
        return self.paginated(self.filter_queryset(events).order_by("-time", "id"), s.AuditEventOutput)


