"""Pagination of every API list: `limit` (default 50, at most 200) and `offset`."""

from rest_framework.pagination import LimitOffsetPagination


class ApiPagination(LimitOffsetPagination):
    """DRF limit/offset pagination with an upper bound on `limit` (an offset past the end gives an empty page)."""

    default_limit = 50
    max_limit = 200
