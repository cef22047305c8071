from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.integration_actor_input import IntegrationActorInput
  from ..models.person_actor_input import PersonActorInput





T = TypeVar("T", bound="GrantCreateInput")



@_attrs_define
class GrantCreateInput:
    """ A privilege to grant to a person or an integration, on the organization or on one of its services.

        Attributes:
            actor (IntegrationActorInput | PersonActorInput): Who: a person or an integration, told apart by `type` (a
                discriminated `oneOf` in the schema).

                Each type takes exactly its own fields (`pid`, or `integration_id`); anything else is a 400 naming the field
                (`actor.type`, `actor.pid`, `actor.integration_id`). Output: the validated dict, e.g.
                {"type": "person", "pid": "..."}.
            privilege (str): Privilege code from /api/v1/privileges/.
            service (str | Unset): Service code from /api/v1/services/: the grant is on that service of the organization (as
                the web UI grants service privileges). Left out: the grant is on the whole organization, which covers all its
                services.
     """

    actor: IntegrationActorInput | PersonActorInput
    privilege: str
    service: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.integration_actor_input import IntegrationActorInput # noqa: PLC0415
        from ..models.person_actor_input import PersonActorInput # noqa: PLC0415
        actor: dict[str, Any]
        if isinstance(self.actor, PersonActorInput):
            actor = self.actor.to_dict()
        else:
            actor = self.actor.to_dict()


        privilege = self.privilege

        service = self.service


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "actor": actor,
            "privilege": privilege,
        })
        if service is not UNSET:
            field_dict["service"] = service

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.integration_actor_input import IntegrationActorInput # noqa: PLC0415
        from ..models.person_actor_input import PersonActorInput # noqa: PLC0415
        d = dict(src_dict)
        def _parse_actor(data: object) -> IntegrationActorInput | PersonActorInput:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_actor_ref_input_type_0 = PersonActorInput.from_dict(data)



                return componentsschemas_actor_ref_input_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_actor_ref_input_type_1 = IntegrationActorInput.from_dict(data)



            return componentsschemas_actor_ref_input_type_1

        actor = _parse_actor(d.pop("actor"))


        privilege = d.pop("privilege")

        service = d.pop("service", UNSET)

        grant_create_input = cls(
            actor=actor,
            privilege=privilege,
            service=service,
        )

        return grant_create_input

