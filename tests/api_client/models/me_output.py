from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.caller_output import CallerOutput
  from ..models.effective_privilege_output import EffectivePrivilegeOutput
  from ..models.on_behalf_of_output import OnBehalfOfOutput
  from ..models.token_output import TokenOutput





T = TypeVar("T", bound="MeOutput")



@_attrs_define
class MeOutput:
    """ Who is calling, on whose behalf, what the token says, and the caller's own grants.

        Attributes:
            caller (CallerOutput): The acting party of the request.
            token (TokenOutput): Facts from the access token.
            on_behalf_of (OnBehalfOfOutput): The party from the `OnBehalfOf` header.
            privileges (list[EffectivePrivilegeOutput]):
     """

    caller: CallerOutput
    token: TokenOutput
    on_behalf_of: OnBehalfOfOutput
    privileges: list[EffectivePrivilegeOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.caller_output import CallerOutput # noqa: PLC0415
        from ..models.effective_privilege_output import EffectivePrivilegeOutput # noqa: PLC0415
        from ..models.on_behalf_of_output import OnBehalfOfOutput # noqa: PLC0415
        from ..models.token_output import TokenOutput # noqa: PLC0415
        caller = self.caller.to_dict()

        token = self.token.to_dict()

        on_behalf_of = self.on_behalf_of.to_dict()

        privileges = []
        for privileges_item_data in self.privileges:
            privileges_item = privileges_item_data.to_dict()
            privileges.append(privileges_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "caller": caller,
            "token": token,
            "on_behalf_of": on_behalf_of,
            "privileges": privileges,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.caller_output import CallerOutput # noqa: PLC0415
        from ..models.effective_privilege_output import EffectivePrivilegeOutput # noqa: PLC0415
        from ..models.on_behalf_of_output import OnBehalfOfOutput # noqa: PLC0415
        from ..models.token_output import TokenOutput # noqa: PLC0415
        d = dict(src_dict)
        caller = CallerOutput.from_dict(d.pop("caller"))




        token = TokenOutput.from_dict(d.pop("token"))




        on_behalf_of = OnBehalfOfOutput.from_dict(d.pop("on_behalf_of"))




        privileges = []
        _privileges = d.pop("privileges")
        for privileges_item_data in (_privileges):
            privileges_item = EffectivePrivilegeOutput.from_dict(privileges_item_data)



            privileges.append(privileges_item)


        me_output = cls(
            caller=caller,
            token=token,
            on_behalf_of=on_behalf_of,
            privileges=privileges,
        )


        me_output.additional_properties = d
        return me_output

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
