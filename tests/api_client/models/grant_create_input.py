from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.actor_ref_input import ActorRefInput





T = TypeVar("T", bound="GrantCreateInput")



@_attrs_define
class GrantCreateInput:
    """ A privilege to grant to a person or an integration, on the organization or on one of its services.

        Attributes:
            actor (ActorRefInput): Who: a person (`{"type": "person", "pid": "..."}`) or an integration
                (`{"type": "integration", "integration_id": "..."}`); exactly one of `pid` and `integration_id`.
            privilege (str): Privilege code from /api/v1/privileges/.
            service (str | Unset): Service code from /api/v1/services/: the grant is on that service of the organization (as
                the web UI grants service privileges). Left out: the grant is on the whole organization, which covers all its
                services.
     """

    actor: ActorRefInput
    privilege: str
    service: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.actor_ref_input import ActorRefInput # noqa: PLC0415
        actor = self.actor.to_dict()

        privilege = self.privilege

        service = self.service


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "actor": actor,
            "privilege": privilege,
        })
        if service is not UNSET:
            field_dict["service"] = service

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor_ref_input import ActorRefInput # noqa: PLC0415
        d = dict(src_dict)
        actor = ActorRefInput.from_dict(d.pop("actor"))




        privilege = d.pop("privilege")

        service = d.pop("service", UNSET)

        grant_create_input = cls(
            actor=actor,
            privilege=privilege,
            service=service,
        )


        grant_create_input.additional_properties = d
        return grant_create_input

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
