from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="PasswordRotateInput")



@_attrs_define
class PasswordRotateInput:
    """ How long the current password keeps working next to the new one (optional body).

        Attributes:
            overlap_minutes (int | Unset): Minutes (0-1440, i.e. up to 24 hours) the old password keeps working, so the
                vendor's system can switch without downtime. Default 30; 0 ends the old password at once.
     """

    overlap_minutes: int | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        overlap_minutes = self.overlap_minutes


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if overlap_minutes is not UNSET:
            field_dict["overlap_minutes"] = overlap_minutes

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        overlap_minutes = d.pop("overlap_minutes", UNSET)

        password_rotate_input = cls(
            overlap_minutes=overlap_minutes,
        )

        return password_rotate_input

