from enum import StrEnum

class CallerTypeEnum(StrEnum):
    INTEGRATION = "integration"
    ORGANIZATION = "organization"
    PERSON = "person"

    def __str__(self) -> str:
        return str(self.value)
