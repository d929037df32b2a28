"""One error hierarchy for the domain; mapped to GraphQL ``errors`` or form errors at the edge."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


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


# Django's codes for a unique field or a set of fields already taken (``Model.validate_unique``).
_DJANGO_UNIQUE_CODES = frozenset({"unique", "unique_together"})


def application_error_from_validation(exc: ValidationError) -> ApplicationError:
    """Django's validation (``full_clean``) as the domain's refusal, keeping every message: one error per
    message, on its field (``None`` for the whole object), coded ``UNIQUE`` where Django says the value is
    taken and ``INVALID`` otherwise; several come as one ``ValidationFailed``."""
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
    errors: list[ApplicationError] = []
    for field, field_errors in by_field.items():
        for error in field_errors:
            code = ErrorCode.UNIQUE if error.code in _DJANGO_UNIQUE_CODES else ErrorCode.INVALID
            for message in error:  # a ValidationError iterates over its messages with their params filled in
                errors.append(ApplicationError(message, code=code, field=None if field == NON_FIELD_ERRORS else field))
    if not errors:
        return ApplicationError(str(exc), code=ErrorCode.INVALID)
    return errors[0] if len(errors) == 1 else ValidationFailed(errors)


def full_clean_or_refuse(instance) -> None:
    """``instance.full_clean()``, with a refusal raised as ``ApplicationError`` (see
    :func:`application_error_from_validation`) so that callers map one kind of error."""
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise application_error_from_validation(exc) from exc
