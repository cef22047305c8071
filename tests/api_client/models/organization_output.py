from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="OrganizationOutput")



@_attrs_define
class OrganizationOutput:
    """ An organization the caller may see (the caller holds at least one privilege in it).

        Attributes:
            orgnr (str): Organization number (9 digits).
            name (str):
            can_change (bool): True if the caller may read and change the organization's configuration (holds `ADMIN` as a
                person or `KONFIG.CONFIGURE` as an integration). False: the organization-scoped endpoints (integrations, grants,
                activations, audit events) answer 403.
     """

    orgnr: str
    name: str
    can_change: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        orgnr = self.orgnr

        name = self.name

        can_change = self.can_change


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "orgnr": orgnr,
            "name": name,
            "can_change": can_change,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        orgnr = d.pop("orgnr")

        name = d.pop("name")

        can_change = d.pop("can_change")

        organization_output = cls(
            orgnr=orgnr,
            name=name,
            can_change=can_change,
        )


        organization_output.additional_properties = d
        return organization_output

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
