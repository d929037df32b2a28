"""The order state machine: the only allowed status changes, the one function that makes them, and the one
rule that says which status a paid order's facts (shipped, delivered, returned, refunded units) put it in."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from shop.core.errors import ApplicationError, ErrorCode
from shop.orders.models import (
    Allocation,
    Fulfillment,
    Order,
    OrderEvent,
    OrderEventType,
    OrderLine,
    OrderStatus,
    ReturnLine,
)

S = OrderStatus
# The only allowed status changes. EXPIRED → PAID: a payment that lands after expiry still counts when
# its stock can be taken again (otherwise the payment is refunded by payments). After payment the status
# follows the facts (see ``order_status_for``): it moves forward as units ship, arrive, come back or are
# refunded, and never back (a delivered order does not become "shipped" again).
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    S.UNPAID: frozenset({S.PAID, S.CANCELLED, S.EXPIRED}),
    S.EXPIRED: frozenset({S.PAID}),
    S.PAID: frozenset({S.PARTIALLY_FULFILLED, S.FULFILLED, S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset({S.PARTIALLY_FULFILLED, S.FULFILLED, S.REFUNDED}),
    S.PARTIALLY_FULFILLED: frozenset({S.FULFILLED, S.DELIVERED, S.RETURNED, S.REFUNDED}),
    S.FULFILLED: frozenset({S.DELIVERED, S.RETURNED, S.REFUNDED}),
    S.DELIVERED: frozenset({S.RETURNED, S.REFUNDED}),
    S.RETURNED: frozenset({S.REFUNDED}),
    S.REFUNDED: frozenset(),
    S.CANCELLED: frozenset(),
}
PAID_STATUSES = frozenset(
    {S.PAID, S.PARTIALLY_REFUNDED, S.PARTIALLY_FULFILLED, S.FULFILLED, S.DELIVERED, S.RETURNED, S.REFUNDED}
)
REFUNDABLE_STATUSES = PAID_STATUSES - {S.REFUNDED}
# Paid orders with units still waiting to ship: the back office's "to ship" queue.
TO_SHIP_STATUSES = frozenset({S.PAID, S.PARTIALLY_REFUNDED, S.PARTIALLY_FULFILLED})
# The timestamp a status sets the first time an order reaches it.
_STAMPS = {
    S.PAID: "paid_at",
    S.FULFILLED: "fulfilled_at",
    S.DELIVERED: "delivered_at",
    S.CANCELLED: "cancelled_at",
    S.EXPIRED: "cancelled_at",
}


def order_can_transition(*, order: Order, to: str) -> bool:
    return to in ORDER_TRANSITIONS.get(order.status, frozenset())


def order_transition(
    order: Order,
    to: str,
    *,
    data: dict | None = None,
    key: str | None = None,
    at: datetime | None = None,
    user=None,
) -> None:
    """Move a locked order to ``to`` (refused unless the map allows it) and record the event; the state's
    timestamp (``paid_at``…) and the event's time are ``at``, default now."""
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
    if to in _STAMPS and getattr(order, _STAMPS[to]) is None:
        setattr(order, _STAMPS[to], now)
        fields.append(_STAMPS[to])
    order.save(update_fields=fields)
    OrderEvent.objects.create(
        order=order,
        type=OrderEventType.STATUS_CHANGED,
        message=f"{previous} → {to}",
        data={"from": previous, "to": to, **(data or {})},
        key=key,
        user=user if user is not None and getattr(user, "is_authenticated", False) else None,
        created_at=now,  # when it happened (a payment or a parcel recorded later keeps its own time)
    )


def order_status_for(order: Order) -> tuple[str, datetime | None]:
    """The status the facts of a paid order put it in, and for DELIVERED when the last parcel arrived.

    In order: every unit refunded → REFUNDED; units still to ship → PARTIALLY_FULFILLED when some shipped,
    PARTIALLY_REFUNDED when some were refunded instead, else PAID; nothing left to ship and a return
    received → RETURNED; every parcel delivered → DELIVERED; else FULFILLED. An order with nothing left to
    ship and nothing shipped (everything refunded) is REFUNDED by the first rule."""
    lines = OrderLine.objects.filter(order=order).aggregate(
        units=Coalesce(Sum("quantity"), 0),
        refunded=Coalesce(Sum("quantity_refunded"), 0),
        shipped=Coalesce(Sum("quantity_fulfilled"), 0),
    )
    held = Allocation.objects.filter(order_line__order=order, released_at__isnull=True).aggregate(
        held=Coalesce(Sum("quantity"), 0)
    )["held"]
    if lines["refunded"] >= lines["units"]:
        return S.REFUNDED, None
    if held > 0:
        if lines["shipped"] > 0:
            return S.PARTIALLY_FULFILLED, None
        return (S.PARTIALLY_REFUNDED if lines["refunded"] > 0 else S.PAID), None
    if ReturnLine.objects.filter(order_line__order=order, quantity_received__gt=0).exists():
        return S.RETURNED, None
    parcels = Fulfillment.objects.filter(order=order)
    if parcels.exists() and not parcels.filter(delivered_at__isnull=True).exists():
        return S.DELIVERED, parcels.aggregate(last=Max("delivered_at"))["last"]
    return S.FULFILLED, None


def order_status_sync(order: Order, *, user=None, data: dict | None = None, at: datetime | None = None) -> str:
    """Move a locked, paid order to the status its facts call for (:func:`order_status_for`), through the
    map; nothing happens when it is there already. ``at`` (default now) is when the change happened, for a
    status whose facts do not say (a parcel recorded as shipped earlier). Returns the status."""
    status, when = order_status_for(order)
    if status != order.status:
        order_transition(order, status, data=data, at=when or at, user=user)
    return order.status
