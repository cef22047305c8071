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

if TYPE_CHECKING:
  from ..models.audit_event_output_after_type_0 import AuditEventOutputAfterType0
  from ..models.audit_event_output_before_type_0 import AuditEventOutputBeforeType0





T = TypeVar("T", bound="AuditEventOutput")



@_attrs_define
class AuditEventOutput:
    """ One change recorded in an organization's audit trail.

        Attributes:
            id (UUID):
            time (datetime.datetime):
            channel (str): `web`, `api`, `admin` or `cli`.
            request_id (str):
            actor (str): Who; identity numbers masked.
            on_behalf_of (str): The `OnBehalfOf` party; identity numbers masked.
            action (str): E.g. `integration.create`, `grant.create`, `grant.revoke`.
            target_type (str):
            target_id (str):
            target_display (str):
            before (AuditEventOutputBeforeType0 | None):
            after (AuditEventOutputAfterType0 | None):
            service (None | str | Unset):
     """

    id: UUID
    time: datetime.datetime
    channel: str
    request_id: str
    actor: str
    on_behalf_of: str
    action: str
    target_type: str
    target_id: str
    target_display: str
    before: AuditEventOutputBeforeType0 | None
    after: AuditEventOutputAfterType0 | None
    service: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_event_output_after_type_0 import AuditEventOutputAfterType0 # noqa: PLC0415
        from ..models.audit_event_output_before_type_0 import AuditEventOutputBeforeType0 # noqa: PLC0415
        id = str(self.id)

        time = self.time.isoformat()

        channel = self.channel

        request_id = self.request_id

        actor = self.actor

        on_behalf_of = self.on_behalf_of

        action = self.action

        target_type = self.target_type

        target_id = self.target_id

        target_display = self.target_display

        before: dict[str, Any] | None
        if isinstance(self.before, AuditEventOutputBeforeType0):
            before = self.before.to_dict()
        else:
            before = self.before

        after: dict[str, Any] | None
        if isinstance(self.after, AuditEventOutputAfterType0):
            after = self.after.to_dict()
        else:
            after = self.after

        service: None | str | Unset
        if isinstance(self.service, Unset):
            service = UNSET
        else:
            service = self.service


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "time": time,
            "channel": channel,
            "request_id": request_id,
            "actor": actor,
            "on_behalf_of": on_behalf_of,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "target_display": target_display,
            "before": before,
            "after": after,
        })
        if service is not UNSET:
            field_dict["service"] = service

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_event_output_after_type_0 import AuditEventOutputAfterType0 # noqa: PLC0415
        from ..models.audit_event_output_before_type_0 import AuditEventOutputBeforeType0 # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        time = datetime.datetime.fromisoformat(d.pop("time"))




        channel = d.pop("channel")

        request_id = d.pop("request_id")

        actor = d.pop("actor")

        on_behalf_of = d.pop("on_behalf_of")

        action = d.pop("action")

        target_type = d.pop("target_type")

        target_id = d.pop("target_id")

        target_display = d.pop("target_display")

        def _parse_before(data: object) -> AuditEventOutputBeforeType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                before_type_0 = AuditEventOutputBeforeType0.from_dict(data)



                return before_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditEventOutputBeforeType0 | None, data)

        before = _parse_before(d.pop("before"))


        def _parse_after(data: object) -> AuditEventOutputAfterType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                after_type_0 = AuditEventOutputAfterType0.from_dict(data)



                return after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditEventOutputAfterType0 | None, data)

        after = _parse_after(d.pop("after"))


        def _parse_service(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service = _parse_service(d.pop("service", UNSET))


        audit_event_output = cls(
            id=id,
            time=time,
            channel=channel,
            request_id=request_id,
            actor=actor,
            on_behalf_of=on_behalf_of,
            action=action,
            target_type=target_type,
            target_id=target_id,
            target_display=target_display,
            before=before,
            after=after,
            service=service,
        )


        audit_event_output.additional_properties = d
        return audit_event_output

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
