"""`manage.py mint_token`: print a development access token (only with PORTAL_DEVELOPMENT_MODE)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.devissuer import mint_token


class Command(BaseCommand):
    """Mint a token from the development issuer and print it on stdout.

    `--orgnr 910753614` gives a Maskinporten-shaped token for that organization; `--pid 21879498012` an
    ID-porten-shaped token for that person (with `--orgnr` as the client's organization). Refused unless
    `PORTAL_DEVELOPMENT_MODE` (development settings).
    """

    help = "Print a development access token (Maskinporten with --orgnr, ID-porten with --pid)."

    def add_arguments(self, parser):
        parser.add_argument("--orgnr", help="organization number: the token's consumer")
        parser.add_argument("--pid", help="fødselsnummer/D-number: an ID-porten token for this person")
        parser.add_argument("--kind", choices=["maskinporten", "idporten"],
                            help="default: idporten with --pid, otherwise maskinporten")
        parser.add_argument("--scope", default=None, help="space-separated scopes (default: API_REQUIRED_SCOPE)")
        parser.add_argument("--lifetime", type=int, default=3600, help="seconds (default 3600)")

    def handle(self, *args, orgnr=None, pid=None, kind=None, scope=None, lifetime=3600, **options):
        if not getattr(settings, "PORTAL_DEVELOPMENT_MODE", False):
            raise CommandError("mint_token is only available with the development settings (PORTAL_DEVELOPMENT_MODE).")
        kind = kind or ("idporten" if pid else "maskinporten")
        if scope is None:
            scope = settings.API_REQUIRED_SCOPE or "ks"
        try:
            token = mint_token(kind=kind, orgnr=orgnr, pid=pid, scope=scope, lifetime=lifetime)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(token)
