"""An order after placement: paid (once), expired, cancelled; staff notes on it. Shipping, delivery, returns
and refunds have their own modules."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from shop.core.errors import ApplicationError
from shop.core.outbox import event_publish
from shop.orders.errors import InsufficientStock, OrderErrorCode
from shop.orders.events import ORDER_CANCELLED, ORDER_PAID
from shop.orders.models import Allocation, Order, OrderEvent, OrderEventType, OrderStatus
from shop.orders.services.stock import allocations_release, stock_allocate
from shop.orders.services.transitions import PAID_STATUSES, order_transition

S = OrderStatus


def order_mark_paid(*, order: Order, payment_id: int | None = None, paid_at: datetime | None = None) -> Order:
    """Mark the order paid; idempotent (an order already paid, shipped or refunded is returned
    unchanged and nothing is queued twice).

    ``paid_at`` is when the gateway collected the money (its event's time), kept between the order's
    creation and now; default now. It decides the royalty month, so a payment made at 23:59 on the
    last day of a month whose webhook is processed after midnight still counts in that month.

    An expired order is revived when its stock can be allocated again; otherwise
    ``INSUFFICIENT_STOCK`` is raised and the order stays expired (the payment must be
    refunded). A cancelled order raises ``INVALID_TRANSITION``. On success ``order.paid`` is
    published in the same transaction (the "paid" email and the royalty entries react to it)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status in PAID_STATUSES:
            return order
        if order.status == S.EXPIRED:
            lines = list(order.lines.select_related("allocation"))
            quantities: dict[int, int] = {}
            for line in lines:
                if line.variant_id is None:
                    raise InsufficientStock({})
                quantities[line.variant_id] = quantities.get(line.variant_id, 0) + line.quantity
            stock_allocate(quantities=quantities)
            for line in lines:
                Allocation.objects.filter(order_line=line).update(quantity=line.quantity, released_at=None)
        now = timezone.now()
        paid_at = min(max(paid_at, order.created_at), now) if paid_at is not None else now
        order_transition(order, S.PAID, data={"payment_id": payment_id}, key=f"paid:{order.pk}", at=paid_at)
        event_publish(ORDER_PAID, order_id=order.pk)
    return order


def order_expire(*, order: Order) -> bool:
    """Expire an unpaid order whose time is up and release its stock. False (and no change)
    when it was paid, cancelled or extended meanwhile."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != S.UNPAID or order.expires_at is None or order.expires_at > timezone.now():
            return False
        allocations_release(order)
        order_transition(order, S.EXPIRED)
    return True


def order_expire_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Expire every unpaid order past its time (each in its own transaction); returns how many."""
    now = now or timezone.now()
    due = Order.objects.filter(status=S.UNPAID, expires_at__lte=now).order_by("expires_at").values_list("pk", flat=True)
    return sum(order_expire(order=Order(pk=pk)) for pk in list(due[:limit]))


def order_cancel(*, order: Order, user=None, reason: str = "") -> Order:
    """Cancel an unpaid order and release its stock; publishes ``order.cancelled`` (the customer is told).
    Anything but an unpaid order is ``INVALID_TRANSITION`` (a paid order is refunded instead)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != S.UNPAID:
            raise ApplicationError(
                gettext("Only an order awaiting payment can be cancelled; order %(number)s is %(status)s.")
                % {"number": order.number, "status": order.get_status_display().lower()}
                + (" " + gettext("Refund it instead.") if order.status in PAID_STATUSES else ""),
                code=OrderErrorCode.INVALID_TRANSITION,
                field="number",
            )
        order_transition(order, S.CANCELLED, user=user, data={"reason": reason[:255]} if reason else None)
        allocations_release(order)
        event_publish(ORDER_CANCELLED, order_id=order.pk)
    return order


NOTE_MAX = 1000


def order_note_add(*, order: Order, text: str, user) -> OrderEvent:
    """A staff note on the order's timeline (internal: customers never see it); 1 to 1000 characters."""
    text = (text or "").strip()
    if not text:
        raise ApplicationError(gettext("Write the note first."), code=OrderErrorCode.REQUIRED, field="text")
    if len(text) > NOTE_MAX:
        raise ApplicationError(
            gettext("Keep a note under %(max)s characters.") % {"max": NOTE_MAX},
            code=OrderErrorCode.INVALID,
            field="text",
        )
    return OrderEvent.objects.create(
        order=order,
        type=OrderEventType.NOTE_ADDED,
        message=text[:255],
        data={"text": text},
        user=user if user is not None and user.is_authenticated else None,
    )
