"""`manage.py bench_dataset`: build the benchmark's dataset if missing and print what the runner calls with."""

import json
import time

from django.core.management.base import BaseCommand

from authz.models import Organization
from bench import dataset


class Command(BaseCommand):
    help = ("Build the benchmark dataset in this (migrated, otherwise empty) database unless it is there, then "
            "rotate the calling integration's password and print the fixture as JSON. Benchmark settings only.")

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=1000)
        parser.add_argument("--integrations-per-organization", type=int, default=100)
        parser.add_argument("--target-integrations", type=int, default=2000)

    def handle(self, *args, organizations, integrations_per_organization, target_integrations, **options):
        started = time.monotonic()
        target = dataset.parties(organizations)[0][0]
        built = not Organization.objects.filter(orgnr=target).exists()
        if built:
            dataset.build(organizations=organizations, integrations_per_organization=integrations_per_organization,
                          target_integrations=target_integrations)
            dataset.analyze()
        fixture = dataset.prepare(organizations=organizations).as_dict()
        fixture.update(built=built, seconds=round(time.monotonic() - started, 1))
        self.stdout.write(json.dumps(fixture))
