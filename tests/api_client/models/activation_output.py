from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ActivationOutput")



@_attrs_define
class ActivationOutput:
    """ A global integration activated for an organization.

        Attributes:
            integration (str):
            orgnr (str):
            activated_at (datetime.datetime):
            activated_by (str):
     """

    integration: str
    orgnr: str
    activated_at: datetime.datetime
    activated_by: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        integration = self.integration

        orgnr = self.orgnr

        activated_at = self.activated_at.isoformat()

        activated_by = self.activated_by


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "integration": integration,
            "orgnr": orgnr,
            "activated_at": activated_at,
            "activated_by": activated_by,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        integration = d.pop("integration")

        orgnr = d.pop("orgnr")

        activated_at = datetime.datetime.fromisoformat(d.pop("activated_at"))




        activated_by = d.pop("activated_by")

        activation_output = cls(
            integration=integration,
            orgnr=orgnr,
            activated_at=activated_at,
            activated_by=activated_by,
        )


        activation_output.additional_properties = d
        return activation_output

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
