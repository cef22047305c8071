"""Issue 9 item 7: integrations' names, descriptions, orgnr and codes in the normal form (audited).

Lookalike names in one organization (" Ws X " next to "Ws X", or the same name in two Unicode forms) would
collide under the unique constraint once normalized: the younger keeps its row with a suffix (" - 2").
"""

from django.db import migrations

from authz.text import normalize_text
from authz.text_migration import record, unique_names

NAME_MAX_LENGTH = 100


def normalize(apps, schema_editor):
    Integration = apps.get_model("integrations", "Integration")
    rows = list(Integration.objects.order_by("created_at", "pk"))
    names = unique_names(rows, group=lambda row: row.organization_id, max_length=NAME_MAX_LENGTH)
    changes = {}
    for row in rows:
        before = {"name": row.name, "description": row.description, "authorized_orgnr": row.authorized_orgnr,
                  "code": row.code}
        after = {"name": names[row.pk], "description": normalize_text(row.description),
                 "authorized_orgnr": normalize_text(row.authorized_orgnr),
                 "code": normalize_text(row.code) if row.code is not None else None}
        if after != before:
            changes[row.pk] = (row, before, after)
    # Two steps, so no row takes a name another row still holds (the unique constraint is checked per update).
    for pk in changes:
        Integration.objects.filter(pk=pk).update(name=f"migrating-{pk}")
    for pk, (row, before, after) in changes.items():
        Integration.objects.filter(pk=pk).update(**after)
        record(apps, action="integration.update", organization_id=row.organization_id, target=row,
               target_type="integration", before=before, after=after)


class Migration(migrations.Migration):
    dependencies = [("integrations", "0003_integration_org_name_index"), ("authz", "0004_normalize_text")]

    operations = [migrations.RunPython(normalize, migrations.RunPython.noop)]
