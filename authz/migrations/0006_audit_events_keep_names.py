"""Audit events keep what they name as text and can never change (issue 9, item 3).

1. New text columns `organization_orgnr`, `organization_name`, `service_code`, `service_name`.
2. `organization` and `service` lose their database constraint and their SET_NULL cascade (DO_NOTHING): deleting
   an organization or a service no longer rewrites older events.
3. The new columns are filled from the referenced rows for the events already stored.
4. On PostgreSQL, a trigger refuses every UPDATE and DELETE of `authz_auditevent`, whatever the path (ORM, raw
   SQL, cascades, another client). TRUNCATE (the test runner's flush; needs the table owner) is left alone.
"""

import django.db.models.deletion
from django.db import migrations, models

FILL_NAMES = (
    """UPDATE authz_auditevent SET
        organization_orgnr = COALESCE((SELECT o.orgnr FROM authz_organization o
                                       WHERE o.id = authz_auditevent.organization_id), ''),
        organization_name = COALESCE((SELECT o.name FROM authz_organization o
                                      WHERE o.id = authz_auditevent.organization_id), '')
    WHERE organization_id IS NOT NULL""",
    """UPDATE authz_auditevent SET
        service_code = COALESCE((SELECT s.code FROM authz_service s WHERE s.id = authz_auditevent.service_id), ''),
        service_name = COALESCE((SELECT s.name FROM authz_service s WHERE s.id = authz_auditevent.service_id), '')
    WHERE service_id IS NOT NULL""",
)

CREATE_TRIGGER = """
CREATE OR REPLACE FUNCTION authz_auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'restrict_violation',
        MESSAGE = 'audit events are append-only: ' || TG_OP || ' refused';
END
$$;
CREATE TRIGGER authz_auditevent_append_only BEFORE UPDATE OR DELETE ON authz_auditevent
    FOR EACH ROW EXECUTE FUNCTION authz_auditevent_append_only();
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS authz_auditevent_append_only ON authz_auditevent;
DROP FUNCTION IF EXISTS authz_auditevent_append_only();
"""


def fill_names(apps, schema_editor):
    for statement in FILL_NAMES:
        schema_editor.execute(statement)


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)


class Migration(migrations.Migration):

    dependencies = [
        ('authz', '0005_catalogue_svarut_read'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='organization_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='organisasjon'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='organization_orgnr',
            field=models.CharField(blank=True, db_index=True, max_length=9, verbose_name='organisasjonsnummer'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='service_code',
            field=models.CharField(blank=True, max_length=50, verbose_name='tjenestekode'),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='service_name',
            field=models.CharField(blank=True, max_length=100, verbose_name='tjeneste'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='organization',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='audit_events', to='authz.organization'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='service',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, to='authz.service'),
        ),
        # Constraints are dropped before the fill: PostgreSQL cannot alter a table with pending FK trigger events.
        migrations.RunPython(fill_names, migrations.RunPython.noop),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
