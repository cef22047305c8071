"""URL configuration: web UI, ID-porten login, operators' admin (allauth + TOTP), the API."""

from django.contrib import admin
from django.urls import include, path

from portal.views_pages import favicon

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("oidc/", include("idporten.urls")),
    path("api/", include("api.urls")),
    # Browsers ask for /favicon.ico on pages without <link rel="icon"> (admin, API docs, JSON).
    path("favicon.ico", favicon),
    path("", include("portal.urls")),
]

# Under /api/ every error is a problem document (never HTML); elsewhere the portal's pages. ops/failures.py.
handler400 = "ops.failures.bad_request"
handler403 = "ops.failures.permission_denied"
handler404 = "ops.failures.page_not_found"
handler500 = "ops.failures.server_error"
