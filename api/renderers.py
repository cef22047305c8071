"""JSON rendering for the API: every JSON response says `charset=utf-8` (DESIGN.md, API)."""

from rest_framework.renderers import JSONRenderer


class UTF8JSONRenderer(JSONRenderer):
    """DRF's JSON renderer with an explicit charset, so responses are `application/json; charset=utf-8`.

    The body is UTF-8 (DRF's `UNICODE_JSON` default: non-ASCII characters such as æøå are not escaped).
    """

    charset = "utf-8"
