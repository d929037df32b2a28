from __future__ import annotations

from enum import StrEnum

from shop.core.errors import ApplicationError


class CheckoutErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"
    LICENCE_INACTIVE = "LICENCE_INACTIVE"
    PRICE_CHANGED = "PRICE_CHANGED"
    VARIANT_UNAVAILABLE = "VARIANT_UNAVAILABLE"
    QUANTITY_OUT_OF_RANGE = "QUANTITY_OUT_OF_RANGE"
    TOO_MANY_LINES = "TOO_MANY_LINES"
    INVALID_PHONE = "INVALID_PHONE"
    INVALID_POSTAL_CODE = "INVALID_POSTAL_CODE"
    INVALID_TRANSITION = "INVALID_TRANSITION"


class CheckoutLineError(ApplicationError):
    """An error about one line: carries the line's and the variant's id so clients can point at it."""

    def __init__(self, message: str, *, code: str, line_id: int | None = None, variant_id: int | None = None) -> None:
        super().__init__(message, code=code, field="lines")
        self.line_id = line_id
        self.variant_id = variant_id
