from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID






T = TypeVar("T", bound="GlobalIntegrationOutput")



@_attrs_define
class GlobalIntegrationOutput:
    """ A global integration run by the platform, which organizations activate instead of registering their own.

        Attributes:
            id (UUID):
            code (str): Stable code, used in the activation URL.
            name (str):
            description (str):
            authorized_orgnr (str):
            is_active (bool): False: deactivated by the platform; it cannot be activated.
            requested_privileges (list[str]): Privileges granted on the organization when it activates the integration.
     """

    id: UUID
    code: str
    name: str
    description: str
    authorized_orgnr: str
    is_active: bool
    requested_privileges: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        code = self.code

        name = self.name

        description = self.description

        authorized_orgnr = self.authorized_orgnr

        is_active = self.is_active

        requested_privileges = self.requested_privileges




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "code": code,
            "name": name,
            "description": description,
            "authorized_orgnr": authorized_orgnr,
            "is_active": is_active,
            "requested_privileges": requested_privileges,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        code = d.pop("code")

        name = d.pop("name")

        description = d.pop("description")

        authorized_orgnr = d.pop("authorized_orgnr")

        is_active = d.pop("is_active")

        requested_privileges = cast(list[str], d.pop("requested_privileges"))


        global_integration_output = cls(
            id=id,
            code=code,
            name=name,
            description=description,
            authorized_orgnr=authorized_orgnr,
            is_active=is_active,
            requested_privileges=requested_privileges,
        )


        global_integration_output.additional_properties = d
        return global_integration_output

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
