"""The JSON log format of production (python-json-logger), shared by Django's logging and gunicorn's."""

from __future__ import annotations

from pythonjsonlogger.json import JsonFormatter

# Written under these names, in this order; request lines add method, path, route, status, duration_ms, caller.
FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


def json_formatter() -> JsonFormatter:
    """A formatter writing each record as one JSON object: time (ISO 8601, UTC offset), level, logger, message,
    request_id, any `extra` fields, and the traceback as `exc_info` when there is one."""
    return JsonFormatter(FIELDS, rename_fields=RENAMED, datefmt="%Y-%m-%dT%H:%M:%S%z", json_ensure_ascii=False)
