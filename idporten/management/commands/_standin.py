"""Shared by the `idporten_standin` and `rundev` commands: start the stand-in where the settings expect it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError

from idporten.standin import RunningStandin, demo_persons, start_standin


def start_configured_standin(port: int | None = None) -> tuple[str, RunningStandin]:
    """Start the stand-in at settings.IDPORTEN_STANDIN_URL (or on `port`), accepting the configured client.

    Output: (base_url, stop). Raises `CommandError` outside development mode or if the port is taken.
    """
    url = urlsplit(settings.IDPORTEN_STANDIN_URL)
    host = url.hostname or "127.0.0.1"
    port = (url.port or 80) if port is None else port
    issuer = f"{url.scheme}://{url.netloc}" if port == url.port else None
    try:
        return start_standin(
            host, port, issuer=issuer,
            client_id=settings.OIDC_RP_CLIENT_ID or None, client_secret=settings.OIDC_RP_CLIENT_SECRET,
        )
    except ImproperlyConfigured as exc:
        raise CommandError(str(exc)) from exc
    except OSError as exc:
        raise CommandError(f"Cannot start the ID-porten stand-in on {host}:{port}: {exc}") from exc


def describe(base_url: str) -> str:
    """Lines telling the developer where the stand-in is and whom it offers."""
    names = ", ".join(p.label for p in demo_persons())
    return f"ID-porten stand-in (development only) at {base_url}\n  Test persons: {names}"
