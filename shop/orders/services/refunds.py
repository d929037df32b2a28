"""Refunds and lost disputes: what is refunded of each line, stock given back, the order's status."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from shop.catalog.models import Stock
from shop.core.errors import ApplicationError, ErrorCode
from shop.core.money import Money, round_half_up
from shop.core.outbox import event_publish
from shop.orders.events import ORDER_CHARGED_BACK, ORDER_REFUNDED
from shop.orders.models import Order, OrderEvent, OrderEventType, OrderLine, OrderStatus, Refund, RefundKind, RefundLine
from shop.orders.services.stock import stocks_locked
from shop.orders.services.transitions import REFUNDABLE_STATUSES, order_transition

S = OrderStatus
MAX_REFUND_LINES = 100


def _refund_amount(line: OrderLine, quantity: int) -> Decimal:
    """The part of the line's total refunded for ``quantity`` units: ``round_half_up(total × q / n)``
    in minor units; the refund that completes the line takes exactly what is left."""
    total = Money(line.total_amount, line.currency)
    refunded = line.refund_lines.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if line.quantity_refunded + quantity == line.quantity:
        return (total - Money(refunded, line.currency)).amount
    minor = round_half_up(Fraction(total.minor * quantity, line.quantity))
    return Money.from_minor(minor, line.currency).amount


def order_refund(
    *, order: Order, lines: Sequence[tuple[int, int]], user, reason: str = "", idempotency_key: str | None = None
) -> Refund:
    """Refund ``quantity`` units of each ``(line id, quantity)`` of a paid order.

    Refused with nothing written when: no lines, more than 100, a line twice or of another
    order, a quantity under 1 or over what is left to refund, or the order is not paid. Units
    of an order not yet shipped go back to stock. Publishes ``order.refunded`` (the gateway refund,
    the royalty reversal and the email react to it). Permission is checked at the edge."""
    if not lines:
        raise ApplicationError("Choose at least one line to refund.", code=ErrorCode.REQUIRED, field="lines")
    if len(lines) > MAX_REFUND_LINES:
        raise ApplicationError(f"At most {MAX_REFUND_LINES} lines per refund.", code=ErrorCode.INVALID, field="lines")
    line_ids = [line_id for line_id, _ in lines]
    if len(set(line_ids)) != len(line_ids):
        raise ApplicationError("Each line may appear once.", code=ErrorCode.INVALID, field="lines")
    for _, quantity in lines:
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise ApplicationError("Refund quantities must be at least 1.", code=ErrorCode.INVALID, field="lines")
    with transaction.atomic():
        order = _order_refundable_locked(order.pk)
        refund = _refund_write(
            order=order,
            lines=lines,
            user=user,
            reason=reason,
            idempotency_key=idempotency_key or f"refund:{uuid.uuid4()}",
        )
        event_publish(ORDER_REFUNDED, refund_id=refund.pk)
    return refund


def order_chargeback(*, order_id: int, dispute_reference: str) -> Refund | None:
    """Book a card dispute the shop lost: the card network took the money back, so everything still
    unrefunded on the order is refunded, as a refund whose ``gateway_reference`` is the dispute.

    Royalties reverse exactly as for a refund (after the return window the reversal nets against later
    earnings). No gateway refund is queued (the money is already gone) and no refund email is sent.
    Idempotent by the dispute: a second call returns ``None`` and writes nothing. Whether the disputed
    amount is the whole of what is left is the payment's business (``payments.services``)."""
    key = f"chargeback:{dispute_reference}"
    with transaction.atomic():
        Order.objects.select_for_update().filter(pk=order_id).first()  # serialise with refunds of the order
        if Refund.objects.filter(idempotency_key=key).exists():
            return None
        order = _order_refundable_locked(order_id)
        lines = [
            (line.pk, line.quantity - line.quantity_refunded)
            for line in order.lines.order_by("id")
            if line.quantity > line.quantity_refunded
        ]
        refund = _refund_write(
            order=order,
            lines=lines,
            user=None,
            reason=f"Chargeback: dispute {dispute_reference} lost",
            idempotency_key=key,
            kind=RefundKind.CHARGEBACK,
        )
        refund.gateway_reference = dispute_reference[:120]
        refund.save(update_fields=["gateway_reference"])
        event_publish(ORDER_CHARGED_BACK, refund_id=refund.pk)
    return refund


def _order_refundable_locked(order_id: int) -> Order:
    order = Order.objects.select_for_update().get(pk=order_id)
    if order.status not in REFUNDABLE_STATUSES:
        raise ApplicationError(
            f"Order {order.number} is {order.get_status_display().lower()}; only paid orders are refunded.",
            code=ErrorCode.INVALID_TRANSITION,
            field="number",
        )
    return order


def _refund_write(
    *,
    order: Order,
    lines: Sequence[tuple[int, int]],
    user,
    reason: str,
    idempotency_key: str,
    kind: str = RefundKind.REFUND,
) -> Refund:
    """Inside the caller's transaction, with the order locked: check the lines against what is left,
    write the refund and its lines, give unshipped units back to stock, move the order's status."""
    order_lines = {line.pk: line for line in order.lines.select_related("allocation")}
    for line_id, quantity in lines:
        line = order_lines.get(line_id)
        if line is None:
            raise ApplicationError(f"Line {line_id} is not on this order.", code=ErrorCode.NOT_FOUND, field="lines")
        left = line.quantity - line.quantity_refunded
        if quantity > left:
            raise ApplicationError(
                f"Only {left} of {line.sku} can still be refunded.", code=ErrorCode.INVALID, field="lines"
            )
    amounts = {line_id: _refund_amount(order_lines[line_id], quantity) for line_id, quantity in lines}
    refund = Refund.objects.create(
        order=order,
        kind=kind,
        amount=sum(amounts.values(), Decimal(0)),
        currency=order.currency,
        reason=reason[:255],
        idempotency_key=idempotency_key,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    shipped = order.fulfilled_at is not None
    if not shipped:
        stocks_locked(order_lines[line_id].variant_id for line_id, _ in lines if order_lines[line_id].variant_id)
    for line_id, quantity in sorted(lines):
        line = order_lines[line_id]
        RefundLine.objects.create(refund=refund, order_line=line, quantity=quantity, amount=amounts[line_id])
        OrderLine.objects.filter(pk=line_id).update(quantity_refunded=F("quantity_refunded") + quantity)
        allocation = getattr(line, "allocation", None)
        if not shipped and allocation is not None and allocation.released_at is None:
            give_back = min(quantity, allocation.quantity)
            Stock.objects.filter(pk=allocation.stock_id).update(quantity_allocated=F("quantity_allocated") - give_back)
            allocation.quantity -= give_back
            if allocation.quantity == 0:
                allocation.released_at = timezone.now()
            allocation.save(update_fields=["quantity", "released_at"])
    fully = not OrderLine.objects.filter(order=order, quantity_refunded__lt=F("quantity")).exists()
    order_transition(order, S.REFUNDED if fully else S.PARTIALLY_REFUNDED, data={"refund_id": refund.pk})
    OrderEvent.objects.create(
        order=order, type=OrderEventType.REFUNDED, data={"refund_id": refund.pk, "amount": str(refund.amount)}
    )
    return refund
