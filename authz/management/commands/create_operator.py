"""`manage.py create_operator <username>`: make a platform operator's local account (Django admin).

The password is read from the environment variable named by `--password-env` (for scripts) or asked for twice
on the terminal; it must pass the project's password validators (at least 12 characters, not common, not only
digits, not like the username). The account is active staff and superuser; it has no second factor yet: at the
first login at /accounts/login/ the operator is sent to set up TOTP (allauth) before any admin page opens.
The creation is written to the audit trail (channel "cli"), without the password.
"""

from __future__ import annotations

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from authz.context import Actor, Context
from authz.operators import operator_create


class Command(BaseCommand):
    help = "Create a platform operator (staff + superuser local account); TOTP is set up at the first login."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--password-env", metavar="VAR",
            help="Read the password from this environment variable instead of asking on the terminal.",
        )

    def _password(self, options) -> str:
        if options["password_env"]:
            password = os.environ.get(options["password_env"], "")
            if not password:
                raise CommandError(f"Environment variable {options['password_env']} is empty or not set.")
            return password
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        return first

    def handle(self, *args, **options):
        user_model = get_user_model()
        username = options["username"].strip()
        if not username:
            raise CommandError("Give a username.")
        if user_model.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        password = self._password(options)
        user = user_model(username=username, is_staff=True, is_superuser=True, is_active=True)
        try:
            validate_password(password, user)
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from None
        operator_create(Context(actor=Actor.system("create_operator"), channel="cli"), username=username,
                        password=password, is_staff=True, is_superuser=True)
        self.stdout.write(self.style.SUCCESS(
            f"Operator {username!r} created. Log in at /accounts/login/ (or open /admin/); you will be asked to "
            "set up an authenticator app (TOTP) before the admin opens."
        ))
