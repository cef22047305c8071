"""URL routes of the idporten app."""

app_name = "idporten"
urlpatterns: list = []
