from enum import StrEnum

class IntegrationActorTypeEnum(StrEnum):
    INTEGRATION = "integration"

    def __str__(self) -> str:
        return str(self.value)
