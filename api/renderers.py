"""JSON rendering for the API: every JSON response says `charset=utf-8` (DESIGN.md, API)."""

from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from rest_framework.renderers import JSONRenderer


class UTF8JSONRenderer(JSONRenderer):
    """DRF's JSON renderer with an explicit charset, so responses are `application/json; charset=utf-8`.

    The body is UTF-8 (DRF's `UNICODE_JSON` default: non-ASCII characters such as æøå are not escaped).
    """

    charset = "utf-8"


class UTF8OpenApiJsonRenderer(OpenApiJsonRenderer):
    """The schema as `application/vnd.oai.openapi+json; charset=utf-8` (drf-spectacular's has no charset)."""

    charset = "utf-8"


class UTF8OpenApiJsonRenderer2(OpenApiJsonRenderer2):
    """The schema as `application/json; charset=utf-8` (`?format=json` with `Accept: application/json`)."""

    charset = "utf-8"


# The schema view's renderers: drf-spectacular's YAML ones (already utf-8) and the JSON ones above.
SCHEMA_RENDERERS = [OpenApiYamlRenderer, OpenApiYamlRenderer2, UTF8OpenApiJsonRenderer, UTF8OpenApiJsonRenderer2]
