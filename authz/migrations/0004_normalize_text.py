"""Issue 9 item 7: organization names and the catalogue's names and descriptions in the normal form (audited)."""

from django.db import migrations

from authz.text import normalize_text
from authz.text_migration import record


def normalize(apps, schema_editor):
    Organization = apps.get_model("authz", "Organization")
    Resource = apps.get_model("authz", "Resource")
    for organization in Organization.objects.order_by("pk"):
        name = normalize_text(organization.name)
        if name != organization.name:
            record(apps, action="organization.update", organization_id=organization.pk, target=organization,
                   target_type="organization", before={"name": organization.name}, after={"name": name})
            Organization.objects.filter(pk=organization.pk).update(name=name)
            Resource.objects.filter(organization=organization, kind="organization").update(name=name)
    for model_name in ("Service", "Privilege"):
        model = apps.get_model("authz", model_name)
        for entry in model.objects.order_by("pk"):
            before = {"name": entry.name, "description": entry.description}
            after = {key: normalize_text(value) for key, value in before.items()}
            if after != before:
                record(apps, action=f"catalogue.{model_name.lower()}.update", organization_id=None, target=entry,
                       target_type=model_name.lower(), before=before, after=after)
                model.objects.filter(pk=entry.pk).update(**after)


class Migration(migrations.Migration):
    dependencies = [("authz", "0003_catalogue")]

    operations = [migrations.RunPython(normalize, migrations.RunPython.noop)]
