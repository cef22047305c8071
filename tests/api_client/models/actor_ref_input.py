from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.actor_type_enum import ActorTypeEnum
from ..types import UNSET, Unset
from uuid import UUID






T = TypeVar("T", bound="ActorRefInput")



@_attrs_define
class ActorRefInput:
    """ Who: a person (`{"type": "person", "pid": "..."}`) or an integration
    (`{"type": "integration", "integration_id": "..."}`); exactly one of `pid` and `integration_id`.

        Attributes:
            type_ (ActorTypeEnum): * `person` - person
                * `integration` - integration
            pid (str | Unset): Fødselsnummer or D-number (11 digits); only with type `person`.
            integration_id (UUID | Unset): The integration's id; only with type `integration`.
     """

    type_: ActorTypeEnum
    pid: str | Unset = UNSET
    integration_id: UUID | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        pid = self.pid

        integration_id: str | Unset = UNSET
        if not isinstance(self.integration_id, Unset):
            integration_id = str(self.integration_id)


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "type": type_,
        })
        if pid is not UNSET:
            field_dict["pid"] = pid
        if integration_id is not UNSET:
            field_dict["integration_id"] = integration_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = ActorTypeEnum(d.pop("type"))




        pid = d.pop("pid", UNSET)

        _integration_id = d.pop("integration_id", UNSET)
        integration_id: UUID | Unset
        if isinstance(_integration_id,  Unset):
            integration_id = UNSET
        else:
            integration_id = UUID(_integration_id)




        actor_ref_input = cls(
            type_=type_,
            pid=pid,
            integration_id=integration_id,
        )


        actor_ref_input.additional_properties = d
        return actor_ref_input

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
