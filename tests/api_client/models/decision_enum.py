from enum import StrEnum

class DecisionEnum(StrEnum):
    DENY = "deny"
    PERMIT = "permit"

    def __str__(self) -> str:
        return str(self.value)
