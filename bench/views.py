"""The yardstick of the benchmark: a plain Django JSON view, served by the same process and middleware."""

from django.http import HttpRequest, JsonResponse


def plain(request: HttpRequest) -> JsonResponse:
    """GET → 200 `{"status": "ok"}`: no database, no cache, no authentication; only Django and the middleware."""
    return JsonResponse({"status": "ok"})
