"""Order placement, status transitions, stock allocation, refunds and order emails.

Every status change goes through :data:`ORDER_TRANSITIONS` (one explicit map). Stock rows are
always locked in ascending id order, so concurrent writers queue instead of deadlocking; the
``stock_no_oversell`` constraint backs the arithmetic. Work for later (emails, royalties,
gateway refunds) is written to the outbox in the same transaction as the change.

Public surface: other apps call the orders app through this module (writes and business rules) and
``selectors`` (reads); besides those they use only its models, error codes and GraphQL types.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation

from shop.catalog.models import ProductVariant, Stock
from shop.core.errors import ApplicationError, ErrorCode
from shop.core.money import Money, net_of_vat_minor, round_half_up
from shop.core.outbox import outbox_enqueue, outbox_task_registered
from shop.orders.errors import InsufficientStock
from shop.orders.models import (
    Allocation,
    Order,
    OrderEvent,
    OrderEventType,
    OrderLine,
    OrderStatus,
    Refund,
    RefundKind,
    RefundLine,
)

logger = logging.getLogger(__name__)

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

EMAIL_TASK = "worker.tasks.orders.order_email_task"
REFUND_EMAIL_TASK = "worker.tasks.orders.refund_email_task"
ROYALTY_ORDER_TASK = "worker.tasks.royalties.royalty_record_order_task"
ROYALTY_REFUND_TASK = "worker.tasks.royalties.royalty_record_refund_task"
PAYMENT_REFUND_TASK = "worker.tasks.payments.payment_refund_task"

MAX_REFUND_LINES = 100
_NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I


def order_can_transition(*, order: Order, to: str) -> bool:
    return to in ORDER_TRANSITIONS.get(order.status, frozenset())


def _transition(
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


def _enqueue_if_registered(task_name: str, kwargs: dict) -> None:
    """Queue a task another app ships (royalties, payments) once it is deployed."""
    if outbox_task_registered(task_name):
        outbox_enqueue(task_name=task_name, kwargs=kwargs)
    else:
        logger.info("task %s not registered; not queued for %s", task_name, kwargs)


# --- numbers and snapshots -------------------------------------------------------------------


def order_number_new() -> str:
    """A fresh order number: ``BC`` and 10 unambiguous characters (~10^15 values)."""
    return "BC" + "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(10))


def order_line_snapshot(*, variant: ProductVariant) -> dict:
    """Everything an order line keeps of the catalogue at sale time, including the royalty terms
    (the shape documented on ``OrderLine``). ``variant`` should come with its product, design,
    usages, licences and shares prefetched."""
    product = variant.product
    design = product.design
    usages = []
    for usage in design.usages.all():
        licence = usage.licence
        usages.append(
            {
                "licence_id": licence.pk,
                "weight_bp": usage.weight_bp,
                "museum_rate_bp": licence.museum_rate_bp,
                "shares": sorted([share.museum_id, share.share_bp] for share in licence.shares.all()),
            }
        )
    return {
        "product_name_en": product.name_en,
        "product_name_zh": product.name_zh,
        "variant_name": variant.name_en or variant.name_zh,
        "sku": variant.sku,
        "design_id_snapshot": design.pk,
        "licence_ids": [usage["licence_id"] for usage in usages],
        "royalty_snapshot": {
            "design_id": design.pk,
            "designer_id": design.designer_id,
            "designer_rate_bp": design.designer_rate_bp,
            "usages": usages,
        },
    }


# --- stock -------------------------------------------------------------------------------------


def _stocks_locked(variant_ids: Iterable[int]) -> dict[int, Stock]:
    """Lock the stock rows of ``variant_ids`` in ascending id order (no deadlocks); by variant id."""
    stocks = Stock.objects.select_for_update().filter(variant_id__in=set(variant_ids)).order_by("id")
    return {stock.variant_id: stock for stock in stocks}


def stock_allocate(*, quantities: dict[int, int]) -> dict[int, Stock]:
    """Reserve ``quantities`` (variant id → units) inside the caller's transaction.

    All or nothing: raises :class:`InsufficientStock` naming every short variant before
    changing any row. Rows are locked in id order; the increment is an F-expression and the
    ``stock_no_oversell`` constraint refuses anything the check might have missed."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("stock_allocate must run inside a transaction")
    stocks = _stocks_locked(quantities)
    shortages = {
        variant_id: stocks[variant_id].quantity_available if variant_id in stocks else 0
        for variant_id, quantity in quantities.items()
        if variant_id not in stocks or stocks[variant_id].quantity_available < quantity
    }
    if shortages:
        raise InsufficientStock(shortages)
    for variant_id, quantity in quantities.items():
        Stock.objects.filter(pk=stocks[variant_id].pk).update(quantity_allocated=F("quantity_allocated") + quantity)
    return stocks


def _allocations_release(order: Order, *, consume: bool = False) -> None:
    """Give back what the order's lines still hold (``consume``: the units left the warehouse)."""
    allocations = list(
        Allocation.objects.select_related("order_line").filter(order_line__order=order, released_at__isnull=True)
    )
    if not allocations:
        return
    _stocks_locked(a.order_line.variant_id for a in allocations if a.order_line.variant_id)
    now = timezone.now()
    for allocation in sorted(allocations, key=lambda a: a.stock_id):
        change = {"quantity_allocated": F("quantity_allocated") - allocation.quantity}
        if consume:
            change["quantity"] = F("quantity") - allocation.quantity
        Stock.objects.filter(pk=allocation.stock_id).update(**change)
        allocation.released_at = now
        allocation.save(update_fields=["released_at"])


# --- placing ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShippingAddress:
    full_name: str
    phone: str
    country_code: str
    province: str
    city: str
    district: str
    street_address: str
    postal_code: str = ""


@dataclass(frozen=True, slots=True)
class OrderLineRequest:
    variant: ProductVariant  # with product, design, usages, licences, shares prefetched
    quantity: int
    unit_price: Decimal


def order_place(
    *,
    checkout_token: uuid.UUID,
    email: str,
    user,
    address: ShippingAddress,
    lines: Sequence[OrderLineRequest],
    language_code: str = "en",
) -> Order:
    """Create an unpaid order for ``lines``, allocating their stock, inside the caller's transaction.

    Guarantees: stock is allocated for every line or nothing is written (``InsufficientStock``);
    lines snapshot names, SKU, price, VAT rate, design, licences and royalty terms; totals are
    stored; the order expires ``ORDER_UNPAID_TTL_MINUTES`` after placement unless paid; the
    "placed" email is queued through the outbox."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("order_place must run inside the checkout's transaction")
    quantities: dict[int, int] = {}
    for line in lines:
        quantities[line.variant.pk] = quantities.get(line.variant.pk, 0) + line.quantity
    stocks = stock_allocate(quantities=quantities)

    currency = settings.SHOP_CURRENCY
    vat_rate_bp = settings.SHOP_VAT_RATE_BP
    subtotal = Money(Decimal(0), currency)
    vat_minor = 0
    for line in lines:
        line_total = Money(line.unit_price, currency) * line.quantity
        subtotal += line_total
        vat_minor += line_total.minor - net_of_vat_minor(line_total.minor, vat_rate_bp=vat_rate_bp)
    now = timezone.now()
    order = Order(
        checkout_token=checkout_token,
        user=user if user is not None and user.is_authenticated else None,
        email=email,
        currency=currency,
        subtotal_amount=subtotal.amount,
        shipping_amount=Decimal(0),
        vat_amount=Money.from_minor(vat_minor, currency).amount,
        total_amount=subtotal.amount,
        language_code=language_code,
        ship_full_name=address.full_name,
        ship_phone=address.phone,
        ship_country_code=address.country_code,
        ship_province=address.province,
        ship_city=address.city,
        ship_district=address.district,
        ship_street_address=address.street_address,
        ship_postal_code=address.postal_code,
        created_at=now,
        expires_at=now + timedelta(minutes=settings.ORDER_UNPAID_TTL_MINUTES),
    )
    for attempt in range(5):
        order.number = order_number_new()
        try:
            with transaction.atomic():
                order.save(force_insert=True)
            break
        except IntegrityError:
            if Order.objects.filter(checkout_token=checkout_token).exists() or attempt == 4:
                raise
            order.pk = None
    for line in lines:
        snapshot = order_line_snapshot(variant=line.variant)
        total = Money(line.unit_price, currency) * line.quantity
        order_line = OrderLine.objects.create(
            order=order,
            variant=line.variant,
            quantity=line.quantity,
            unit_price_amount=line.unit_price,
            total_amount=total.amount,
            vat_rate_bp=vat_rate_bp,
            currency=currency,
            **snapshot,
        )
        Allocation.objects.create(order_line=order_line, stock=stocks[line.variant.pk], quantity=line.quantity)
    OrderEvent.objects.create(order=order, type=OrderEventType.PLACED, data={"total": str(order.total_amount)})
    outbox_enqueue(task_name=EMAIL_TASK, kwargs={"order_id": order.pk, "kind": "placed"})
    return order


# --- payment and lifecycle ---------------------------------------------------------------------


def order_mark_paid(*, order: Order, payment_id: int | None = None, paid_at: datetime | None = None) -> Order:
    """Mark the order paid; idempotent (an order already paid, shipped or refunded is returned
    unchanged and nothing is queued twice).

    ``paid_at`` is when the gateway collected the money (its event's time), kept between the order's
    creation and now; default now. It decides the royalty month, so a payment made at 23:59 on the
    last day of a month whose webhook is processed after midnight still counts in that month.

    An expired order is revived when its stock can be allocated again; otherwise
    ``INSUFFICIENT_STOCK`` is raised and the order stays expired (the payment must be
    refunded). A cancelled order raises ``INVALID_TRANSITION``. On success the "paid" email
    and the royalty task are queued through the outbox in the same transaction."""
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
        _transition(order, S.PAID, data={"payment_id": payment_id}, key=f"paid:{order.pk}", at=paid_at)
        outbox_enqueue(task_name=EMAIL_TASK, kwargs={"order_id": order.pk, "kind": "paid"})
        _enqueue_if_registered(ROYALTY_ORDER_TASK, {"order_id": order.pk})
    return order


def order_expire(*, order: Order) -> bool:
    """Expire an unpaid order whose time is up and release its stock. False (and no change)
    when it was paid, cancelled or extended meanwhile."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != S.UNPAID or order.expires_at is None or order.expires_at > timezone.now():
            return False
        _allocations_release(order)
        _transition(order, S.EXPIRED)
    return True


def order_expire_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Expire every unpaid order past its time (each in its own transaction); returns how many."""
    now = now or timezone.now()
    due = Order.objects.filter(status=S.UNPAID, expires_at__lte=now).order_by("expires_at").values_list("pk", flat=True)
    return sum(order_expire(order=Order(pk=pk)) for pk in list(due[:limit]))


def order_cancel(*, order: Order) -> Order:
    """Cancel an unpaid order and release its stock (a paid order is refunded instead)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        _transition(order, S.CANCELLED)
        _allocations_release(order)
    return order


def order_fulfil(*, order: Order) -> Order:
    """Ship a paid order: its allocated units leave the stock."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        _transition(order, S.FULFILLED)
        _allocations_release(order, consume=True)
    return order


# --- refunds ---------------------------------------------------------------------------------


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
    of an order not yet shipped go back to stock. Queues the refund email, and the royalty
    reversal and gateway refund tasks once those are deployed. Permission is checked at the edge."""
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
        outbox_enqueue(task_name=REFUND_EMAIL_TASK, kwargs={"refund_id": refund.pk})
        _enqueue_if_registered(ROYALTY_REFUND_TASK, {"refund_id": refund.pk})
        _enqueue_if_registered(PAYMENT_REFUND_TASK, {"refund_id": refund.pk})
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
        _enqueue_if_registered(ROYALTY_REFUND_TASK, {"refund_id": refund.pk})
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
        _stocks_locked(order_lines[line_id].variant_id for line_id, _ in lines if order_lines[line_id].variant_id)
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
    _transition(order, S.REFUNDED if fully else S.PARTIALLY_REFUNDED, data={"refund_id": refund.pk})
    OrderEvent.objects.create(
        order=order, type=OrderEventType.REFUNDED, data={"refund_id": refund.pk, "amount": str(refund.amount)}
    )
    return refund


# --- emails ----------------------------------------------------------------------------------

EMAIL_KINDS = ("placed", "paid")


def _send_once(*, order: Order, key: str, subject: str, template: str, context: dict) -> bool:
    """Send an email at most once per ``key``: the unique event key is inserted first and the
    email sent inside the same transaction, so a failed send leaves no record (the task
    retries) and a concurrent duplicate waits on the insert, then finds it taken."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                OrderEvent.objects.create(order=order, type=OrderEventType.EMAIL_SENT, key=key, data={"key": key})
        except IntegrityError:
            return False
        with translation.override(order.language_code or settings.LANGUAGE_CODE):
            body = render_to_string(template, {"order": order, "LANGUAGE_CODE": translation.get_language(), **context})
            send_mail(str(subject), body, None, [order.email])
    return True


def order_email_send(*, order_id: int, kind: str) -> bool:
    """Send the order's ``placed`` or ``paid`` email exactly once; False when already sent."""
    if kind not in EMAIL_KINDS:
        raise ValueError(f"unknown order email {kind!r}")
    order = Order.objects.prefetch_related("lines").get(pk=order_id)
    with translation.override(order.language_code or settings.LANGUAGE_CODE):
        if kind == "placed":
            subject = translation.gettext("Order %(number)s received") % {"number": order.number}
        else:
            subject = translation.gettext("Order %(number)s confirmed: payment received") % {"number": order.number}
    return _send_once(
        order=order, key=f"email:{kind}:{order.pk}", subject=subject, template=f"orders/email/{kind}.txt", context={}
    )


def refund_email_send(*, refund_id: int) -> bool:
    """Send the refund email of ``refund_id`` exactly once; False when already sent."""
    refund = Refund.objects.select_related("order").prefetch_related("lines__order_line").get(pk=refund_id)
    order = refund.order
    with translation.override(order.language_code or settings.LANGUAGE_CODE):
        subject = translation.gettext("Refund on order %(number)s") % {"number": order.number}
    return _send_once(
        order=order,
        key=f"email:refund:{refund.pk}",
        subject=subject,
        template="orders/email/refunded.txt",
        context={"refund": refund},
    )
