from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="IntegrationOutput")



@_attrs_define
class IntegrationOutput:
    """ An organization's integration: a vendor system that calls the platform with a Maskinporten token.

        Attributes:
            id (UUID): The integration's id: send it as `IntegrasjonId` when calling as it.
            organization (str): Orgnr of the owning organization.
            name (str):
            description (str):
            authorized_orgnr (str): The orgnr in the calling system's Maskinporten token (its `consumer`).
            is_active (bool): False: the integration cannot authenticate; decisions deny.
            has_password (bool): False until the password is rotated the first time.
            password_set_at (datetime.datetime | None): When the current password was made.
            previous_password_set_at (datetime.datetime | None): When the previous password was made, while it still works
                after a rotation; else null.
            previous_password_expires_at (datetime.datetime | None): When the previous password stops working (end of the
                rotation overlap); null when only the current password works.
            version (int): Version, raised by every change; the `ETag` is this in quotes.
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            grant_count (int | Unset):  Default: 0.
     """

    id: UUID
    organization: str
    name: str
    description: str
    authorized_orgnr: str
    is_active: bool
    has_password: bool
    password_set_at: datetime.datetime | None
    previous_password_set_at: datetime.datetime | None
    previous_password_expires_at: datetime.datetime | None
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    grant_count: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        organization = self.organization

        name = self.name

        description = self.description

        authorized_orgnr = self.authorized_orgnr

        is_active = self.is_active

        has_password = self.has_password

        password_set_at: None | str
        if isinstance(self.password_set_at, datetime.datetime):
            password_set_at = self.password_set_at.isoformat()
        else:
            password_set_at = self.password_set_at

        previous_password_set_at: None | str
        if isinstance(self.previous_password_set_at, datetime.datetime):
            previous_password_set_at = self.previous_password_set_at.isoformat()
        else:
            previous_password_set_at = self.previous_password_set_at

        previous_password_expires_at: None | str
        if isinstance(self.previous_password_expires_at, datetime.datetime):
            previous_password_expires_at = self.previous_password_expires_at.isoformat()
        else:
            previous_password_expires_at = self.previous_password_expires_at

        version = self.version

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        grant_count = self.grant_count


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "organization": organization,
            "name": name,
            "description": description,
            "authorized_orgnr": authorized_orgnr,
            "is_active": is_active,
            "has_password": has_password,
            "password_set_at": password_set_at,
            "previous_password_set_at": previous_password_set_at,
            "previous_password_expires_at": previous_password_expires_at,
            "version": version,
            "created_at": created_at,
            "updated_at": updated_at,
        })
        if grant_count is not UNSET:
            field_dict["grant_count"] = grant_count

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        organization = d.pop("organization")

        name = d.pop("name")

        description = d.pop("description")

        authorized_orgnr = d.pop("authorized_orgnr")

        is_active = d.pop("is_active")

        has_password = d.pop("has_password")

        def _parse_password_set_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                password_set_at_type_0 = datetime.datetime.fromisoformat(data)



                return password_set_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        password_set_at = _parse_password_set_at(d.pop("password_set_at"))


        def _parse_previous_password_set_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                previous_password_set_at_type_0 = datetime.datetime.fromisoformat(data)



                return previous_password_set_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        previous_password_set_at = _parse_previous_password_set_at(d.pop("previous_password_set_at"))


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

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        grant_count = d.pop("grant_count", UNSET)

        integration_output = cls(
            id=id,
            organization=organization,
            name=name,
            description=description,
            authorized_orgnr=authorized_orgnr,
            is_active=is_active,
            has_password=has_password,
            password_set_at=password_set_at,
            previous_password_set_at=previous_password_set_at,
            previous_password_expires_at=previous_password_expires_at,
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            grant_count=grant_count,
        )


        integration_output.additional_properties = d
        return integration_output

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
