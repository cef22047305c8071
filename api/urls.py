"""URL routes of the api app (mounted at /api/): /api/v1/..., the OpenAPI schema and Swagger UI.

Every route matches with and without its trailing slash (`/?$`), so no unsafe request is ever redirected
(a redirect turns a POST into a GET and loses the body). Any other path under /api/ is a 404 problem.
"""

from django.urls import re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound

from . import decisions, devissuer, lifecycle, renderers, views

app_name = "api"

ORGNR = r"(?P<orgnr>[0-9]{9})"
UUID = r"(?P<pk>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
ID = r"(?P<pk>[0-9]{1,18})"
CODE = r"(?P<code>[A-Z0-9_.]{2,50})"


def v1(pattern: str, view, name: str):
    """A /api/v1/ route that matches with or without the trailing slash."""
    return re_path(rf"^v1/{pattern}/?$", view.as_view(), name=name)


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
def not_found(request, *args, **kwargs):
    """Any other path under /api/: a 404 problem document rather than an HTML page."""
    raise NotFound()


not_found.cls.schema = None  # not an operation of the API

urlpatterns = [
    # The development issuer's JWKS; answers 404 unless PORTAL_DEVELOPMENT_MODE.
    re_path(r"^dev-issuer/jwks.json$", devissuer.jwks_view, name="dev-issuer-jwks"),
    re_path(r"^schema/?$", SpectacularAPIView.as_view(renderer_classes=renderers.SCHEMA_RENDERERS), name="schema"),
    re_path(r"^docs/?$", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    v1("me", views.MeView, "me"),
    v1("organizations", views.OrganizationListView, "organization-list"),
    v1(f"organizations/{ORGNR}", views.OrganizationDetailView, "organization-detail"),
    v1("services", views.ServiceListView, "service-list"),
    v1("privileges", views.PrivilegeListView, "privilege-list"),
    v1(f"organizations/{ORGNR}/integrations", views.IntegrationListView, "integration-list"),
    v1(f"organizations/{ORGNR}/integrations/{UUID}", views.IntegrationDetailView, "integration-detail"),
    v1(f"organizations/{ORGNR}/integrations/{UUID}/password", views.IntegrationPasswordView, "integration-password"),
    v1(f"organizations/{ORGNR}/integrations/{UUID}/password/end-previous", lifecycle.PasswordEndPreviousView,
       "integration-password-end-previous"),
    v1(f"organizations/{ORGNR}/integrations/{UUID}/deactivate", lifecycle.IntegrationDeactivateView,
       "integration-deactivate"),
    v1(f"organizations/{ORGNR}/integrations/{UUID}/reactivate", lifecycle.IntegrationReactivateView,
       "integration-reactivate"),
    v1(f"organizations/{ORGNR}/grants", views.GrantListView, "grant-list"),
    v1(f"organizations/{ORGNR}/grants/{ID}", views.GrantDetailView, "grant-detail"),
    v1("global-integrations", views.GlobalIntegrationListView, "global-integration-list"),
    v1(f"organizations/{ORGNR}/global-integrations/{CODE}/activation", views.ActivationView, "activation"),
    v1("delegations", views.DelegationListView, "delegation-list"),
    v1(f"delegations/{ID}/revoke", views.DelegationRevokeView, "delegation-revoke"),
    v1("decisions", decisions.DecisionView, "decision"),
    v1("decisions/batch", decisions.DecisionBatchView, "decision-batch"),
    v1(f"organizations/{ORGNR}/audit-events", views.AuditEventListView, "audit-event-list"),
    re_path(r"^[\s\S]*$", not_found, name="not-found"),  # any character, newlines included
]
