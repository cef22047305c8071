"""The request deadline on the database: no request keeps PostgreSQL busy past `REQUEST_DEADLINE_SECONDS`.

PostgreSQL's `statement_timeout` (settings `DATABASE_STATEMENT_TIMEOUT_MS`) bounds each statement; this bounds
their sum. Before each query of a request the remaining time is checked: none left → `DeadlineExceeded`; less
left than the statement timeout → the statement gets only what is left (`set_config('statement_timeout', ...,
true)`, local to the request's transaction), so a slow request is cancelled by PostgreSQL at the deadline. Either
way the request answers 503 `deadline_exceeded` (ops/failures.py) and its transaction is rolled back.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError, connections
from django.http import HttpRequest, HttpResponse

_TRANSACTION_CONTROL = frozenset({"SAVEPOIN", "RELEASE ", "ROLLBACK"})


class DeadlineExceeded(OperationalError):
    """The request used up `REQUEST_DEADLINE_SECONDS` before a query; the query was not sent."""


class _Deadline:
    """An `execute_wrapper` enforcing one request's deadline (see module docstring)."""

    def __init__(self, deadline: float, statement_timeout_ms: int):
        self.deadline = deadline
        self.statement_timeout_ms = statement_timeout_ms

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip()[:8].upper() in _TRANSACTION_CONTROL:
            return execute(sql, params, many, context)  # a rollback must always get through
        remaining_ms = int((self.deadline - time.monotonic()) * 1000)
        if remaining_ms <= 0:
            raise DeadlineExceeded("request deadline exceeded")
        connection = context["connection"]
        if (remaining_ms < self.statement_timeout_ms and connection.vendor == "postgresql"
                and connection.in_atomic_block):
            context["cursor"].cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(remaining_ms)])
        return execute(sql, params, many, context)


class DeadlineMiddleware:
    """Install the deadline on the default database for the length of each request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        deadline = time.monotonic() + settings.REQUEST_DEADLINE_SECONDS
        wrapper = _Deadline(deadline, settings.DATABASE_STATEMENT_TIMEOUT_MS)
        with connections["default"].execute_wrapper(wrapper):
            return self.get_response(request)
