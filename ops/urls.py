"""Probe and metrics addresses, outside /api/ and the web UI (config/urls.py includes them at the root)."""

from django.urls import path

from . import views

app_name = "ops"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", views.metrics_view, name="metrics"),
]
