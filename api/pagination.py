"""Pagination of every API list: `limit` (default 50, 1 to 200) and `offset` (0 or more), validated.

DRF's `LimitOffsetPagination` silently ignores a malformed value (`?offset=Z&limit=INF` → the first page) and
cuts a too large `limit` down; a client then believes it asked for something it did not get. Here a value that
is not a plain decimal integer in range, or a parameter given twice, is a 400 problem (`validation_error`, the
parameter named in `errors`), and the schema states the same ranges (issue 9 item 14).
"""

import re

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

_DIGITS = re.compile(r"[0-9]{1,10}")
MAX_OFFSET = 2**31 - 1  # beyond any list here; keeps OFFSET within the database's integer range


class ApiPagination(LimitOffsetPagination):
    """Limit/offset pagination with validated parameters: {count, next, previous, results}.

    `limit`: 1 to `max_limit` (default `default_limit`); `offset`: 0 to `MAX_OFFSET` (default 0; past the end
    gives an empty page). Raises DRF `ValidationError` (400) for anything else.
    """

    default_limit = 50
    max_limit = 200

    def _parameter(self, request, name: str, default: int, minimum: int, maximum: int) -> int:
        values = request.query_params.getlist(name)
        if not values:
            return default
        if len(values) > 1:
            raise ValidationError({name: [_("Parameteren kan bare gis én gang.")]})
        value = values[0]
        if not _DIGITS.fullmatch(value) or not minimum <= int(value) <= maximum:
            raise ValidationError({name: [_("Må være et heltall fra %(min)d til %(max)d.")
                                          % {"min": minimum, "max": maximum}]})
        return int(value)

    def get_limit(self, request) -> int:
        return self._parameter(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request) -> int:
        return self._parameter(request, self.offset_query_param, 0, 0, MAX_OFFSET)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        limit, offset = super().get_schema_operation_parameters(view)
        limit["schema"] |= {"minimum": 1, "maximum": self.max_limit, "default": self.default_limit}
        offset["schema"] |= {"minimum": 0, "maximum": MAX_OFFSET, "default": 0}
        return [limit, offset]
