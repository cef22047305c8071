"""One normal form for the text people type, whichever channel it comes through (issue 9 item 7).

Web forms strip surrounding whitespace, the API used to keep it, and browsers, keyboards and copy-paste send the
same letter in different Unicode forms (`é` as one code point or as `e` + a combining accent). Stored as sent,
"Ws X", " Ws X " and "Ws X" with a decomposed letter would be three lookalike names side by side, and unique
constraints would not see them as one. Services normalize every text field with `normalize_text` before
validating and storing it, so web, API, admin and commands store the same value and uniqueness holds on it.
"""

from __future__ import annotations

import unicodedata


def normalize_text(value: str | None) -> str:
    """The stored form of a text field: Unicode NFC, line breaks as `\\n`, no surrounding whitespace.

    Input: the text as sent (None counts as empty). Output: the normalized text (possibly ""). Surrounding
    whitespace is every Unicode whitespace character (`str.strip`: spaces, tabs, line breaks, no-break space).
    Inner whitespace is kept: it is part of what the person wrote. Rule: Unicode Standard Annex #15 (NFC is the
    form W3C's Character Model recommends for text exchanged on the web).
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()
