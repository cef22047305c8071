"""Strict JSON request parsing: bad bytes and bad JSON are a 400 problem, never a 500 or silently accepted.

Rules (DESIGN.md, "Bad input"): a body that is not UTF-8 or not JSON gets 400; NUL characters are refused (they
cannot be stored in PostgreSQL text and are never meaningful here); so are lone UTF-16 surrogates ("\\ud800"),
which JSON can express but UTF-8 and PostgreSQL cannot; duplicate keys, the non-standard NaN/Infinity and
numbers that overflow to infinity (1e999) too.
"""

from __future__ import annotations

import json
import math
from typing import Any

from django.utils.http import parse_header_parameters
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser

from .problems import PayloadTooLarge

MAX_BODY_BYTES = 64 * 1024
MAX_DEPTH = 32


class _Invalid(Exception):
    def __init__(self, code: str):
        self.code = code


def _reject_constant(name: str) -> Any:
    raise _Invalid("invalid_json")


def _finite_float(text: str) -> float:
    # A literal too big for a float (1e999) would become infinity, and a string field would store "inf".
    value = float(text)
    if not math.isfinite(value):
        raise _Invalid("invalid_json")
    return value


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Invalid("duplicate_key")
        result[key] = value
    return result


def _check_strings(value: Any, depth: int = 0) -> None:
    """Raise `_Invalid` for NUL characters, lone surrogates or nesting deeper than `MAX_DEPTH`."""
    if depth > MAX_DEPTH:
        raise _Invalid("invalid_json")
    if isinstance(value, str):
        if "\x00" in value:
            raise _Invalid("nul_character")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _Invalid("invalid_encoding") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key, depth + 1)
            _check_strings(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item, depth + 1)


_MESSAGES = {
    "invalid_encoding": _("Innholdet er ikke gyldig UTF-8."),
    "invalid_json": _("Innholdet er ikke gyldig JSON."),
    "duplicate_key": _("Innholdet har samme nøkkel to ganger."),
    "nul_character": _("Innholdet inneholder et ugyldig tegn (NUL)."),
}


class StrictJSONParser(BaseParser):
    """Parse `application/json` bodies of at most `MAX_BODY_BYTES` bytes.

    Output: the decoded JSON value. Raises `ParseError` (400) with code `invalid_encoding` (not UTF-8, another
    declared charset, lone surrogates), `invalid_json` (syntax, NaN/Infinity, a number too big for a float,
    nesting deeper than 32), `duplicate_key` or `nul_character`; `PayloadTooLarge` (413) for bigger bodies.
    """

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        _main, params = parse_header_parameters(media_type or "")
        if params.get("charset", "utf-8").lower() not in ("utf-8", "utf8"):
            raise ParseError(_MESSAGES["invalid_encoding"], code="invalid_encoding")
        raw = stream.read(MAX_BODY_BYTES + 1)
        if len(raw) > MAX_BODY_BYTES:
            raise PayloadTooLarge()
        try:
            text = raw.decode("utf-8")
            data = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float,
                              object_pairs_hook=_unique_object)
            _check_strings(data)
        except UnicodeDecodeError:
            raise ParseError(_MESSAGES["invalid_encoding"], code="invalid_encoding") from None
        except (ValueError, RecursionError):
            raise ParseError(_MESSAGES["invalid_json"], code="invalid_json") from None
        except _Invalid as e:
            raise ParseError(_MESSAGES[e.code], code=e.code) from None
        return data
