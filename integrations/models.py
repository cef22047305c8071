"""Integrations: external systems registered by an organization, and the platform's global integrations."""

import datetime
import uuid

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from authz.identifiers import validate_orgnr
from authz.models import Organization, Privilege

from .validators import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH, validate_global_code, validate_integration_name


class IntegrationQuerySet(models.QuerySet):
    """Queries on integrations; visibility goes through `integrations.selectors`."""

    def local(self):
        """Integrations owned by an organization."""
        return self.filter(organization__isnull=False)

    def global_(self):
        """The platform's global integrations."""
        return self.filter(organization__isnull=True)


class Integration(models.Model):
    """A registered external system.

    `authorized_orgnr` is the orgnr in the calling system's enterprise certificate / Maskinporten `consumer`.
    An integration with an `organization` belongs to it; one without is global and has a `code` and the
    privileges it requests on activation.

    Passwords (integrations/passwords.py): `password_digest` is the stored form of the current password (a keyed
    digest `hmac-sha256$<pepper id>$<hex>`, or a Django password hash from before, replaced on its next use),
    never the password. After a rotation with an overlap, `previous_password_digest` keeps the old password
    valid until `previous_password_expires_at`. `is_active` False stops every call at once (grants are kept).
    `version` increases on each change and is the API's ETag.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="integrations"
    )
    name = models.CharField(_("navn"), max_length=NAME_MAX_LENGTH, validators=[validate_integration_name])
    description = models.TextField(_("beskrivelse"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    authorized_orgnr = models.CharField(
        _("autorisert organisasjonsnummer"), max_length=9, validators=[validate_orgnr], db_index=True
    )
    code = models.CharField(
        _("kode"), max_length=50, null=True, blank=True, unique=True, validators=[validate_global_code]
    )
    requested_privileges = models.ManyToManyField(
        Privilege, blank=True, related_name="requesting_integrations", verbose_name=_("ønskede privilegier")
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    password_digest = models.CharField(max_length=256, blank=True, editable=False)
    password_set_at = models.DateTimeField(_("passord laget"), null=True, blank=True, editable=False)
    previous_password_digest = models.CharField(max_length=256, blank=True, editable=False)
    previous_password_set_at = models.DateTimeField(
        _("forrige passord laget"), null=True, blank=True, editable=False
    )
    previous_password_expires_at = models.DateTimeField(
        _("forrige passord slutter å virke"), null=True, blank=True, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IntegrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("integrasjon")
        verbose_name_plural = _("integrasjoner")
        ordering = ["name"]
        # The organization's list, by name (web) or by name and id (API): read in order and cut off at the page.
        indexes = [models.Index(fields=["organization", "name", "id"], name="integration_org_name_idx")]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "organization", condition=Q(organization__isnull=False),
                name="unique_integration_name_per_org",
            ),
            models.UniqueConstraint(
                Lower("name"), condition=Q(organization__isnull=True), name="unique_global_integration_name"
            ),
            models.CheckConstraint(
                condition=(Q(organization__isnull=True, code__isnull=False)
                           | Q(organization__isnull=False, code__isnull=True)),
                name="global_integration_has_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_global(self) -> bool:
        """True for a platform-owned global integration."""
        return self.organization_id is None

    @property
    def has_password(self) -> bool:
        """True if a password has been generated."""
        return bool(self.password_digest)

    def previous_password_valid_until(self, now: datetime.datetime) -> datetime.datetime | None:
        """When the previous password stops working, if it still works at `now` (aware datetime); else None."""
        expires = self.previous_password_expires_at
        if self.previous_password_digest and expires is not None and expires > now:
            return expires
        return None

    @property
    def previous_password_until(self) -> datetime.datetime | None:
        """When the previous password stops working, while it still works now; else None."""
        return self.previous_password_valid_until(timezone.now())

    @property
    def previous_password_since(self) -> datetime.datetime | None:
        """When the previous password was set, while it still works now; else None."""
        return self.previous_password_set_at if self.previous_password_until is not None else None


class Activation(models.Model):
    """A global integration activated for an organization (which granted its requested privileges)."""

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="activations")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="activations")
    activated_at = models.DateTimeField(auto_now_add=True)
    activated_by = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("aktivering")
        verbose_name_plural = _("aktiveringer")
        constraints = [
            models.UniqueConstraint(fields=["integration", "organization"], name="unique_activation"),
        ]

    def __str__(self) -> str:
        return f"{self.integration} @ {self.organization}"
