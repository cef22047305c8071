from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="IntegrationCreateInput")



@_attrs_define
class IntegrationCreateInput:
    """ A new integration. It has no password until you rotate it (POST .../password/).

        Attributes:
            name (str): Unique within the organization.
            authorized_orgnr (str): Orgnr of the vendor whose system calls as this integration: the `consumer` of its
                Maskinporten token.
            description (str | Unset):  Default: ''.
     """

    name: str
    authorized_orgnr: str
    description: str | Unset = ''





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        authorized_orgnr = self.authorized_orgnr

        description = self.description


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "authorized_orgnr": authorized_orgnr,
        })
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        authorized_orgnr = d.pop("authorized_orgnr")

        description = d.pop("description", UNSET)

        integration_create_input = cls(
            name=name,
            authorized_orgnr=authorized_orgnr,
            description=description,
        )

        return integration_create_input

