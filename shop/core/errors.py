"""One error hierarchy for the domain; mapped to GraphQL ``errors`` or form errors at the edge."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Codes every app may raise. Apps add their own in their ``errors.py``."""

    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    UNIQUE = "UNIQUE"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    LICENCE_INACTIVE = "LICENCE_INACTIVE"
    INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"
    CATEGORY_NOT_LICENSED = "CATEGORY_NOT_LICENSED"
    SHARES_DO_NOT_SUM = "SHARES_DO_NOT_SUM"
    RATES_EXCEED_TOTAL = "RATES_EXCEED_TOTAL"
    RATE_OUT_OF_RANGE = "RATE_OUT_OF_RANGE"


class ApplicationError(Exception):
    """An expected failure of a business rule: carries a code, the input field and a message."""

    def __init__(self, message: str, *, code: str = ErrorCode.INVALID, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = str(code)
        self.field = field

    @property
    def errors(self) -> list[ApplicationError]:
        """Every field error this refusal stands for: itself (``ValidationFailed`` holds several)."""
        return [self]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, field={self.field!r}, message={self.message!r})"


class ValidationFailed(ApplicationError):
    """Several field errors at once (a form or a mutation input)."""

    def __init__(self, errors: list[ApplicationError]) -> None:
        first = errors[0]
        super().__init__(first.message, code=first.code, field=first.field)
        self._errors = errors

    @property
    def errors(self) -> list[ApplicationError]:
        return self._errors
