"""Bump the shared version counters (authz/versions.py) whenever an integration or a grant to one changes or goes,
by any path: the integration's own counter (cached decisions about it, e.g. after a deactivation, are not used
again) and the counter of its organization's integration list (`versions.integrations_key`: the rows and their
grant counts). Connected in `IntegrationsConfig.ready`."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from authz import versions
from authz.models import Grant, Organization

from .models import Integration


def _list_key(integration: Integration) -> str:
    """The list counter of the integration's organization ("" for a global integration, which no list shows)."""
    if integration.organization_id is None:
        return ""
    if Integration.organization.is_cached(integration):
        return versions.integrations_key(integration.organization.orgnr)
    orgnr = Organization.objects.filter(pk=integration.organization_id).values_list("orgnr", flat=True).first()
    return versions.integrations_key(orgnr) if orgnr else ""


def _integration_changed(sender, instance: Integration, **kwargs) -> None:
    versions.bump(versions.actor_key("integration", instance.pk), _list_key(instance))


def _grant_changed(sender, instance: Grant, **kwargs) -> None:
    """A grant to an integration changes its organization's list (`grant_count`, the `service` filter)."""
    if instance.integration_id is None:
        return
    orgnr = (Integration.objects.filter(pk=instance.integration_id, organization__isnull=False)
             .values_list("organization__orgnr", flat=True).first())
    if orgnr:
        versions.bump(versions.integrations_key(orgnr))


def connect() -> None:
    """Connect the receivers (idempotent: each has a dispatch uid)."""
    post_save.connect(_integration_changed, sender=Integration, dispatch_uid="versions-integration-save")
    post_delete.connect(_integration_changed, sender=Integration, dispatch_uid="versions-integration-delete")
    post_save.connect(_grant_changed, sender=Grant, dispatch_uid="versions-integration-grant-save")
    post_delete.connect(_grant_changed, sender=Grant, dispatch_uid="versions-integration-grant-delete")
