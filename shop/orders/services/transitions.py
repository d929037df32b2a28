"""The order state machine: the only allowed status changes, and the one function that makes them."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from shop.core.errors import ApplicationError, ErrorCode
from shop.orders.models import Order, OrderEvent, OrderEventType, OrderStatus

S = OrderStatus
# The only allowed status changes. EXPIRED → PAID: a payment that lands after expiry still
# counts when its stock can be taken again (otherwise the payment is refunded by payments).
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    S.UNPAID: frozenset({S.PAID, S.CANCELLED, S.EXPIRED}),
    S.EXPIRED: frozenset({S.PAID}),
    S.PAID: frozenset({S.FULFILLED, S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.FULFILLED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED, S.FULFILLED}),
    S.REFUNDED: frozenset(),
    S.CANCELLED: frozenset(),
}
PAID_STATUSES = frozenset({S.PAID, S.FULFILLED, S.PARTIALLY_REFUNDED, S.REFUNDED})
REFUNDABLE_STATUSES = frozenset({S.PAID, S.FULFILLED, S.PARTIALLY_REFUNDED})


def order_can_transition(*, order: Order, to: str) -> bool:
    return to in ORDER_TRANSITIONS.get(order.status, frozenset())


def order_transition(
    order: Order, to: str, *, data: dict | None = None, key: str | None = None, at: datetime | None = None
) -> None:
    """Move a locked order to ``to`` (refused unless the map allows it) and record the event; the state's
    timestamp (``paid_at``…) is ``at``, default now."""
    if not order_can_transition(order=order, to=to):
        raise ApplicationError(
            f"Order {order.number} cannot go from {order.get_status_display()} to {OrderStatus(to).label}.",
            code=ErrorCode.INVALID_TRANSITION,
            field="status",
        )
    previous = order.status
    now = at or timezone.now()
    order.status = to
    fields = ["status"]
    stamp = {S.PAID: "paid_at", S.FULFILLED: "fulfilled_at", S.CANCELLED: "cancelled_at", S.EXPIRED: "cancelled_at"}
    if to in stamp and getattr(order, stamp[to]) is None:
        setattr(order, stamp[to], now)
        fields.append(stamp[to])
    order.save(update_fields=fields)
    OrderEvent.objects.create(
        order=order,
        type=OrderEventType.STATUS_CHANGED,
        message=f"{previous} → {to}",
        data={"from": previous, "to": to, **(data or {})},
        key=key,
    )
