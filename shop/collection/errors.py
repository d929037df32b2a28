from enum import StrEnum


class CollectionErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    UNIQUE = "UNIQUE"
    SHARES_DO_NOT_SUM = "SHARES_DO_NOT_SUM"
    RATE_OUT_OF_RANGE = "RATE_OUT_OF_RANGE"
