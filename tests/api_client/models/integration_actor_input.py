from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.integration_actor_type_enum import IntegrationActorTypeEnum
from uuid import UUID






T = TypeVar("T", bound="IntegrationActorInput")



@_attrs_define
class IntegrationActorInput:
    """ An integration as actor: `{"type": "integration", "integration_id": "<uuid>"}` (no other fields).

        Attributes:
            type_ (IntegrationActorTypeEnum): * `integration` - integration
            integration_id (UUID): The integration's id.
     """

    type_: IntegrationActorTypeEnum
    integration_id: UUID





    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        integration_id = str(self.integration_id)


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "type": type_,
            "integration_id": integration_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = IntegrationActorTypeEnum(d.pop("type"))




        integration_id = UUID(d.pop("integration_id"))




        integration_actor_input = cls(
            type_=type_,
            integration_id=integration_id,
        )

        return integration_actor_input

