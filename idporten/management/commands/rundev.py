"""`manage.py rundev [runserver options]`: the ID-porten stand-in plus Django's development server.

Starts the stand-in at settings.IDPORTEN_STANDIN_URL in a background thread, then `runserver` on
127.0.0.1:8000 (all runserver arguments pass through). With the autoreloader the stand-in lives in the
supervising process, so code reloads do not restart it. Skipped when IDPORTEN_ENVIRONMENT is not "local".
"""

import os

from django.conf import settings
from django.core.management.commands.runserver import Command as RunserverCommand

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
        super().handle(*args, **options)
