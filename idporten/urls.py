"""URL routes of the idporten app, mounted at /oidc/ (the callback URL registered at ID-porten is /oidc/callback/)."""

from django.urls import path

from . import views

app_name = "idporten"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("callback/", views.CallbackView.as_view(), name="callback"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("failed/", views.login_failed, name="failed"),
]
