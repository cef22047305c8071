"""Benchmark settings (`./dev bench`, bench/): the production settings plus what the benchmark itself needs.

Everything production requires still comes from the environment; `bench.runner` generates throw-away values
(secret key, TOTP and password keys, placeholder ID-porten client) for each run and never writes them to disk.
Added here, and nowhere else:
- the `bench` app: the dataset command, a plain JSON view at `/bench/plain/` (the yardstick every API endpoint
  is compared with, served by the same process and middleware) and a header with each response's query count;
- `API_JWKS_ALLOW_LOOPBACK_HTTP`: the benchmark's token issuer serves its JWKS over http on 127.0.0.1.
"""

from .production import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
# First, so the count includes the queries every other middleware makes (sessions, authentication).
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
API_JWKS_ALLOW_LOOPBACK_HTTP = True
