"""A response header with the number of database queries the request made (benchmark settings only)."""

from django.db import connection

QUERY_COUNT_HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    """Counts the SQL statements run on the default connection while the request is handled.

    Output: the response carries `X-Bench-Queries: <n>` (savepoints included, as `CaptureQueriesContext` counts
    them). Installed first in `config.settings.bench`, so the other middleware's queries count too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[QUERY_COUNT_HEADER] = str(count)
        return response
