"""WSGI entry point (gunicorn config.wsgi); production settings unless DJANGO_SETTINGS_MODULE says otherwise.

Before serving, `ops.startup.check_dependencies()` makes sure a configured Redis cache answers: a wrong or closed
`CACHE_URL` stops the worker from booting with a clear message (gunicorn then exits) instead of answering 500 at
the first request.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

from ops.startup import check_dependencies  # noqa: E402  (needs the settings loaded above)

check_dependencies()
