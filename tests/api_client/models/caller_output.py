from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.caller_type_enum import CallerTypeEnum
from typing import cast

if TYPE_CHECKING:
  from ..models.caller_integration_output import CallerIntegrationOutput





T = TypeVar("T", bound="CallerOutput")



@_attrs_define
class CallerOutput:
    """ The acting party of the request.

        Attributes:
            type_ (CallerTypeEnum): * `person` - person
                * `integration` - integration
                * `organization` - organization
            display (str): Human-readable name; identity numbers masked.
            pid (None | str): Masked fødselsnummer (persons only).
            orgnr (None | str): The organization the caller acts as: the token's consumer, or the integration's authorized
                orgnr.
            integration (CallerIntegrationOutput): The integration the caller authenticated as (`IntegrasjonId` +
                `IntegrasjonPassord`).
     """

    type_: CallerTypeEnum
    display: str
    pid: None | str
    orgnr: None | str
    integration: CallerIntegrationOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.caller_integration_output import CallerIntegrationOutput # noqa: PLC0415
        type_ = self.type_.value

        display = self.display

        pid: None | str
        pid = self.pid

        orgnr: None | str
        orgnr = self.orgnr

        integration = self.integration.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "type": type_,
            "display": display,
            "pid": pid,
            "orgnr": orgnr,
            "integration": integration,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.caller_integration_output import CallerIntegrationOutput # noqa: PLC0415
        d = dict(src_dict)
        type_ = CallerTypeEnum(d.pop("type"))




        display = d.pop("display")

        def _parse_pid(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pid = _parse_pid(d.pop("pid"))


        def _parse_orgnr(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        orgnr = _parse_orgnr(d.pop("orgnr"))


        integration = CallerIntegrationOutput.from_dict(d.pop("integration"))




        caller_output = cls(
            type_=type_,
            display=display,
            pid=pid,
            orgnr=orgnr,
            integration=integration,
        )


        caller_output.additional_properties = d
        return caller_output

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
