from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="ServiceOutput")



@_attrs_define
class ServiceOutput:
    """ A service of the platform's catalogue, with the codes of the privileges that belong to it.

        Attributes:
            code (str): Stable code, e.g. `MINSIDE_SOK`; the `service` of grants and decisions.
            name (str):
            description (str):
            privileges (list[str]): Codes of the privileges that belong to this service. Organization-wide privileges have
                `service: null` and are listed only by /api/v1/privileges/: that is why `KONFIG` (this portal) lists none,
                although `KONFIG.CONFIGURE` exists.
     """

    code: str
    name: str
    description: str
    privileges: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        description = self.description

        privileges = self.privileges




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "name": name,
            "description": description,
            "privileges": privileges,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        description = d.pop("description")

        privileges = cast(list[str], d.pop("privileges"))


        service_output = cls(
            code=code,
            name=name,
            description=description,
            privileges=privileges,
        )


        service_output.additional_properties = d
        return service_output

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
