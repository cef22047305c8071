"""Norwegian identifiers: organisasjonsnummer (orgnr) and fødselsnummer / D-nummer (pid).

Rules from Brønnøysundregistrene (orgnr, mod-11) and Skatteetaten (fødselsnummer, D-nummer, the check-digit
rule from 2032); synthetic test numbers as used by Tenor / ID-porten's TestID (+80 on the month) and NAV
(+40). See `shared/reference/norwegian-identifiers.md`.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr as stdnum_orgnr

_ASCII_DIGITS = re.compile(r"[0-9]+")
_ELEVEN_ASCII_DIGITS = re.compile(r"[0-9]{11}")
_K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


# Spaces people type or paste between digit groups: Brønnøysundregistrene print orgnrs as "910 753 614", web pages
# often with a no-break space (U+00A0) or a narrow no-break space (U+202F), word processors with a thin space.
_ORGNR_SPACES = re.compile("[ \u00a0\u2009\u202f]+")


def normalize_orgnr(value: str) -> str:
    """An orgnr as typed in a form, without the spaces people put between digit groups ("910 753 614").

    Input: any string. Output: the string without surrounding whitespace and without spaces (ASCII space,
    no-break, narrow no-break or thin space) between characters; nothing else is changed, so letters,
    separators such as "-" and non-ASCII digits stay and `validate_orgnr` names them. Used by every web and
    admin form; the API takes only the strict form (its schema says nine digits), and `OnBehalfOf` too.
    """
    if not isinstance(value, str):
        return value
    return _ORGNR_SPACES.sub("", value.strip())


def validate_orgnr(value: str) -> str:
    """Check an organization number and return it unchanged.

    Input: exactly nine ASCII digits, no spaces or separators (forms call `normalize_orgnr` first). Output: the
    same string. Raises `ValidationError`, always with code `invalid_orgnr` (stable for the API) and a message
    that says what is wrong: empty; characters other than the digits 0-9; not nine digits (the count is named);
    a wrong mod-11 check digit (weights 3 2 7 6 5 4 3 2, Brønnøysundregistrene) or all zeros, which passes the
    checksum but is never issued. Uses python-stdnum's `stdnum.no.orgnr` for the checksum.
    """
    if not isinstance(value, str) or value == "":
        raise ValidationError(_("Skriv organisasjonsnummeret: ni sifre."), code="invalid_orgnr")
    if not _ASCII_DIGITS.fullmatch(value):
        raise ValidationError(
            _("Ugyldig organisasjonsnummer: det kan bare inneholde sifrene 0–9."), code="invalid_orgnr"
        )
    if len(value) != 9:
        raise ValidationError(
            _("Ugyldig organisasjonsnummer: det må ha ni sifre, ikke %(count)d."),
            code="invalid_orgnr", params={"count": len(value)},
        )
    if value == "000000000" or not stdnum_orgnr.is_valid(value):
        raise ValidationError(
            _("Ugyldig organisasjonsnummer: kontrollsifferet (det siste sifferet) stemmer ikke. Sjekk at "
              "nummeret er skrevet riktig."),
            code="invalid_orgnr",
        )
    return value


def clean_orgnr(value: str) -> str:
    """`normalize_orgnr` then `validate_orgnr`: the orgnr a form should store. Raises `ValidationError`."""
    return validate_orgnr(normalize_orgnr(value))


@dataclass(frozen=True)
class PidInfo:
    """What a valid pid is: `kind` is one of "fnr", "dnr", "hnr", "fhnr"; `synthetic` is True for test numbers."""

    kind: str
    synthetic: bool


def _check_digits_ok(digits: list[int]) -> bool:
    """K1/K2 per Skatteetaten, with the extended K1 rule (remainders 0-3) that applies from 2032."""
    s1 = sum(w * d for w, d in zip(_K1_WEIGHTS, digits[:9], strict=True))
    k1 = digits[9]
    if (s1 + k1) % 11 not in {0, 1, 2, 3}:
        return False
    s2 = sum(w * d for w, d in zip(_K2_WEIGHTS, digits[:10], strict=True))
    r2 = s2 % 11
    k2 = 0 if r2 == 0 else 11 - r2
    return k2 != 10 and k2 == digits[10]


def _date_exists(day: int, month: int, yy: int) -> bool:
    """True if day/month exist in some century for the two-digit year (the century is not reliable)."""
    for century in (1800, 1900, 2000):
        try:
            datetime.date(century + yy, month, day)
        except ValueError:
            continue
        return True
    return False


def pid_info(value: str, *, allow_synthetic: bool | None = None) -> PidInfo:
    """Check a fødselsnummer, D-, H- or FH-number and say what kind it is.

    Input: exactly eleven ASCII digits. `allow_synthetic` defaults to `settings.PORTAL_TEST_ENVIRONMENT`:
    synthetic test numbers (+80 or +40 on the month) are accepted only in a test environment.
    Output: `PidInfo`. Raises `ValidationError` (code `invalid_pid`) for anything else: wrong length or
    characters, wrong check digits, a date that exists in no century, or a synthetic number where not allowed.
    Rules: Skatteetaten (K1/K2 mod-11, K1 remainders 0-3 from 2032; D-number day+40; H-number month+40;
    FH-number first digit 8 or 9), Tenor/TestID synthetic numbers month+80.
    """
    error = ValidationError(
        _("Ugyldig fødselsnummer eller D-nummer: skriv elleve sifre med riktige kontrollsifre."),
        code="invalid_pid",
    )
    if not isinstance(value, str) or not _ELEVEN_ASCII_DIGITS.fullmatch(value):
        raise error
    if allow_synthetic is None:
        allow_synthetic = settings.PORTAL_TEST_ENVIRONMENT
    digits = [int(c) for c in value]
    if not _check_digits_ok(digits):
        raise error
    if digits[0] in (8, 9):
        return PidInfo(kind="fhnr", synthetic=False)
    day = digits[0] * 10 + digits[1]
    month = digits[2] * 10 + digits[3]
    yy = digits[4] * 10 + digits[5]
    kind = "fnr"
    if day > 40:
        kind, day = "dnr", day - 40
    synthetic = False
    if month > 80:
        synthetic, month = True, month - 80
    elif month > 40:
        # +40 is both NAV's synthetic numbers and H-numbers; both are test-only in practice.
        synthetic, month = True, month - 40
        kind = "hnr" if kind == "fnr" else kind
    if synthetic and not allow_synthetic:
        raise error
    if not _date_exists(day, month, yy):
        raise error
    return PidInfo(kind=kind, synthetic=synthetic)


def validate_pid(value: str) -> str:
    """Form/serializer validator: `pid_info` with the deployment's synthetic-number policy; returns `value`."""
    pid_info(value)
    return value


def is_orgnr(value: str) -> bool:
    """True if `value` is a valid orgnr (see `validate_orgnr`)."""
    try:
        validate_orgnr(value)
    except ValidationError:
        return False
    return True


def is_pid(value: str, *, allow_synthetic: bool | None = None) -> bool:
    """True if `value` is a valid pid under the deployment's policy (see `pid_info`)."""
    try:
        pid_info(value, allow_synthetic=allow_synthetic)
    except ValidationError:
        return False
    return True


def mask_pid(value: str) -> str:
    """Mask an identity number for display and logs: the first six digits and five asterisks.

    Input: any string; an 11-character string becomes e.g. "218794*****"; anything else becomes "***********".
    """
    if isinstance(value, str) and len(value) == 11:
        return value[:6] + "*****"
    return "*" * 11
