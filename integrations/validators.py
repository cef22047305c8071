"""Field rules for integrations, from the real platform (shared/reference/fiks-platform.md)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 100
DESCRIPTION_MAX_LENGTH = 1000
# Letters (æøå and other Unicode letters included), digits, space and _ . , / -
_NAME_RE = re.compile(r"[^\W_]|[ _.,/\-]")
_CODE_RE = re.compile(r"[A-Z0-9_.]{2,50}")


def validate_integration_name(value: str) -> str:
    """Check an integration name; returns `value`.

    Allowed: 1-100 characters of letters (æøå included), ASCII digits, space and `_.,/-`, not only spaces.
    Raises `ValidationError` (code `invalid_name`) otherwise.
    """
    if not value or not value.strip():
        raise ValidationError(_("Navnet kan ikke være tomt."), code="invalid_name")
    if len(value) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("Navnet kan ha høyst %(max)d tegn."), code="invalid_name", params={"max": NAME_MAX_LENGTH}
        )
    bad = sorted({c for c in value if not _NAME_RE.fullmatch(c) or (c.isdigit() and not c.isascii())})
    if bad:
        raise ValidationError(
            _("Navnet kan bare inneholde bokstaver, sifre, mellomrom og _ . , / - (ikke: %(chars)s)."),
            code="invalid_name",
            params={"chars": " ".join(repr(c) for c in bad)},
        )
    return value


def validate_global_code(value: str) -> str:
    """Check a global integration's code: 2-50 of upper-case A-Z, digits, `_` and `.`; returns `value`."""
    if not _CODE_RE.fullmatch(value or ""):
        raise ValidationError(
            _("Koden kan bare inneholde store bokstaver A-Z, sifre, _ og ."), code="invalid_code"
        )
    return value
