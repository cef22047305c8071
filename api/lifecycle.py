"""API views of an integration's lifecycle: end the previous password now, deactivate, reactivate.

Each is a POST without a body on one integration, looked up through `integrations_for` (another organization's
integration is 404), calling the service of the same name in integrations/services.py (which checks the right to
change the organization and writes the audit event). Each answers 200 with the integration and its new `ETag`,
and is idempotent.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from integrations.selectors import integrations_for
from integrations.services import integration_deactivate, integration_password_end_previous, integration_reactivate

from . import serializers as s
from .views import CONFIGURE_ACCESS, ApiView, _doc, _etag


class _IntegrationAction(ApiView):
    """POST runs `service(ctx, integration=...)` and answers the integration as it is afterwards."""

    service = None

    def post(self, request: Request, orgnr: str, pk) -> Response:
        organization = self.get_configurable_organization(orgnr)
        integrations = integrations_for(self.actor, organization=organization)
        type(self).service(self.ctx, integration=get_object_or_404(integrations, pk=pk))
        integration = integrations.get(pk=pk)
        return Response(s.IntegrationOutput(integration).data, headers={"ETag": _etag(integration)})


class PasswordEndPreviousView(_IntegrationAction):
    """End the previous password's overlap now."""

    service = integration_password_end_previous

    @extend_schema(
        operation_id="integrations_password_end_previous", request=None, responses=s.IntegrationOutput,
        tags=["integrations"], summary="Stop the previous password now",
        description=_doc(
            "After a rotation the previous password keeps working until `previous_password_expires_at`. This ends "
            "it at once: from now on only the current password works. Send no body. **Idempotent:** without a "
            "previous password that still works, nothing changes.",
            CONFIGURE_ACCESS,
        ),
    )
    def post(self, request: Request, orgnr: str, pk) -> Response:
        return super().post(request, orgnr, pk)


class IntegrationDeactivateView(_IntegrationAction):
    """Stop an integration at once; its grants are kept."""

    service = integration_deactivate

    @extend_schema(
        operation_id="integrations_deactivate", request=None, responses=s.IntegrationOutput, tags=["integrations"],
        summary="Deactivate an integration",
        description=_doc(
            "The integration stops at once: calls with its `IntegrasjonId` answer 401 and every access decision "
            "about it is `deny` (`inactive_integration`). Its grants and passwords are kept, so reactivating "
            "restores it as it was. Send no body. **Idempotent.**",
            CONFIGURE_ACCESS,
        ),
    )
    def post(self, request: Request, orgnr: str, pk) -> Response:
        return super().post(request, orgnr, pk)


class IntegrationReactivateView(_IntegrationAction):
    """Let a deactivated integration call again."""

    service = integration_reactivate

    @extend_schema(
        operation_id="integrations_reactivate", request=None, responses=s.IntegrationOutput, tags=["integrations"],
        summary="Reactivate an integration",
        description=_doc(
            "The integration works again with the grants and passwords it had. Send no body. **Idempotent.**",
            CONFIGURE_ACCESS,
        ),
    )
    def post(self, request: Request, orgnr: str, pk) -> Response:
        return super().post(request, orgnr, pk)
