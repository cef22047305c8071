"""Logging filters: mask national identity numbers and add the request id to every record."""

import logging
import re

from .middleware import request_id_var

# Eleven digits not part of a longer number: fødselsnummer, D-, H- and synthetic numbers.
_PID_RE = re.compile(r"(?<!\d)(\d{6})\d{5}(?!\d)")


def mask_identity_numbers(text: str) -> str:
    """Replace the last five digits of every 11-digit number in `text` with asterisks."""
    return _PID_RE.sub(r"\1*****", text)


class MaskIdentityNumbersFilter(logging.Filter):
    """Rewrites each record's message so no full identity number reaches a log handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_identity_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (or "-") to each record for the log format.

    Django logs a 4xx/5xx response ("Not Found: ...") after the middleware, when the request's context has ended;
    such records carry the request, whose `request_id` is used instead.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None):  # given by the caller (gunicorn's access log)
            return True
        request_id = request_id_var.get()
        if request_id == "-":
            request_id = getattr(getattr(record, "request", None), "request_id", "-")
        record.request_id = request_id
        return True
