"""Log formats: production's JSON lines (python-json-logger), shared by Django's logging and gunicorn's, and the
readable text of development. Both mask identity numbers in the whole line they write, tracebacks and extra
fields included (Django's request log passes the request itself, whose text holds the path)."""

from __future__ import annotations

import logging
import time

from pythonjsonlogger.json import JsonFormatter

from authz.logging import mask_identity_numbers

# Written under these names, in this order; request lines add method, path, route, status, duration_ms, caller.
FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class MaskedJsonFormatter(JsonFormatter):
    """One JSON object per record (see `json_formatter`), identity numbers masked throughout."""

    converter = time.gmtime  # UTC, whatever TIME_ZONE Django set for the process

    def format(self, record: logging.LogRecord) -> str:
        return mask_identity_numbers(super().format(record))


class MaskedTextFormatter(logging.Formatter):
    """`TEXT_FORMAT` lines, identity numbers masked throughout (tracebacks included)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_identity_numbers(super().format(record))


def json_formatter() -> MaskedJsonFormatter:
    """A formatter writing each record as one JSON object: time (ISO 8601 with UTC offset), level, logger,
    message, request_id, any `extra` fields, and the traceback as `exc_info` when there is one. Time in UTC:
    "2026-12-01T01:24:57Z"."""
    return MaskedJsonFormatter(FIELDS, rename_fields=RENAMED, datefmt="%Y-%m-%dT%H:%M:%SZ", json_ensure_ascii=False)


def text_formatter() -> MaskedTextFormatter:
    """The readable development format: `time LEVEL logger [request id] message`."""
    return MaskedTextFormatter(TEXT_FORMAT)
