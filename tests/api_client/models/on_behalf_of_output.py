from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.party_type_enum import PartyTypeEnum






T = TypeVar("T", bound="OnBehalfOfOutput")



@_attrs_define
class OnBehalfOfOutput:
    """ The party from the `OnBehalfOf` header.

        Attributes:
            party (str): Organization number, or masked fødselsnummer.
            type_ (PartyTypeEnum): * `organization` - organization
                * `person` - person
            delegated (bool): True when the caller acts for another party than itself, under that party's delegation.
     """

    party: str
    type_: PartyTypeEnum
    delegated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        party = self.party

        type_ = self.type_.value

        delegated = self.delegated


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "party": party,
            "type": type_,
            "delegated": delegated,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        party = d.pop("party")

        type_ = PartyTypeEnum(d.pop("type"))




        delegated = d.pop("delegated")

        on_behalf_of_output = cls(
            party=party,
            type_=type_,
            delegated=delegated,
        )


        on_behalf_of_output.additional_properties = d
        return on_behalf_of_output

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
