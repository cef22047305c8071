from enum import StrEnum

class ActorTypeEnum(StrEnum):
    INTEGRATION = "integration"
    PERSON = "person"

    def __str__(self) -> str:
        return str(self.value)
