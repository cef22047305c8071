from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.decision_enum import DecisionEnum






T = TypeVar("T", bound="DecisionOutput")



@_attrs_define
class DecisionOutput:
    """ The answer: `permit` or `deny`, a stable `code` and a human-readable `reason`.

        Attributes:
            decision (DecisionEnum): * `permit` - permit
                * `deny` - deny
            code (str): `granted` (permit), or why not: `no_grant`, `inactive_integration`, `actor_kind_not_allowed`.
            reason (str):
     """

    decision: DecisionEnum
    code: str
    reason: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        decision = self.decision.value

        code = self.code

        reason = self.reason


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "decision": decision,
            "code": code,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        decision = DecisionEnum(d.pop("decision"))




        code = d.pop("code")

        reason = d.pop("reason")

        decision_output = cls(
            decision=decision,
            code=code,
            reason=reason,
        )


        decision_output.additional_properties = d
        return decision_output

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
