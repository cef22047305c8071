"""Content negotiation of the API: `Accept: application/problem+json` is served, not refused with 406.

The API answers `application/json` and, for errors, `application/problem+json` (RFC 9457). A client that accepts
only problem documents (RFC 9457 §3 media type) asks for what the API's error answers are; DRF would refuse it
with 406 because no renderer has that media type. Such a client gets the JSON renderer: success bodies are
`application/json`, errors `application/problem+json`, as for every other client.
"""

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.utils.mediatypes import _MediaType

PROBLEM_MEDIA_TYPE = "application/problem+json"


def _accepts_problem_json(accepts: list[_MediaType]) -> bool:
    """True if one entry of the parsed `Accept` list is `application/problem+json` with a q-value above 0."""
    for media_type in accepts:
        if f"{media_type.main_type}/{media_type.sub_type}".lower() != PROBLEM_MEDIA_TYPE:
            continue
        try:
            if float(media_type.params.get("q", "1")) > 0:
                return True
        except ValueError:
            continue
    return False


class ProblemAwareContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, plus: an `Accept` that names `application/problem+json` is served with JSON.

    Input: the request and the view's renderers. Output: (renderer, media type). Raises `NotAcceptable` (406)
    only when neither DRF's rules nor `application/problem+json` match (e.g. `Accept: text/html` alone).
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except exceptions.NotAcceptable:
            if format_suffix or not _accepts_problem_json(self._get_parsed_accept_list(request)):
                raise
            json_renderers = [r for r in renderers if r.format == "json"]
            if not json_renderers:
                raise
            return json_renderers[0], json_renderers[0].media_type
