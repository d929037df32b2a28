"""What the payments app tells an order about its money after the order stopped awaiting it.

A cancelled order's open payment is cancelled at the gateway (``order.cancelled`` → the payments task), and
the order's timeline says so. If the gateway collected the money anyway (the shopper paid in the moment
before the cancel reached the gateway, or the order expired and its stock was gone), the money is not kept:
:func:`order_late_payment_refund` books a full refund of that payment, once, and publishes
``order.late_payment_refunded`` (the gateway refund and the customer's email react to it). A gateway failure
that no retry will mend is put on the order's timeline with :func:`order_payment_problem_record`, where
operations see it (and in the back office's "Payment issues" queue).
"""

from __future__ import annotations

from django.db import transaction

from shop.core.errors import ApplicationError
from shop.core.money import Money
from shop.core.outbox import event_publish
from shop.orders.errors import OrderErrorCode
from shop.orders.events import ORDER_LATE_PAYMENT_REFUNDED
from shop.orders.models import Order, OrderEvent, OrderEventType, Refund, RefundKind
from shop.orders.services.transitions import PAID_STATUSES

MESSAGE_MAX = 500


def order_late_payment_refund(*, order_id: int, payment_reference: str, amount_minor: int, currency: str) -> Refund:
    """Book the return of a whole payment (``payment_reference``: the gateway's intent id) that came in after
    the order stopped awaiting payment; the same payment again returns the refund already booked.

    Nothing was sold, so no line, stock or royalty changes and the order keeps its status; the refund is on
    the order's timeline (the customer sees it) and in its refunds. Raises ``INVALID_TRANSITION`` for an order
    that is paid (its payment is its own business) and ``INVALID`` for a payment with nothing collected."""
    if amount_minor <= 0 or not payment_reference:
        raise ApplicationError(
            "A late payment needs a reference and an amount.", code=OrderErrorCode.INVALID, field="amount"
        )
    key = f"late-payment:{payment_reference}"[:120]
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        existing = Refund.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing
        if order.status in PAID_STATUSES:
            raise ApplicationError(
                f"Order {order.number} is paid; its payments are not late.",
                code=OrderErrorCode.INVALID_TRANSITION,
                field="number",
            )
        amount = Money.from_minor(amount_minor, currency.upper())
        refund = Refund.objects.create(
            order=order,
            kind=RefundKind.LATE_PAYMENT,
            amount=amount.amount,
            currency=amount.currency,
            reason=f"Payment received while the order was {order.status}; returned in full",
            idempotency_key=key,
            payment_reference=payment_reference[:120],
        )
        OrderEvent.objects.create(
            order=order,
            type=OrderEventType.REFUNDED,
            key=key,
            data={
                "refund_id": refund.pk,
                "amount": str(refund.amount),
                "kind": RefundKind.LATE_PAYMENT,
                "order_status": order.status,
                "payment_reference": refund.payment_reference,
            },
        )
        event_publish(ORDER_LATE_PAYMENT_REFUNDED, refund_id=refund.pk)
    return refund


def order_payment_cancelled_record(*, order_id: int, payment_reference: str) -> OrderEvent | None:
    """Note on the order's timeline that its payment ``payment_reference`` can no longer be paid; once."""
    event, _ = OrderEvent.objects.get_or_create(
        key=f"payment-cancelled:{payment_reference}"[:120],
        defaults={
            "order_id": order_id,
            "type": OrderEventType.PAYMENT_CANCELLED,
            "data": {"payment_reference": payment_reference},
        },
    )
    return event


def order_payment_problem_record(*, order_id: int, what: str, message: str, key: str) -> OrderEvent:
    """Put a gateway failure that retrying will not mend on the order's timeline for operations (``what``:
    ``cancel`` or ``refund``), once per ``key``; returns the event (the first one under that key)."""
    event, _ = OrderEvent.objects.get_or_create(
        key=f"payment-problem:{key}"[:120],
        defaults={
            "order_id": order_id,
            "type": OrderEventType.PAYMENT_PROBLEM,
            "message": message[:255],
            "data": {"what": what, "message": message[:MESSAGE_MAX]},
        },
    )
    return event
