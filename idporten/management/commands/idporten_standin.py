"""`manage.py idporten_standin [--port 8081]`: run the local ID-porten stand-in in the foreground."""

import threading

from django.core.management.base import BaseCommand

from ._standin import describe, start_configured_standin


class Command(BaseCommand):
    help = "Run the local ID-porten stand-in (development only) until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=None,
                            help="Port (default: the port of IDPORTEN_STANDIN_URL). The portal expects that port.")

    def handle(self, *args, port=None, **options):
        base_url, stop = start_configured_standin(port)
        self.stdout.write(describe(base_url))
        self.stdout.write("Quit with CONTROL-C.")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            stop()
