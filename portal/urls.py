"""URL routes of the portal app."""

app_name = "portal"
urlpatterns: list = []
