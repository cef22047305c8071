"""URL configuration: web UI, ID-porten login, operators' admin (allauth + TOTP), the API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("oidc/", include("idporten.urls")),
    path("api/", include("api.urls")),
    path("", include("portal.urls")),
]
