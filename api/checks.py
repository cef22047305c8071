"""System checks of the API's configuration (`manage.py check`; deployment checks with `--deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from .issuers import audience_check_enabled, configured_audience, trusted_issuers


@register(Tags.security, deploy=True)
def check_audience(app_configs, **kwargs) -> list:
    """api.W001 when a trusted issuer's tokens would not have their audience (`aud`) checked and the deployment
    did not say it opts out: `API_AUDIENCE` empty and the issuer has no audience of its own while
    `API_AUDIENCE_CHECK` is "on" (a token minted for another API of the same issuer must not pass unnoticed).
    api.E001 for an `API_AUDIENCE_CHECK` other than "on"/"off" or a trusted-issuer setting that cannot be read.
    Output: a list of `CheckMessage`.
    """
    try:
        if not audience_check_enabled():
            return []
        issuers = trusted_issuers()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="api.E001")]
    missing = [issuer.issuer for issuer in issuers if configured_audience(issuer) is None]
    if not missing or settings.API_AUDIENCE:
        return []
    return [Warning(
        f"No audience (aud) is configured for the tokens of {', '.join(missing)}: outside development mode they "
        "are refused (503 audience_not_configured); in development mode, tokens for any API are accepted.",
        hint="Set API_AUDIENCE to the audience (aud) your issuers put in tokens for this API, or opt out "
             "explicitly with API_AUDIENCE_CHECK=off.",
        id="api.W001",
    )]
