from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="DelegationOutput")



@_attrs_define
class DelegationOutput:
    """ A delegation: `representative` may act (send `OnBehalfOf`) for `represented`.

        Attributes:
            id (int):
            represented (str): Organization number, or masked fødselsnummer.
            representative (str): Organization number, or masked fødselsnummer.
            valid_from (datetime.datetime):
            valid_to (datetime.datetime | None): Null: no end.
            revoked_at (datetime.datetime | None):
            created_by (str):
            created_at (datetime.datetime):
            service (None | str | Unset): Null: for every service.
     """

    id: int
    represented: str
    representative: str
    valid_from: datetime.datetime
    valid_to: datetime.datetime | None
    revoked_at: datetime.datetime | None
    created_by: str
    created_at: datetime.datetime
    service: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        represented = self.represented

        representative = self.representative

        valid_from = self.valid_from.isoformat()

        valid_to: None | str
        if isinstance(self.valid_to, datetime.datetime):
            valid_to = self.valid_to.isoformat()
        else:
            valid_to = self.valid_to

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        created_by = self.created_by

        created_at = self.created_at.isoformat()

        service: None | str | Unset
        if isinstance(self.service, Unset):
            service = UNSET
        else:
            service = self.service


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "represented": represented,
            "representative": representative,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "revoked_at": revoked_at,
            "created_by": created_by,
            "created_at": created_at,
        })
        if service is not UNSET:
            field_dict["service"] = service

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        represented = d.pop("represented")

        representative = d.pop("representative")

        valid_from = datetime.datetime.fromisoformat(d.pop("valid_from"))




        def _parse_valid_to(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_to_type_0 = datetime.datetime.fromisoformat(data)



                return valid_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        valid_to = _parse_valid_to(d.pop("valid_to"))


        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)



                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))


        created_by = d.pop("created_by")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_service(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service = _parse_service(d.pop("service", UNSET))


        delegation_output = cls(
            id=id,
            represented=represented,
            representative=representative,
            valid_from=valid_from,
            valid_to=valid_to,
            revoked_at=revoked_at,
            created_by=created_by,
            created_at=created_at,
            service=service,
        )


        delegation_output.additional_properties = d
        return delegation_output

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
