from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PasswordOutput")



@_attrs_define
class PasswordOutput:
    """ The integration's new password; store it now, it cannot be read again.

        Attributes:
            password (str): The new password, shown in this response only.
            password_set_at (datetime.datetime):
            previous_password_expires_at (datetime.datetime | None): When the old password stops working; null if it stopped
                at once.
            version (int): The integration's new version (rotating raises it).
     """

    password: str
    password_set_at: datetime.datetime
    previous_password_expires_at: datetime.datetime | None
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        password = self.password

        password_set_at = self.password_set_at.isoformat()

        previous_password_expires_at: None | str
        if isinstance(self.previous_password_expires_at, datetime.datetime):
            previous_password_expires_at = self.previous_password_expires_at.isoformat()
        else:
            previous_password_expires_at = self.previous_password_expires_at

        version = self.version


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "password": password,
            "password_set_at": password_set_at,
            "previous_password_expires_at": previous_password_expires_at,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        password = d.pop("password")

        password_set_at = datetime.datetime.fromisoformat(d.pop("password_set_at"))




        def _parse_previous_password_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_password_expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return previous_password_expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        previous_password_expires_at = _parse_previous_password_expires_at(d.pop("previous_password_expires_at"))


        version = d.pop("version")

        password_output = cls(
            password=password,
            password_set_at=password_set_at,
            previous_password_expires_at=previous_password_expires_at,
            version=version,
        )


        password_output.additional_properties = d
        return password_output

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
