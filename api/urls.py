"""URL routes of the api app."""

from django.urls import path

from . import devissuer

app_name = "api"
urlpatterns: list = [
    # The development issuer's JWKS; answers 404 unless PORTAL_DEVELOPMENT_MODE.
    path("dev-issuer/jwks.json", devissuer.jwks_view, name="dev-issuer-jwks"),
]
