"""Catalogue: one-line descriptions for every privilege, and `SVARUT.READ` (SvarUt tells reading from sending)."""

from django.db import migrations


def load(apps, schema_editor):
    from authz.catalogue import load_catalogue

    load_catalogue(apps.get_model("authz", "Service"), apps.get_model("authz", "Privilege"))


class Migration(migrations.Migration):
    dependencies = [("authz", "0004_normalize_text")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
