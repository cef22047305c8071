"""Bring text stored before normalization (issue 9 item 7) to the normal form, audited (used by data migrations).

Rows written before the services normalized text may hold surrounding whitespace or decomposed Unicode. The
migrations `authz.0004` and `integrations.0004` rewrite them with `normalize_text` and record one audit event per
changed row (channel `cli`, principal `system:migration`), so the change is not silent. Names that would collide
after normalization under a unique constraint (e.g. "Ws X" and " Ws X " in one organization) are told apart
with a suffix " - 2", " - 3", ... on the younger row, also audited.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from .text import normalize_text

PRINCIPAL = "system:migration"


def record(apps, *, action: str, organization_id, target, target_type: str, before: dict, after: dict) -> None:
    """Append the audit event of one migrated row (historical model; the table is append-only)."""
    apps.get_model("authz", "AuditEvent").objects.create(
        id=uuid.uuid4(), channel="cli", request_id="", principal=PRINCIPAL, principal_display=PRINCIPAL,
        on_behalf_of="", organization_id=organization_id, action=action, target_type=target_type,
        target_id=str(target.pk), target_display=str(getattr(target, "name", ""))[:300], before=before,
        after=after, extra={"reason": "text normalization (NFC, no surrounding whitespace)"},
    )


def unique_names(rows: Iterable, *, group: Callable, max_length: int) -> dict:
    """Normalized names for `rows` (oldest first), unique per `group(row)` case-insensitively.

    Output: {pk: new name}. A name already taken in its group gets " - 2", " - 3", ... (cut to `max_length`).
    """
    taken: dict = {}
    names = {}
    for row in rows:
        seen = taken.setdefault(group(row), set())
        base = normalize_text(row.name)
        name, n = base, 1
        while name.lower() in seen:
            n += 1
            suffix = f" - {n}"
            name = base[: max_length - len(suffix)] + suffix
        seen.add(name.lower())
        names[row.pk] = name
    return names
