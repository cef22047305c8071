from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="EffectivePrivilegeOutput")



@_attrs_define
class EffectivePrivilegeOutput:
    """ A privilege the caller holds: on an organization (`service` null) or on one of its services.

        Attributes:
            privilege (str):
            orgnr (str):
            service (None | str): Null: granted on the whole organization.
     """

    privilege: str
    orgnr: str
    service: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        privilege = self.privilege

        orgnr = self.orgnr

        service: None | str
        service = self.service


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "privilege": privilege,
            "orgnr": orgnr,
            "service": service,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        privilege = d.pop("privilege")

        orgnr = d.pop("orgnr")

        def _parse_service(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        service = _parse_service(d.pop("service"))


        effective_privilege_output = cls(
            privilege=privilege,
            orgnr=orgnr,
            service=service,
        )


        effective_privilege_output.additional_properties = d
        return effective_privilege_output

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
