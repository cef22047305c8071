"""The global integration that fetches messages from SvarUt into MinSide Søk (code SVARUT.MINSIDE_SOK) needs to
read SvarUt, not to send: it requests SVARUT.READ instead of SVARUT.SEND, and every organization that activated it
gets SVARUT.READ in place of the SVARUT.SEND grant the activation gave. Each grant change is audited (system
actor "migration", channel cli), like any other grant change. Nothing happens where the integration does not
exist (it is created by seed_demo, or by operators)."""

from django.db import migrations

GLOBAL_CODE = "SVARUT.MINSIDE_SOK"
PRINCIPAL, PRINCIPAL_DISPLAY = "system:migration", "system migration"


def _audit(AuditEvent, *, action, grant, privilege, snapshot_key):
    resource = grant.resource
    AuditEvent.objects.create(
        channel="cli", principal=PRINCIPAL, principal_display=PRINCIPAL_DISPLAY,
        organization_id=resource.organization_id, service_id=resource.service_id, action=action,
        target_type="grant", target_id=str(grant.pk),
        target_display=f"{grant.integration.name}: {privilege.code} @ {resource.name or resource.pk}"[:300],
        **{snapshot_key: {"actor": f"integration:{grant.integration_id}", "privilege": privilege.code,
                          "resource": resource.path}},
        extra={"reason": "SvarUt til MinSide Søk leser fra SvarUt og trenger ikke å sende"},
    )


def forwards(apps, schema_editor):
    Integration = apps.get_model("integrations", "Integration")
    Privilege = apps.get_model("authz", "Privilege")
    Grant = apps.get_model("authz", "Grant")
    AuditEvent = apps.get_model("authz", "AuditEvent")
    integration = Integration.objects.filter(code=GLOBAL_CODE).first()
    if integration is None:
        return
    send = Privilege.objects.get(code="SVARUT.SEND")
    read = Privilege.objects.get(code="SVARUT.READ")
    integration.requested_privileges.remove(send)
    integration.requested_privileges.add(read)
    activated = set(integration.activations.values_list("organization_id", flat=True))
    for grant in Grant.objects.filter(integration=integration, privilege=send,
                                      resource__kind="organization", resource__organization_id__in=activated
                                      ).select_related("resource", "integration"):
        new, created = Grant.objects.get_or_create(integration=integration, privilege=read, resource=grant.resource,
                                                   defaults={"granted_by": PRINCIPAL})
        if created:
            _audit(AuditEvent, action="grant.create", grant=new, privilege=read, snapshot_key="after")
        _audit(AuditEvent, action="grant.revoke", grant=grant, privilege=send, snapshot_key="before")
        grant.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0004_normalize_text"),
        ("authz", "0005_catalogue_svarut_read"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
