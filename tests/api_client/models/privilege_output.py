from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PrivilegeOutput")



@_attrs_define
class PrivilegeOutput:
    """ A privilege of the catalogue.

    `service` is the service the privilege belongs to, or null for the organization-wide privileges `ADMIN`
    (persons) and `KONFIG.CONFIGURE` (integrations), which are granted on the organization itself and cover
    every service below it.

        Attributes:
            code (str): Stable code, e.g. `MINSIDE_SOK.INDEX`; use it in grants and decisions.
            name (str):
            description (str):
            for_persons (bool): Whether the privilege can be granted to persons.
            for_integrations (bool): Whether the privilege can be granted to integrations.
            service (None | str | Unset): Code of the service the privilege belongs to; null for organization-wide
                privileges (`ADMIN`, `KONFIG.CONFIGURE`).
     """

    code: str
    name: str
    description: str
    for_persons: bool
    for_integrations: bool
    service: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        description = self.description

        for_persons = self.for_persons

        for_integrations = self.for_integrations

        service: None | str | Unset
        if isinstance(self.service, Unset):
            service = UNSET
        else:
            service = self.service


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "name": name,
            "description": description,
            "for_persons": for_persons,
            "for_integrations": for_integrations,
        })
        if service is not UNSET:
            field_dict["service"] = service

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        description = d.pop("description")

        for_persons = d.pop("for_persons")

        for_integrations = d.pop("for_integrations")

        def _parse_service(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service = _parse_service(d.pop("service", UNSET))


        privilege_output = cls(
            code=code,
            name=name,
            description=description,
            for_persons=for_persons,
            for_integrations=for_integrations,
            service=service,
        )


        privilege_output.additional_properties = d
        return privilege_output

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
