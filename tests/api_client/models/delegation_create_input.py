from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="DelegationCreateInput")



@_attrs_define
class DelegationCreateInput:
    """ A new delegation: `representative` may act for `represented` (send it as `OnBehalfOf`).

        Attributes:
            represented (str): The party acted for: orgnr (9 digits) or fødselsnummer (11 digits).
            representative (str): The party that may act: orgnr (9 digits) or fødselsnummer (11 digits).
            service (str | Unset): Restrict to one service. The API itself honours only unrestricted delegations and those
                for `KONFIG`.
            valid_from (datetime.datetime | Unset): Default: now.
            valid_to (datetime.datetime | None | Unset): Default: no end.
     """

    represented: str
    representative: str
    service: str | Unset = UNSET
    valid_from: datetime.datetime | Unset = UNSET
    valid_to: datetime.datetime | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        represented = self.represented

        representative = self.representative

        service = self.service

        valid_from: str | Unset = UNSET
        if not isinstance(self.valid_from, Unset):
            valid_from = self.valid_from.isoformat()

        valid_to: None | str | Unset
        if isinstance(self.valid_to, Unset):
            valid_to = UNSET
        elif isinstance(self.valid_to, datetime.datetime):
            valid_to = self.valid_to.isoformat()
        else:
            valid_to = self.valid_to


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "represented": represented,
            "representative": representative,
        })
        if service is not UNSET:
            field_dict["service"] = service
        if valid_from is not UNSET:
            field_dict["valid_from"] = valid_from
        if valid_to is not UNSET:
            field_dict["valid_to"] = valid_to

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        represented = d.pop("represented")

        representative = d.pop("representative")

        service = d.pop("service", UNSET)

        _valid_from = d.pop("valid_from", UNSET)
        valid_from: datetime.datetime | Unset
        if isinstance(_valid_from,  Unset):
            valid_from = UNSET
        else:
            valid_from = datetime.datetime.fromisoformat(_valid_from)




        def _parse_valid_to(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_to_type_0 = datetime.datetime.fromisoformat(data)



                return valid_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        valid_to = _parse_valid_to(d.pop("valid_to", UNSET))


        delegation_create_input = cls(
            represented=represented,
            representative=representative,
            service=service,
            valid_from=valid_from,
            valid_to=valid_to,
        )

        return delegation_create_input

