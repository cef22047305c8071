"""URLs of the benchmark settings: the portal's own plus the plain view at `/bench/plain/`."""

from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns

from . import views

urlpatterns = [path("bench/plain/", views.plain, name="bench-plain"), *portal_urlpatterns]
