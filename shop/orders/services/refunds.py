"""Refunds and lost disputes: what is refunded of each line, stock given back, the order's status.

Every refund is recorded here and published as ``order.refunded`` (the gateway refund, the royalty
reversal and the refund email react to it), exactly once per idempotency key: the page's one-time form
key, ``orderRefund(idempotencyKey)``, ``return:<id>`` for a received return, ``chargeback:<dispute>``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext

from shop.catalog.models import Stock
from shop.core.errors import ApplicationError, ErrorCode
from shop.core.money import Money, round_half_up
from shop.core.outbox import event_publish
from shop.orders.errors import OrderErrorCode
from shop.orders.events import ORDER_CHARGED_BACK, ORDER_REFUNDED
from shop.orders.models import Order, OrderEvent, OrderEventType, OrderLine, OrderStatus, Refund, RefundKind, RefundLine
from shop.orders.services.stock import stocks_locked_by_id
from shop.orders.services.transitions import REFUNDABLE_STATUSES, order_status_sync

S = OrderStatus
MAX_REFUND_LINES = 100
IDEMPOTENCY_KEY_MAX = 120  # the column; the API and the pages prefix their keys


def _refund_amount(line: OrderLine, quantity: int) -> Decimal:
    """The part of the line's total refunded for ``quantity`` units: ``round_half_up(total × q / n)``
    in minor units; the refund that completes the line takes exactly what is left."""
    total = Money(line.total_amount, line.currency)
    refunded = line.refund_lines.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if line.quantity_refunded + quantity == line.quantity:
        return (total - Money(refunded, line.currency)).amount
    minor = round_half_up(Fraction(total.minor * quantity, line.quantity))
    return Money.from_minor(minor, line.currency).amount


def _lines_check(lines: Sequence[tuple[int, int]]) -> None:
    if not lines:
        raise ApplicationError(gettext("Choose at least one line to refund."), code=ErrorCode.REQUIRED, field="lines")
    if len(lines) > MAX_REFUND_LINES:
        raise ApplicationError(
            gettext("At most %(max)s lines per refund.") % {"max": MAX_REFUND_LINES},
            code=ErrorCode.INVALID,
            field="lines",
        )
    line_ids = [line_id for line_id, _ in lines]
    if len(set(line_ids)) != len(line_ids):
        raise ApplicationError(gettext("Each line may appear once."), code=ErrorCode.INVALID, field="lines")
    for _, quantity in lines:
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise ApplicationError(
                gettext("Refund quantities must be at least 1."), code=ErrorCode.INVALID, field="lines"
            )


def _held(line: OrderLine) -> int:
    allocation = getattr(line, "allocation", None)
    return allocation.quantity if allocation is not None and allocation.released_at is None else 0


@dataclass(frozen=True, slots=True)
class RefundQuote:
    """What a refund of ``lines`` would pay back: per line ``(order line, units, amount)``, and the total."""

    lines: tuple[tuple[OrderLine, int, Decimal], ...]
    total: Money


def order_refund_quote(*, order: Order, lines: Sequence[tuple[int, int]], returned: bool = False) -> RefundQuote:
    """The amounts a refund of ``lines`` would pay back now, checked as :func:`order_refund` checks them,
    writing nothing (the page's confirm step shows it). ``returned``: the units came back from the
    customer, so only shipped units count (see :func:`refund_record`)."""
    if order.status not in REFUNDABLE_STATUSES:
        raise ApplicationError(
            gettext("Order %(number)s is %(status)s; only paid orders are refunded.")
            % {"number": order.number, "status": order.get_status_display().lower()},
            code=ErrorCode.INVALID_TRANSITION,
            field="number",
        )
    _lines_check(lines)
    order_lines = {line.pk: line for line in order.lines.select_related("allocation")}
    quoted = []
    for line_id, quantity in lines:
        line = order_lines.get(line_id)
        if line is None:
            raise ApplicationError(
                gettext("Line %(line)s is not on this order.") % {"line": line_id},
                code=ErrorCode.NOT_FOUND,
                field="lines",
            )
        left = line.quantity - line.quantity_refunded - (_held(line) if returned else 0)
        if quantity > left:
            raise ApplicationError(
                gettext("Only %(left)s of %(sku)s can still be refunded; that is all that was paid for it.")
                % {"left": max(left, 0), "sku": line.sku},
                code=OrderErrorCode.REFUND_EXCEEDS_PAID,
                field="lines",
            )
        quoted.append((line, quantity, _refund_amount(line, quantity)))
    total = Money(sum((amount for _, _, amount in quoted), Decimal(0)), order.currency)
    already = order.refunds.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if total.amount + already > order.total_amount:
        raise ApplicationError(
            gettext("This would refund more than the %(total)s paid for the order.") % {"total": order.total_amount},
            code=OrderErrorCode.REFUND_EXCEEDS_PAID,
            field="lines",
        )
    return RefundQuote(lines=tuple(quoted), total=total)


def order_refund(
    *, order: Order, lines: Sequence[tuple[int, int]], user, reason: str = "", idempotency_key: str | None = None
) -> Refund:
    """Refund ``quantity`` units of each ``(line id, quantity)`` of a paid order, once per ``idempotency_key``.

    Refused with nothing written when: no lines, more than 100, a line twice or of another
    order, a quantity under 1, more than is left to refund (``REFUND_EXCEEDS_PAID``), or the order is not
    paid. Units not shipped yet are refunded first and go back on sale. The same key again returns the
    refund it made (even concurrently: the order's row lock orders the two, the unique key backs it),
    and a key already used for other lines is ``IDEMPOTENCY_KEY_REUSED``. Publishes ``order.refunded``.
    Who may refund, and that staff give a reason, is checked at the edge."""
    _lines_check(lines)
    key = (idempotency_key or "").strip() or f"refund:{uuid.uuid4()}"
    if len(key) > IDEMPOTENCY_KEY_MAX:
        raise ApplicationError(
            gettext("The idempotency key is longer than %(max)s characters.") % {"max": IDEMPOTENCY_KEY_MAX},
            code=ErrorCode.INVALID,
            field="idempotency_key",
        )
    try:
        with transaction.atomic():
            locked = Order.objects.select_for_update().get(pk=order.pk)
            existing = Refund.objects.filter(idempotency_key=key).first()
            if existing is not None:
                return _replayed(existing, order=locked, lines=lines)
            refund = refund_record(order=locked, lines=lines, user=user, reason=reason, idempotency_key=key)
    except IntegrityError:
        # The same key, sent at the same moment for another order: the other insert won.
        existing = Refund.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return _replayed(existing, order=order, lines=lines)
    return refund


def _replayed(refund: Refund, *, order: Order, lines: Sequence[tuple[int, int]]) -> Refund:
    asked = sorted(tuple(pair) for pair in lines)
    made = sorted(refund.lines.values_list("order_line_id", "quantity"))
    if refund.order_id != order.pk or made != asked:
        raise ApplicationError(
            gettext("This idempotency key was already used for another refund."),
            code=OrderErrorCode.IDEMPOTENCY_KEY_REUSED,
            field="idempotency_key",
        )
    return refund


def refund_record(
    *,
    order: Order,
    lines: Sequence[tuple[int, int]],
    user,
    reason: str,
    idempotency_key: str,
    returned: bool = False,
    kind: str = RefundKind.REFUND,
) -> Refund:
    """Inside the caller's transaction, with ``order`` locked: check the lines (:func:`order_refund_quote`),
    write the refund and its lines, move the order's status and publish ``order.refunded``
    (``order.charged_back`` for a chargeback).

    A refund takes a line's units that have not shipped first (they go back on sale); ``returned`` refunds
    only shipped units, which came back through a return (the return decides about their stock)."""
    quote = order_refund_quote(order=order, lines=lines, returned=returned)
    refund = Refund.objects.create(
        order=order,
        kind=kind,
        amount=quote.total.amount,
        currency=order.currency,
        reason=reason[:255],
        idempotency_key=idempotency_key,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    give_back = {} if returned else {line.pk: min(quantity, _held(line)) for line, quantity, _ in quote.lines}
    give_back = {line_id: units for line_id, units in give_back.items() if units}
    quoted = {line.pk: line for line, _, _ in quote.lines}
    stocks_locked_by_id(quoted[line_id].allocation.stock_id for line_id in give_back)
    for line, quantity, amount in sorted(quote.lines, key=lambda item: item[0].pk):
        RefundLine.objects.create(refund=refund, order_line=line, quantity=quantity, amount=amount)
        OrderLine.objects.filter(pk=line.pk).update(quantity_refunded=F("quantity_refunded") + quantity)
        units = give_back.get(line.pk)
        if units:
            allocation = line.allocation
            Stock.objects.filter(pk=allocation.stock_id).update(quantity_allocated=F("quantity_allocated") - units)
            allocation.quantity -= units
            if allocation.quantity == 0:
                allocation.released_at = timezone.now()
            allocation.save(update_fields=["quantity", "released_at"])
    OrderEvent.objects.create(
        order=order,
        type=OrderEventType.REFUNDED,
        user=user if user is not None and user.is_authenticated else None,
        data={"refund_id": refund.pk, "amount": str(refund.amount), "reason": reason[:255]},
    )
    order_status_sync(order, user=user, data={"refund_id": refund.pk})
    event_publish(ORDER_CHARGED_BACK if kind == RefundKind.CHARGEBACK else ORDER_REFUNDED, refund_id=refund.pk)
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
        order = Order.objects.select_for_update().get(pk=order_id)  # serialise with refunds of the order
        if Refund.objects.filter(idempotency_key=key).exists():
            return None
        lines = [
            (line.pk, line.quantity - line.quantity_refunded)
            for line in order.lines.order_by("id")
            if line.quantity > line.quantity_refunded
        ]
        refund = refund_record(
            order=order,
            lines=lines,
            user=None,
            reason=f"Chargeback: dispute {dispute_reference} lost",
            idempotency_key=key,
            kind=RefundKind.CHARGEBACK,
        )
        refund.gateway_reference = dispute_reference[:120]
        refund.save(update_fields=["gateway_reference"])
    return refund
