from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="PatchedIntegrationUpdateInput")



@_attrs_define
class PatchedIntegrationUpdateInput:
    """ Fields of an integration to change; leave out those that stay as they are.

        Attributes:
            name (str | Unset):
            description (str | Unset):
            authorized_orgnr (str | Unset): Organization number (orgnr): nine digits with a valid check digit.
            is_active (bool | Unset): False stops the integration at once.
     """

    name: str | Unset = UNSET
    description: str | Unset = UNSET
    authorized_orgnr: str | Unset = UNSET
    is_active: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        authorized_orgnr = self.authorized_orgnr

        is_active = self.is_active


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if authorized_orgnr is not UNSET:
            field_dict["authorized_orgnr"] = authorized_orgnr
        if is_active is not UNSET:
            field_dict["is_active"] = is_active

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        description = d.pop("description", UNSET)

        authorized_orgnr = d.pop("authorized_orgnr", UNSET)

        is_active = d.pop("is_active", UNSET)

        patched_integration_update_input = cls(
            name=name,
            description=description,
            authorized_orgnr=authorized_orgnr,
            is_active=is_active,
        )

        return patched_integration_update_input

