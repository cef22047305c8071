from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.actor_type_enum import ActorTypeEnum
from typing import cast
from uuid import UUID






T = TypeVar("T", bound="ActorRefOutput")



@_attrs_define
class ActorRefOutput:
    """ Who holds the grant: a person (pid masked) or an integration.

        Attributes:
            type_ (ActorTypeEnum): * `person` - person
                * `integration` - integration
            pid (None | str): Masked fødselsnummer (persons only).
            integration_id (None | UUID):
            display (str):
     """

    type_: ActorTypeEnum
    pid: None | str
    integration_id: None | UUID
    display: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        pid: None | str
        pid = self.pid

        integration_id: None | str
        if isinstance(self.integration_id, UUID):
            integration_id = str(self.integration_id)
        else:
            integration_id = self.integration_id

        display = self.display


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "type": type_,
            "pid": pid,
            "integration_id": integration_id,
            "display": display,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = ActorTypeEnum(d.pop("type"))




        def _parse_pid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pid = _parse_pid(d.pop("pid"))


        def _parse_integration_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                integration_id_type_0 = UUID(data)



                return integration_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        integration_id = _parse_integration_id(d.pop("integration_id"))


        display = d.pop("display")

        actor_ref_output = cls(
            type_=type_,
            pid=pid,
            integration_id=integration_id,
            display=display,
        )


        actor_ref_output.additional_properties = d
        return actor_ref_output

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
