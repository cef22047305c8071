"""`manage.py seed_demo`: load demo organizations, persons and a global integration (development only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from authz.demo import load_demo


class Command(BaseCommand):
    help = "Load demo data (two municipalities, synthetic persons, a global integration). Development only."

    def handle(self, *args, **options):
        if not settings.PORTAL_DEVELOPMENT_MODE:
            raise CommandError("seed_demo is only available in development settings")
        for line in load_demo():
            self.stdout.write(line)
