from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.decision_input import DecisionInput





T = TypeVar("T", bound="DecisionBatchInput")



@_attrs_define
class DecisionBatchInput:
    """ Up to 100 questions, answered in order.

        Attributes:
            questions (list[DecisionInput]): 1 to 100 questions, each as in POST /api/v1/decisions/.
     """

    questions: list[DecisionInput]





    def to_dict(self) -> dict[str, Any]:
        from ..models.decision_input import DecisionInput # noqa: PLC0415
        questions = []
        for questions_item_data in self.questions:
            questions_item = questions_item_data.to_dict()
            questions.append(questions_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "questions": questions,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.decision_input import DecisionInput # noqa: PLC0415
        d = dict(src_dict)
        questions = []
        _questions = d.pop("questions")
        for questions_item_data in (_questions):
            questions_item = DecisionInput.from_dict(questions_item_data)



            questions.append(questions_item)


        decision_batch_input = cls(
            questions=questions,
        )

        return decision_batch_input

