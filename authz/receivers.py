"""Bump the shared version counters (authz/versions.py) whenever grants, delegations, organizations or the
catalogue change, by any path (services, admin, cascades). Connected in `AuthzConfig.ready`."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from . import versions
from .models import Delegation, Grant, Organization, Person, Privilege, Resource, Service


def _grant_changed(sender, instance: Grant, **kwargs) -> None:
    orgnr = Resource.objects.filter(pk=instance.resource_id).values_list("organization__orgnr", flat=True).first()
    if instance.person_id:
        pid = Person.objects.filter(pk=instance.person_id).values_list("pid", flat=True).first()
        actor = versions.actor_key("person", pid) if pid else ""
    else:
        actor = versions.actor_key("integration", instance.integration_id)
    versions.bump(actor, versions.organization_key(orgnr) if orgnr else "")


def _delegation_changed(sender, instance: Delegation, **kwargs) -> None:
    versions.bump(versions.party_key(instance.represented), versions.party_key(instance.representative))


def _organization_changed(sender, instance: Organization, **kwargs) -> None:
    versions.bump(versions.organization_key(instance.orgnr))


def _person_changed(sender, instance: Person, **kwargs) -> None:
    versions.bump(versions.actor_key("person", instance.pid))


def _catalogue_changed(sender, instance, **kwargs) -> None:
    versions.bump(versions.CATALOGUE)


def connect() -> None:
    """Connect the receivers (idempotent: each has a dispatch uid)."""
    for signal in (post_save, post_delete):
        signal.connect(_grant_changed, sender=Grant, dispatch_uid=f"versions-grant-{signal is post_save}")
        signal.connect(_delegation_changed, sender=Delegation, dispatch_uid=f"versions-deleg-{signal is post_save}")
        signal.connect(_organization_changed, sender=Organization, dispatch_uid=f"versions-org-{signal is post_save}")
        signal.connect(_person_changed, sender=Person, dispatch_uid=f"versions-person-{signal is post_save}")
        for model in (Privilege, Service):
            signal.connect(_catalogue_changed, sender=model,
                           dispatch_uid=f"versions-{model.__name__}-{signal is post_save}")
