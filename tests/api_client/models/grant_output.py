from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.actor_ref_output import ActorRefOutput





T = TypeVar("T", bound="GrantOutput")



@_attrs_define
class GrantOutput:
    """ A grant: an actor holds a privilege on an organization (`service` null) or on one of its services.

        Attributes:
            id (int):
            privilege (str):
            actor (ActorRefOutput): Who holds the grant: a person (pid masked) or an integration.
            orgnr (str):
            granted_at (datetime.datetime):
            granted_by (str):
            service (None | str | Unset): Null: granted on the whole organization.
     """

    id: int
    privilege: str
    actor: ActorRefOutput
    orgnr: str
    granted_at: datetime.datetime
    granted_by: str
    service: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.actor_ref_output import ActorRefOutput # noqa: PLC0415
        id = self.id

        privilege = self.privilege

        actor = self.actor.to_dict()

        orgnr = self.orgnr

        granted_at = self.granted_at.isoformat()

        granted_by = self.granted_by

        service: None | str | Unset
        if isinstance(self.service, Unset):
            service = UNSET
        else:
            service = self.service


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "privilege": privilege,
            "actor": actor,
            "orgnr": orgnr,
            "granted_at": granted_at,
            "granted_by": granted_by,
        })
        if service is not UNSET:
            field_dict["service"] = service

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.actor_ref_output import ActorRefOutput # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        privilege = d.pop("privilege")

        actor = ActorRefOutput.from_dict(d.pop("actor"))




        orgnr = d.pop("orgnr")

        granted_at = datetime.datetime.fromisoformat(d.pop("granted_at"))




        granted_by = d.pop("granted_by")

        def _parse_service(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service = _parse_service(d.pop("service", UNSET))


        grant_output = cls(
            id=id,
            privilege=privilege,
            actor=actor,
            orgnr=orgnr,
            granted_at=granted_at,
            granted_by=granted_by,
            service=service,
        )


        grant_output.additional_properties = d
        return grant_output

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
