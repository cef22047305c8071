"""Bump an integration's shared version counter (authz/versions.py) whenever it changes or goes, by any path, so
cached decisions about it (e.g. after a deactivation) are not used again. Connected in `IntegrationsConfig.ready`."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from authz import versions

from .models import Integration


def _integration_changed(sender, instance: Integration, **kwargs) -> None:
    versions.bump(versions.actor_key("integration", instance.pk))


def connect() -> None:
    """Connect the receivers (idempotent: each has a dispatch uid)."""
    post_save.connect(_integration_changed, sender=Integration, dispatch_uid="versions-integration-save")
    post_delete.connect(_integration_changed, sender=Integration, dispatch_uid="versions-integration-delete")
