"""What the catalogue's admin modules share."""

from django.core.exceptions import ValidationError

from shop.core.errors import ApplicationError


def as_validation_error(exc: ApplicationError) -> ValidationError:
    """A service's refusal as a form error, keeping its code."""
    return ValidationError(exc.message, code=exc.code)
