"""Checks on query arguments that the GraphQL type system cannot express; failures are INVALID errors."""

from __future__ import annotations

from decimal import Decimal

from shop.core.errors import ApplicationError, ErrorCode

MAX_TEXT = 100
MAX_AMOUNT = Decimal("9999999999.99")


def enum_value(value):
    """The plain value of a GraphQL enum argument (graphene hands over the Python enum member or the raw value)."""
    return getattr(value, "value", value)


def clean_text(value: str | None, *, field: str, max_length: int = MAX_TEXT) -> str | None:
    """``value`` stripped, None when empty; longer than ``max_length`` is refused."""
    if value is None:
        return None
    if len(value) > max_length:
        raise ApplicationError(
            f"`{field}` is longer than {max_length} characters.", code=ErrorCode.INVALID, field=field
        )
    return value.strip() or None


def clean_amount(value: Decimal | None, *, field: str) -> Decimal | None:
    """A finite, non-negative amount with at most two decimal places (send amounts as strings: \"99.50\")."""
    if value is None:
        return None
    if not value.is_finite() or value < 0 or value > MAX_AMOUNT:
        raise ApplicationError(
            f"`{field}` must be an amount between 0 and {MAX_AMOUNT}.", code=ErrorCode.INVALID, field=field
        )
    if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise ApplicationError(
            f'`{field}` has more than two decimal places; send amounts as strings such as "99.50".',
            code=ErrorCode.INVALID,
            field=field,
        )
    return value
