from __future__ import annotations

from enum import StrEnum

from shop.core.errors import ApplicationError, ErrorCode


class OrderErrorCode(StrEnum):
    REQUIRED = "REQUIRED"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"


class InsufficientStock(ApplicationError):
    """Some variants lack the stock asked for; ``shortages`` maps variant id → units available."""

    def __init__(self, shortages: dict[int, int]) -> None:
        super().__init__("Not enough stock.", code=ErrorCode.INSUFFICIENT_STOCK, field="lines")
        self.shortages = shortages
