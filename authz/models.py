"""Parties, the resource tree, the privilege catalogue, grants, delegations and the audit trail.

Rules (DESIGN.md, "Domain model"): resources form a tree organization → service → sub-resource, and a privilege
granted on a resource holds for everything below it; one grant table for persons and integrations, unique per
(actor, privilege, resource); audit events are append-only.
"""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .identifiers import mask_pid, validate_orgnr, validate_pid


class User(AbstractUser):
    """A login: an operator (local account, allauth + TOTP) or a person logged in with ID-porten.

    `person` is set for ID-porten logins; the username of such a user is derived from the person's id, never
    the identity number, so the number does not appear in session data, admin lists or logs.
    """

    person = models.OneToOneField(
        "authz.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="user"
    )


class Person(models.Model):
    """A natural person identified by ID-porten's `pid` claim (fødselsnummer or D-nummer, 11 digits)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pid = models.CharField(_("fødselsnummer"), max_length=11, unique=True, validators=[validate_pid])
    name = models.CharField(
        _("navn"), max_length=200, blank=True,
        help_text=_("Fra personens siste innlogging med ID-porten; tomt til personen har logget inn."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self) -> str:
        return mask_pid(self.pid)

    @property
    def display_name(self) -> str:
        """The name with the masked number ("Kari Nordmann (218794*****)"), or the masked number alone."""
        return f"{self.name} ({self.masked_pid})" if self.name else self.masked_pid

    @property
    def masked_pid(self) -> str:
        """The identity number masked for display ("218794*****")."""
        return mask_pid(self.pid)


class Organization(models.Model):
    """A legal entity in Enhetsregisteret, identified by its orgnr; the root of its resource tree."""

    orgnr = models.CharField(_("organisasjonsnummer"), max_length=9, unique=True, validators=[validate_orgnr])
    name = models.CharField(_("navn"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.orgnr})"


class Service(models.Model):
    """A platform service in the catalogue, e.g. MinSide Søk (`MINSIDE_SOK`), SvarUt, Fiks IO, the portal itself."""

    code = models.CharField(max_length=50, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("tjeneste")
        verbose_name_plural = _("tjenester")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the active language (the catalogue's names are translated; an operator's own stays as is)."""
        return gettext(self.name)

    @property
    def display_description(self) -> str:
        """The description in the active language (see `display_name`)."""
        return gettext(self.description) if self.description else ""


class Privilege(models.Model):
    """A named right, e.g. `ADMIN`, `MINSIDE_SOK.INDEX`; says which actor kinds may hold it.

    `service` is the service the privilege belongs to, or None for organization-wide privileges (`ADMIN`,
    `KONFIG.CONFIGURE`).
    """

    code = models.CharField(max_length=80, unique=True)
    name = models.CharField(_("navn"), max_length=150)
    description = models.TextField(_("beskrivelse"), blank=True)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="privileges"
    )
    for_persons = models.BooleanField(_("kan gis til personer"), default=False)
    for_integrations = models.BooleanField(_("kan gis til integrasjoner"), default=False)

    class Meta:
        verbose_name = _("privilegium")
        verbose_name_plural = _("privilegier")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def display_name(self) -> str:
        """The name in the active language (the catalogue's names are translated; an operator's own stays as is)."""
        return gettext(self.name)

    @property
    def display_description(self) -> str:
        """The one-line description in the active language (see `display_name`)."""
        return gettext(self.description) if self.description else ""

    @property
    def is_organization_wide(self) -> bool:
        """True for privileges that belong to no service (`ADMIN`, `KONFIG.CONFIGURE`): they cover everything."""
        return self.service_id is None


class Resource(models.Model):
    """A node of an organization's resource tree: the organization itself, one of its services, or below.

    `path` is the materialized path of ids from the root ("12/" for a root, "12/34/" for its child), so the
    ancestors of a node are known without queries and its subtree is a prefix match.
    """

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("organisasjon")
        SERVICE = "service", _("tjeneste")
        SUB = "sub", _("underressurs")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="resources")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    name = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=255, blank=True, db_index=True)

    class Meta:
        verbose_name = _("ressurs")
        verbose_name_plural = _("ressurser")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=Q(kind="organization"), name="one_root_resource_per_org"
            ),
            models.UniqueConstraint(
                fields=["organization", "service"], condition=Q(kind="service"), name="one_service_resource"
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.kind} {self.pk}"

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids of this node and all its ancestors, root first."""
        return [int(part) for part in self.path.split("/") if part]


class Grant(models.Model):
    """(actor, privilege, resource): the actor is a person or an integration, exactly one of them.

    Unique per actor, privilege and resource (database constraints), so granting twice never duplicates.
    """

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="grants")
    integration = models.ForeignKey(
        "integrations.Integration", null=True, blank=True, on_delete=models.CASCADE, related_name="grants"
    )
    privilege = models.ForeignKey(Privilege, on_delete=models.PROTECT, related_name="grants")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="grants")
    granted_at = models.DateTimeField(auto_now_add=True)
    granted_by = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("tildelt tilgang")
        verbose_name_plural = _("tildelte tilganger")
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False, integration__isnull=True)
                           | Q(person__isnull=True, integration__isnull=False)),
                name="grant_has_exactly_one_actor",
            ),
            models.UniqueConstraint(
                fields=["person", "privilege", "resource"],
                condition=Q(person__isnull=False),
                name="unique_person_grant",
            ),
            models.UniqueConstraint(
                fields=["integration", "privilege", "resource"],
                condition=Q(integration__isnull=False),
                name="unique_integration_grant",
            ),
        ]

    def __str__(self) -> str:
        actor = self.person if self.person_id else self.integration
        return f"{actor}: {self.privilege.code} @ {self.resource}"


def _delegation_unique(name: str, fields: list[str], *, service: bool, end: bool) -> models.UniqueConstraint:
    """One of the four partial unique constraints that make an unrevoked delegation unique (see `Delegation`).

    Four, because a NULL service or end never equals another NULL in a unique index (PostgreSQL before 15,
    SQLite): each combination of "with/without service" and "with/without end" gets its own index.
    """
    return models.UniqueConstraint(
        fields=fields,
        condition=Q(revoked_at__isnull=True, service__isnull=not service, valid_to__isnull=not end),
        name=name,
    )


class Delegation(models.Model):
    """Permission for a representative party to act on behalf of a represented party (fullmakt).

    Parties are orgnr (9 digits) or pid (11 digits). `service` optionally restricts the delegation to one
    service. Active when `valid_from <= now < valid_to` (no end when `valid_to` is None) and not revoked.

    Unrevoked delegations are unique per (represented, representative, service, valid_to) — the database holds
    it, so a repeated or concurrent identical create finds the existing row instead of adding one
    (`authz.services.delegation_create`). The start is not part of the key: "from now" differs by microseconds
    between two clicks.
    """

    represented = models.CharField(_("den som representeres"), max_length=11, db_index=True)
    representative = models.CharField(_("representant"), max_length=11, db_index=True)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.PROTECT)
    valid_from = models.DateTimeField(_("gyldig fra"))
    valid_to = models.DateTimeField(_("gyldig til"), null=True, blank=True)
    created_by = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("fullmakt")
        verbose_name_plural = _("fullmakter")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="delegation_valid_period",
            ),
            models.CheckConstraint(
                condition=~Q(represented=models.F("representative")), name="delegation_distinct_parties"
            ),
            _delegation_unique("unique_delegation_open", ["represented", "representative"],
                               service=False, end=False),
            _delegation_unique("unique_delegation_service_open", ["represented", "representative", "service"],
                               service=True, end=False),
            _delegation_unique("unique_delegation_ending", ["represented", "representative", "valid_to"],
                               service=False, end=True),
            _delegation_unique("unique_delegation_service_ending",
                               ["represented", "representative", "service", "valid_to"], service=True, end=True),
        ]

    def __str__(self) -> str:
        return f"{_display_party(self.representative)} → {_display_party(self.represented)}"


def _display_party(value: str) -> str:
    return mask_pid(value) if len(value) == 11 else value


class AuditEventQuerySet(models.QuerySet):
    """Audit events are append-only: bulk `update()` and `delete()` raise `PermissionError`."""

    def update(self, **kwargs):
        raise PermissionError("audit events are append-only")

    def delete(self):
        raise PermissionError("audit events are append-only")


class AuditEvent(models.Model):
    """An append-only record of who did what, on behalf of whom, when; written in the change's transaction.

    `principal` is the actor's stable identifier (e.g. "person:<pid>", "integration:<uuid>", "org:<orgnr>",
    "operator:<username>"); `principal_display` is the same with identity numbers masked, for screens.
    `before`/`after` are JSON snapshots that never contain secrets.

    What an event names is kept as text written at insert time, so deleting or renaming the object never
    changes the event: `organization_orgnr`/`organization_name` (the organization concerned, "" for none),
    `service_code`/`service_name` (the service concerned, "" for none), `target_type`/`target_id`/
    `target_display` (the changed object). `organization` and `service` are plain references for filtering
    (no database constraint, no cascade): after the object is deleted the id stays and names nothing, so
    screens show the text fields. Nothing changes a stored event: `save()` of a stored event, `delete()`,
    queryset `update()`/`delete()` raise `PermissionError`, and on PostgreSQL a trigger refuses any UPDATE or
    DELETE of the table (migration 0004), whatever the path (raw SQL, cascades, another program).
    """

    class Channel(models.TextChoices):
        WEB = "web", _("nett")
        API = "api", "API"
        ADMIN = "admin", _("admin")
        CLI = "cli", _("kommandolinje")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    time = models.DateTimeField(auto_now_add=True, db_index=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    request_id = models.CharField(max_length=64, blank=True)
    principal = models.CharField(max_length=200)
    principal_display = models.CharField(max_length=200)
    on_behalf_of = models.CharField(max_length=20, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="audit_events",
    )
    organization_orgnr = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True, db_index=True)
    organization_name = models.CharField(_("organisasjon"), max_length=200, blank=True)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False)
    service_code = models.CharField(_("tjenestekode"), max_length=50, blank=True)
    service_name = models.CharField(_("tjeneste"), max_length=100, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=50, blank=True)
    target_id = models.CharField(max_length=100, blank=True)
    target_display = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("logghendelse")
        verbose_name_plural = _("logghendelser")
        ordering = ["-time"]
        indexes = [models.Index(fields=["organization", "-time"])]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.action} {self.target_display}"

    def save(self, *args, **kwargs):
        """Insert only; raises `PermissionError` on an attempt to change a stored event."""
        if not self._state.adding:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Always raises `PermissionError`: audit events cannot be deleted through the product."""
        raise PermissionError("audit events are append-only")

    @property
    def organization_display(self) -> str:
        """The organization as it was named when the event was written: "Name (orgnr)", or "" for none."""
        if self.organization_name and self.organization_orgnr:
            return f"{self.organization_name} ({self.organization_orgnr})"
        return self.organization_name or self.organization_orgnr
