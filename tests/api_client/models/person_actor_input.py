from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.person_actor_type_enum import PersonActorTypeEnum






T = TypeVar("T", bound="PersonActorInput")



@_attrs_define
class PersonActorInput:
    """ A person as actor: `{"type": "person", "pid": "<11 digits>"}` (no other fields).

        Attributes:
            type_ (PersonActorTypeEnum): * `person` - person
            pid (str): Fødselsnummer or D-number (11 digits).
     """

    type_: PersonActorTypeEnum
    pid: str





    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        pid = self.pid


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "type": type_,
            "pid": pid,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = PersonActorTypeEnum(d.pop("type"))




        pid = d.pop("pid")

        person_actor_input = cls(
            type_=type_,
            pid=pid,
        )

        return person_actor_input

