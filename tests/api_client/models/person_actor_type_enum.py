from enum import StrEnum

class PersonActorTypeEnum(StrEnum):
    PERSON = "person"

    def __str__(self) -> str:
        return str(self.value)
