"""`manage.py rundev [runserver options]`: the ID-porten and Enhetsregisteret stand-ins plus Django's dev server.

Starts the ID-porten stand-in at settings.IDPORTEN_STANDIN_URL and the Enhetsregisteret stand-in at
settings.ENHETSREGISTERET_URL (when that is a loopback http URL) in background threads, then `runserver` on
127.0.0.1:8000 (all runserver arguments pass through). With the autoreloader the stand-in lives in the
supervising process, so code reloads do not restart it. Skipped when IDPORTEN_ENVIRONMENT is not "local".
"""

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.runserver import Command as RunserverCommand

from authz.enhetsregisteret_standin import start_registry

from ._standin import describe, start_configured_standin


class Command(RunserverCommand):
    help = "Run the ID-porten stand-in and the development server (development only)."
    default_addr = "127.0.0.1"
    default_port = "8000"

    def handle(self, *args, **options):
        # The autoreloader runs this command again in a child process (RUN_MAIN=true); start the stand-in once.
        if os.environ.get("RUN_MAIN") != "true":
            if settings.IDPORTEN_ENVIRONMENT == "local":
                base_url, _stop = start_configured_standin()
                self.stdout.write(describe(base_url))
            else:
                self.stdout.write(f"IDPORTEN_ENVIRONMENT={settings.IDPORTEN_ENVIRONMENT}: no stand-in started.")
            self._start_registry()
        super().handle(*args, **options)

    def _start_registry(self) -> None:
        """The Enhetsregisteret stand-in at settings.ENHETSREGISTERET_URL when that is a loopback http URL."""
        url = urlsplit(settings.ENHETSREGISTERET_URL)
        if url.scheme != "http" or url.hostname not in ("127.0.0.1", "localhost") or not url.port:
            self.stdout.write(f"ENHETSREGISTERET_URL={settings.ENHETSREGISTERET_URL!r}: no registry stand-in.")
            return
        try:
            running = start_registry(url.hostname, url.port)
        except OSError as exc:
            raise CommandError(f"Cannot start the Enhetsregisteret stand-in on {url.netloc}: {exc}") from exc
        self.stdout.write(f"Enhetsregisteret stand-in (development only) at {running.base_url}")
