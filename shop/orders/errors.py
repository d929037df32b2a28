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
    # Fulfilment, delivery, returns and refunds (the back office and the shopper's order page).
    UNKNOWN_CARRIER = "UNKNOWN_CARRIER"
    INVALID_TRACKING_NUMBER = "INVALID_TRACKING_NUMBER"
    FULFIL_QUANTITY_EXCEEDED = "FULFIL_QUANTITY_EXCEEDED"
    RETURN_QUANTITY_EXCEEDED = "RETURN_QUANTITY_EXCEEDED"
    RETURN_WINDOW_CLOSED = "RETURN_WINDOW_CLOSED"
    REFUND_EXCEEDS_PAID = "REFUND_EXCEEDS_PAID"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"


class InsufficientStock(ApplicationError):
    """Some variants lack the stock asked for; ``shortages`` maps variant id → units available."""

    def __init__(self, shortages: dict[int, int]) -> None:
        super().__init__("Not enough stock.", code=ErrorCode.INSUFFICIENT_STOCK, field="lines")
        self.shortages = shortages


class InsufficientStockAtCommit(InsufficientStock):
    """A stock row was short when the allocation that commits the transaction wrote it (the
    ``stock_no_oversell`` constraint refused the write, so nothing was committed). The transaction is
    aborted, so the free units could not be read in it: ``requested`` maps variant id → units asked, and
    whoever catches this reads the free units after the rollback (``shortages`` is empty)."""

    def __init__(self, requested: dict[int, int]) -> None:
        super().__init__({})
        self.requested = requested
