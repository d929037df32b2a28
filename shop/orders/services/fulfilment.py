"""Shipping: parcels (all or some units of some lines) with a carrier and a tracking number, and edits of
their tracking. Units that ship leave the stock (on hand and held alike) and are kept as stock movements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from shop.catalog.models import Stock, StockMovementReason
from shop.catalog.services import stock_movement_record
from shop.core.errors import ApplicationError
from shop.core.outbox import event_publish
from shop.orders.carriers import carrier_get, tracking_number_clean
from shop.orders.errors import OrderErrorCode
from shop.orders.events import ORDER_SHIPPED, ORDER_TRACKING_UPDATED
from shop.orders.models import (
    Allocation,
    Fulfillment,
    FulfillmentLine,
    Order,
    OrderEvent,
    OrderEventType,
    OrderLine,
)
from shop.orders.services.stock import stocks_locked_by_id
from shop.orders.services.transitions import TO_SHIP_STATUSES, order_status_sync

MAX_LINES = 100


@dataclass(frozen=True, slots=True)
class ShipmentPlan:
    """What one parcel would carry: ``(order line, units)`` pairs, and the cleaned carrier and number."""

    lines: tuple[tuple[OrderLine, int], ...]
    carrier: str
    tracking_number: str


def _lines_clean(lines: Sequence[tuple[int, int]] | None) -> list[tuple[int, int]] | None:
    if lines is None:
        return None
    if not lines:
        raise ApplicationError(
            gettext("Choose at least one line to ship."), code=OrderErrorCode.REQUIRED, field="lines"
        )
    if len(lines) > MAX_LINES:
        raise ApplicationError(
            gettext("At most %(max)s lines at a time.") % {"max": MAX_LINES}, code=OrderErrorCode.INVALID, field="lines"
        )
    ids = [line_id for line_id, _ in lines]
    if len(set(ids)) != len(ids):
        raise ApplicationError(gettext("Each line may appear once."), code=OrderErrorCode.INVALID, field="lines")
    for _, quantity in lines:
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise ApplicationError(
                gettext("Quantities to ship must be whole numbers of at least 1."),
                code=OrderErrorCode.INVALID,
                field="lines",
            )
    return list(lines)


def order_shipment_plan(
    *, order: Order, lines: Sequence[tuple[int, int]] | None, carrier: str, tracking_number: str
) -> ShipmentPlan:
    """Check a parcel against the order as it is now, writing nothing (the manifest preview asks this; the
    fulfilment asks it again under the order's lock). ``lines`` is ``(order line id, units)`` pairs, or
    None for every unit still to ship.

    Refused: an unknown carrier (``UNKNOWN_CARRIER``), a number that does not fit it
    (``INVALID_TRACKING_NUMBER``), an order not paid or with nothing left to ship (``INVALID_TRANSITION``),
    a line of another order (``NOT_FOUND``), more units than the line still has to ship
    (``FULFIL_QUANTITY_EXCEEDED``)."""
    found = carrier_get(carrier)
    number = tracking_number_clean(found, tracking_number)
    wanted = _lines_clean(lines)
    if order.status not in TO_SHIP_STATUSES:
        raise ApplicationError(
            gettext("Order %(number)s is %(status)s: there is nothing to ship.")
            % {"number": order.number, "status": order.get_status_display().lower()},
            code=OrderErrorCode.INVALID_TRANSITION,
            field="number",
        )
    order_lines = {line.pk: line for line in OrderLine.objects.filter(order=order).select_related("allocation")}
    to_ship = {pk: _held(line) for pk, line in order_lines.items()}
    if wanted is None:
        wanted = [(pk, units) for pk, units in sorted(to_ship.items()) if units > 0]
        if not wanted:
            raise ApplicationError(
                gettext("Order %(number)s has nothing left to ship.") % {"number": order.number},
                code=OrderErrorCode.INVALID_TRANSITION,
                field="number",
            )
    planned = []
    for line_id, quantity in wanted:
        line = order_lines.get(line_id)
        if line is None:
            raise ApplicationError(
                gettext("Line %(line)s is not on this order.") % {"line": line_id},
                code=OrderErrorCode.NOT_FOUND,
                field="lines",
            )
        if quantity > to_ship[line_id]:
            raise ApplicationError(
                gettext("Only %(left)s of %(sku)s can still be shipped.") % {"left": to_ship[line_id], "sku": line.sku},
                code=OrderErrorCode.FULFIL_QUANTITY_EXCEEDED,
                field="lines",
            )
        planned.append((line, quantity))
    return ShipmentPlan(lines=tuple(planned), carrier=found.code, tracking_number=number)


def _held(line: OrderLine) -> int:
    """Units of ``line`` paid for, not refunded and not shipped yet: what its allocation still holds."""
    allocation = getattr(line, "allocation", None)
    if allocation is None or allocation.released_at is not None:
        return 0
    return allocation.quantity


def order_fulfil(
    *,
    order: Order,
    lines: Sequence[tuple[int, int]] | None,
    carrier: str,
    tracking_number: str,
    user=None,
    notify_customer: bool = True,
    shipped_at: datetime | None = None,
) -> Fulfillment:
    """Ship a parcel: ``lines`` (``(order line id, units)``; None = everything still to ship) under
    ``carrier`` and ``tracking_number``. Checked as in :func:`order_shipment_plan`, under the order's lock;
    refused with nothing written.

    The units leave the stock (on hand and held), each as a ``shipment`` stock movement; the order moves to
    partially shipped or shipped; ``order.shipped`` is published (the "shipped" email follows when
    ``notify_customer``). ``shipped_at`` (default now) lets history be recorded in the past."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        plan = order_shipment_plan(order=order, lines=lines, carrier=carrier, tracking_number=tracking_number)
        now = timezone.now()
        shipped_at = min(shipped_at or now, now)
        fulfillment = Fulfillment.objects.create(
            order=order,
            carrier=plan.carrier,
            tracking_number=plan.tracking_number,
            shipped_at=shipped_at,
            notify_customer=notify_customer,
            created_by=_user(user),
        )
        stocks = stocks_locked_by_id(line.allocation.stock_id for line, _ in plan.lines)
        for line, quantity in sorted(plan.lines, key=lambda pair: pair[0].allocation.stock_id):
            allocation = line.allocation
            stock = stocks[allocation.stock_id]
            Stock.objects.filter(pk=stock.pk).update(
                quantity=F("quantity") - quantity, quantity_allocated=F("quantity_allocated") - quantity
            )
            stock.quantity -= quantity
            stock_movement_record(
                stock=stock,
                delta=-quantity,
                reason=StockMovementReason.SHIPMENT,
                reference=order.number,
                user=_user(user),
            )
            left = allocation.quantity - quantity
            Allocation.objects.filter(pk=allocation.pk).update(
                quantity=left, released_at=shipped_at if not left else None
            )
            OrderLine.objects.filter(pk=line.pk).update(quantity_fulfilled=F("quantity_fulfilled") + quantity)
            FulfillmentLine.objects.create(fulfillment=fulfillment, order_line=line, quantity=quantity)
        OrderEvent.objects.create(
            order=order,
            type=OrderEventType.FULFILLED,
            user=_user(user),
            created_at=shipped_at,
            data={
                "fulfillment_id": fulfillment.pk,
                "carrier": plan.carrier,
                "tracking_number": plan.tracking_number,
                "units": sum(quantity for _, quantity in plan.lines),
            },
        )
        order_status_sync(order, user=user, data={"fulfillment_id": fulfillment.pk}, at=shipped_at)
        event_publish(ORDER_SHIPPED, fulfillment_id=fulfillment.pk)
    return fulfillment


def fulfillment_update_tracking(
    *, fulfillment: Fulfillment, carrier: str, tracking_number: str, user=None, notify_customer: bool = True
) -> Fulfillment:
    """Correct a parcel's carrier and tracking number (checked as when shipping). A change is recorded on the
    order's timeline and published as ``order.tracking_updated`` (the customer is told when
    ``notify_customer``); the same values again change nothing. A delivered parcel keeps its tracking
    (``INVALID_TRANSITION``)."""
    found = carrier_get(carrier)
    number = tracking_number_clean(found, tracking_number)
    with transaction.atomic():
        Order.objects.select_for_update().filter(pk=fulfillment.order_id).first()
        fulfillment = Fulfillment.objects.select_for_update().select_related("order").get(pk=fulfillment.pk)
        if fulfillment.delivered_at is not None:
            raise ApplicationError(
                gettext("This parcel was delivered; its tracking can no longer change."),
                code=OrderErrorCode.INVALID_TRANSITION,
                field="id",
            )
        if (fulfillment.carrier, fulfillment.tracking_number) == (found.code, number):
            return fulfillment
        before = {"carrier": fulfillment.carrier, "tracking_number": fulfillment.tracking_number}
        fulfillment.carrier, fulfillment.tracking_number = found.code, number
        fulfillment.notify_customer = notify_customer
        fulfillment.tracking_version += 1
        fulfillment.save(update_fields=["carrier", "tracking_number", "notify_customer", "tracking_version"])
        OrderEvent.objects.create(
            order=fulfillment.order,
            type=OrderEventType.TRACKING_UPDATED,
            user=_user(user),
            data={
                "fulfillment_id": fulfillment.pk,
                "before": before,
                "carrier": found.code,
                "tracking_number": number,
            },
        )
        event_publish(ORDER_TRACKING_UPDATED, fulfillment_id=fulfillment.pk, version=fulfillment.tracking_version)
    return fulfillment


def _user(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None
