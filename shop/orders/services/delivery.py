"""Delivery: a parcel arrives when the customer confirms receipt (确认收货), when staff mark it, or at the
latest ``ORDER_AUTO_DELIVERED_DAYS`` after it shipped (a beat task). When every parcel of an order with
nothing left to ship has arrived the order is delivered; its return window (and the royalties' hold)
counts from then."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from shop.core.errors import ApplicationError
from shop.orders.errors import OrderErrorCode
from shop.orders.models import DeliveryConfirmation, Fulfillment, Order, OrderEvent, OrderEventType
from shop.orders.services.transitions import order_status_sync


def _deliver(fulfillment: Fulfillment, *, at: datetime, confirmation: str, user) -> None:
    """Inside the caller's transaction, with the order locked: mark one parcel delivered and record it."""
    fulfillment.delivered_at = max(at, fulfillment.shipped_at)
    fulfillment.delivery_confirmation = confirmation
    fulfillment.save(update_fields=["delivered_at", "delivery_confirmation"])
    OrderEvent.objects.create(
        order_id=fulfillment.order_id,
        type=OrderEventType.DELIVERED,
        user=user if user is not None and getattr(user, "is_authenticated", False) else None,
        created_at=min(fulfillment.delivered_at, timezone.now()),
        data={"fulfillment_id": fulfillment.pk, "confirmation": confirmation},
    )


def fulfillment_mark_delivered(
    *, fulfillment: Fulfillment, user=None, confirmation: str = DeliveryConfirmation.STAFF, at: datetime | None = None
) -> Fulfillment:
    """Mark a parcel delivered (staff; ``at`` defaults to now, and is never before it shipped). Marking a
    delivered parcel again changes nothing. The order becomes delivered when it was the last one."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=fulfillment.order_id)
        fulfillment = Fulfillment.objects.select_for_update().get(pk=fulfillment.pk)
        if fulfillment.delivered_at is None:
            _deliver(fulfillment, at=at or timezone.now(), confirmation=confirmation, user=user)
            order_status_sync(order, user=user, data={"fulfillment_id": fulfillment.pk})
    return fulfillment


def order_confirm_receipt(*, order: Order, user=None) -> Order:
    """The customer's 确认收货: every parcel of the order that shipped and has not arrived is delivered now.

    Refused when nothing has shipped yet (``INVALID_TRANSITION``); when everything shipped has arrived it
    changes nothing. Who may confirm (the owner, or a guest holding the order's token) is checked at the edge."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        parcels = list(Fulfillment.objects.select_for_update().filter(order=order).order_by("id"))
        if not parcels:
            raise ApplicationError(
                gettext("Nothing of order %(number)s has shipped yet.") % {"number": order.number},
                code=OrderErrorCode.INVALID_TRANSITION,
                field="number",
            )
        now = timezone.now()
        waiting = [parcel for parcel in parcels if parcel.delivered_at is None]
        for parcel in waiting:
            _deliver(parcel, at=now, confirmation=DeliveryConfirmation.CUSTOMER, user=user)
        if waiting:
            order_status_sync(order, user=user)
    return order


def fulfillments_deliver_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Beat: parcels shipped ``ORDER_AUTO_DELIVERED_DAYS`` ago or more and still not delivered are deemed
    delivered that many days after they shipped (not when the task happens to run, so a late run gives
    the same dates). Each order in its own transaction; returns how many parcels."""
    now = now or timezone.now()
    days = timedelta(days=settings.ORDER_AUTO_DELIVERED_DAYS)
    due = (
        Fulfillment.objects.filter(delivered_at__isnull=True, shipped_at__lte=now - days)
        .order_by("shipped_at", "id")
        .values_list("order_id", flat=True)
    )
    done = 0
    for order_id in list(dict.fromkeys(due[:limit])):
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=order_id)
            parcels = Fulfillment.objects.select_for_update().filter(
                order=order, delivered_at__isnull=True, shipped_at__lte=now - days
            )
            for parcel in parcels:
                _deliver(parcel, at=parcel.shipped_at + days, confirmation=DeliveryConfirmation.AUTOMATIC, user=None)
                done += 1
            order_status_sync(order)
    return done
