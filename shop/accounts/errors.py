from __future__ import annotations

from enum import StrEnum


class AccountErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    UNIQUE = "UNIQUE"
    PASSWORD_TOO_WEAK = "PASSWORD_TOO_WEAK"  # noqa: S105 - an error code, not a password
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    RATE_LIMITED = "RATE_LIMITED"
