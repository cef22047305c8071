"""gunicorn settings: `gunicorn -c gunicorn.conf.py config.wsgi` (README "Running in production").

Every value can be set from the environment. The request deadline: clients read for 30 s (the API docs say so),
so each request must end sooner. `REQUEST_DEADLINE_SECONDS` (default 25) bounds a request's database time
(ops/deadline.py), `DATABASE_STATEMENT_TIMEOUT_MS` each statement, the Redis and JWKS timeouts their waits; the
worker `timeout` (default 28 s, under 30) replaces a worker that stops answering altogether. Threaded workers
(gthread): a request stuck in one thread does not stop the worker's other threads or its heartbeat.
"""

import os
import shutil
import tempfile

# Prometheus metrics add up over all workers through files in this directory (prometheus-client's multiprocess
# mode). It must be empty when gunicorn starts: old files would count again.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="portal-metrics-")
# prometheus-client picks its multiprocess mode when first imported: only after the directory is set.
from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "28"))
if not 0 < timeout < 30:
    raise SystemExit("GUNICORN_TIMEOUT must be between 1 and 29 seconds (clients read for 30 s)")
# On SIGTERM (a rolling deploy), requests in progress get this long to finish before the worker is stopped.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "25"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Restart each worker after about this many requests, so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
if os.environ.get("LOG_FORMAT", "json") == "json":
    logger_class = "ops.gunicorn_logging.JsonLogger"
# The load balancer terminates TLS; trust its X-Forwarded-* only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")



def on_starting(server):
    """Empty the metrics directory before the first worker starts."""
    directory = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory, exist_ok=True)


def child_exit(server, worker):
    """Let the metrics forget a worker that has stopped (its counters stay counted)."""
    multiprocess.mark_process_dead(worker.pid)
