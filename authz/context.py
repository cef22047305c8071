"""Who is acting, on whose behalf, through which channel: passed to every service and selector.

Web views, API views, the admin and management commands build a `Context` and hand it to the same services, so
the three channels make the same checks and write the same audit events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .identifiers import mask_pid

if TYPE_CHECKING:
    from integrations.models import Integration

    from .models import Person

ActorKind = Literal["person", "integration", "organization", "operator", "system"]


@dataclass(frozen=True)
class Actor:
    """The acting party.

    kind: "person" (ID-porten `pid`, `person` set), "integration" (`integration` set), "organization"
    (a Maskinporten consumer acting without integration headers, `orgnr` set), "operator" (platform staff in
    Django admin, `username` set, sees everything) or "system" (management commands and migrations).
    """

    kind: ActorKind
    person: Person | None = None
    integration: Integration | None = None
    orgnr: str | None = None
    username: str | None = None

    @classmethod
    def for_person(cls, person: Person) -> Actor:
        """Actor for a person (ID-porten login or ID-porten access token)."""
        return cls(kind="person", person=person)

    @classmethod
    def for_integration(cls, integration: Integration) -> Actor:
        """Actor for an integration authenticated by `IntegrasjonId` + `IntegrasjonPassord`."""
        return cls(kind="integration", integration=integration)

    @classmethod
    def for_organization(cls, orgnr: str) -> Actor:
        """Actor for an organization (Maskinporten `consumer`) acting without an integration."""
        return cls(kind="organization", orgnr=orgnr)

    @classmethod
    def for_operator(cls, username: str) -> Actor:
        """Actor for a platform operator (Django admin)."""
        return cls(kind="operator", username=username)

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        """Actor for management commands and data migrations."""
        return cls(kind="system", username=name)

    @property
    def is_superuser(self) -> bool:
        """Operators and the system see and may change everything."""
        return self.kind in ("operator", "system")

    @property
    def party(self) -> str:
        """The identity the actor acts as by default: pid (person), orgnr (organization/integration), or ""."""
        if self.kind == "person" and self.person is not None:
            return self.person.pid
        if self.kind == "organization" and self.orgnr:
            return self.orgnr
        if self.kind == "integration" and self.integration is not None:
            return self.integration.authorized_orgnr
        return ""

    @property
    def principal(self) -> str:
        """Stable identifier for the audit trail ("person:<pid>", "integration:<uuid>", ...)."""
        if self.kind == "person" and self.person is not None:
            return f"person:{self.person.pid}"
        if self.kind == "integration" and self.integration is not None:
            return f"integration:{self.integration.pk}"
        if self.kind == "organization":
            return f"organization:{self.orgnr}"
        return f"{self.kind}:{self.username}"

    @property
    def display(self) -> str:
        """The principal for screens and logs, identity numbers masked."""
        if self.kind == "person" and self.person is not None:
            return f"person {mask_pid(self.person.pid)}"
        if self.kind == "integration" and self.integration is not None:
            return f"integrasjon {self.integration.name} ({self.integration.pk})"
        if self.kind == "organization":
            return f"organisasjon {self.orgnr}"
        return f"{self.kind} {self.username}"


@dataclass(frozen=True)
class Context:
    """An actor plus where the action comes from.

    channel: "web", "api", "admin" or "cli"; request_id: the id shared by all changes of one request;
    on_behalf_of: the party from the `OnBehalfOf` header or the actor's own; extra: facts recorded on audit
    events (e.g. Maskinporten `supplier` and `delegation_source`), never secrets.
    """

    actor: Actor
    channel: str
    request_id: str = ""
    on_behalf_of: str = ""
    extra: dict = field(default_factory=dict)
