from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="TokenOutput")



@_attrs_define
class TokenOutput:
    """ Facts from the access token.

        Attributes:
            consumer_orgnr (None | str): Maskinporten `consumer` as an orgnr.
            supplier_orgnr (None | str): Maskinporten `supplier` as an orgnr, if any.
            delegation_source (None | str): Maskinporten `delegation_source`, if any.
            scopes (list[str]):
     """

    consumer_orgnr: None | str
    supplier_orgnr: None | str
    delegation_source: None | str
    scopes: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        consumer_orgnr: None | str
        consumer_orgnr = self.consumer_orgnr

        supplier_orgnr: None | str
        supplier_orgnr = self.supplier_orgnr

        delegation_source: None | str
        delegation_source = self.delegation_source

        scopes = self.scopes




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "consumer_orgnr": consumer_orgnr,
            "supplier_orgnr": supplier_orgnr,
            "delegation_source": delegation_source,
            "scopes": scopes,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_consumer_orgnr(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        consumer_orgnr = _parse_consumer_orgnr(d.pop("consumer_orgnr"))


        def _parse_supplier_orgnr(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        supplier_orgnr = _parse_supplier_orgnr(d.pop("supplier_orgnr"))


        def _parse_delegation_source(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        delegation_source = _parse_delegation_source(d.pop("delegation_source"))


        scopes = cast(list[str], d.pop("scopes"))


        token_output = cls(
            consumer_orgnr=consumer_orgnr,
            supplier_orgnr=supplier_orgnr,
            delegation_source=delegation_source,
            scopes=scopes,
        )


        token_output.additional_properties = d
        return token_output

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
