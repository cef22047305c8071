"""gunicorn's own logs (its error log and access log) in the same JSON shape as the portal's (ops/logformat.py).

gunicorn.conf.py selects `JsonLogger` when `LOG_FORMAT` is "json" (the production default). An access line carries
method, masked path, status, duration_ms and the request id that the portal sent back in `X-Request-ID`, so it
can be joined with the portal's own line for the same request. The probes and /metrics are not logged.
"""

from __future__ import annotations

import logging

from gunicorn.glogging import Logger

from authz.logging import MaskIdentityNumbersFilter, RequestIdFilter, mask_identity_numbers

from .logformat import json_formatter

QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class JsonLogger(Logger):
    """gunicorn's `logger_class` writing JSON lines (see module docstring)."""

    def setup(self, cfg) -> None:
        """gunicorn's setup, then every handler it made writes JSON through the identity-number mask."""
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(json_formatter())
                handler.addFilter(MaskIdentityNumbersFilter())
                handler.addFilter(RequestIdFilter())

    def access(self, resp, req, environ, request_time) -> None:
        """One JSON line per answered request (not for the probes and /metrics)."""
        if not self.access_log_enabled or req.path in QUIET_PATHS:
            return
        request_id = next((value for name, value in resp.headers if name.lower() == "x-request-id"), "-")
        path = mask_identity_numbers(req.path)
        status = int(str(resp.status).split()[0])
        self.access_log.log(logging.INFO, "%s %s %s", req.method, path, status, extra={
            "request_id": request_id, "method": req.method, "path": path, "status": status,
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
        })
