"""Person.name (from the latest ID-porten login) and one unrevoked delegation per (parties, service, end).

Identical unrevoked delegations that piled up before the constraint existed are revoked first, all but the
oldest of each group, each with an audit event (channel cli, principal "system:migration"), so the unique
indexes can be built and nothing changes without a trace.
"""

from django.db import migrations, models
from django.utils import timezone


def revoke_duplicates(apps, schema_editor):
    Delegation = apps.get_model("authz", "Delegation")
    Organization = apps.get_model("authz", "Organization")
    AuditEvent = apps.get_model("authz", "AuditEvent")
    seen = set()
    now = timezone.now()
    for delegation in Delegation.objects.filter(revoked_at__isnull=True).order_by("created_at", "id"):
        key = (delegation.represented, delegation.representative, delegation.service_id, delegation.valid_to)
        if key not in seen:
            seen.add(key)
            continue
        Delegation.objects.filter(pk=delegation.pk).update(revoked_at=now)
        AuditEvent.objects.create(
            channel="cli", principal="system:migration", principal_display="system migration",
            organization=Organization.objects.filter(orgnr=delegation.represented).first(),
            service_id=delegation.service_id, action="delegation.revoke", target_type="delegation",
            target_id=str(delegation.pk), before={"revoked_at": None}, after={"revoked_at": now.isoformat()},
            extra={"reason": "duplicate of an identical unrevoked delegation"},
        )


class Migration(migrations.Migration):

    dependencies = [
        ('authz', '0006_audit_events_keep_names'),
    ]

    operations = [
        migrations.RunPython(revoke_duplicates, migrations.RunPython.noop),
        migrations.AddField(
            model_name='person',
            name='name',
            field=models.CharField(blank=True, help_text='Fra personens siste innlogging med ID-porten; tomt til personen har logget inn.', max_length=200, verbose_name='navn'),
        ),
        migrations.AddConstraint(
            model_name='delegation',
            constraint=models.UniqueConstraint(condition=models.Q(('revoked_at__isnull', True), ('service__isnull', True), ('valid_to__isnull', True)), fields=('represented', 'representative'), name='unique_delegation_open'),
        ),
        migrations.AddConstraint(
            model_name='delegation',
            constraint=models.UniqueConstraint(condition=models.Q(('revoked_at__isnull', True), ('service__isnull', False), ('valid_to__isnull', True)), fields=('represented', 'representative', 'service'), name='unique_delegation_service_open'),
        ),
        migrations.AddConstraint(
            model_name='delegation',
            constraint=models.UniqueConstraint(condition=models.Q(('revoked_at__isnull', True), ('service__isnull', True), ('valid_to__isnull', False)), fields=('represented', 'representative', 'valid_to'), name='unique_delegation_ending'),
        ),
        migrations.AddConstraint(
            model_name='delegation',
            constraint=models.UniqueConstraint(condition=models.Q(('revoked_at__isnull', True), ('service__isnull', False), ('valid_to__isnull', False)), fields=('represented', 'representative', 'service', 'valid_to'), name='unique_delegation_service_ending'),
        ),
    ]
