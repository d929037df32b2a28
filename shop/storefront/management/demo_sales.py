"""Demo sales history for ``seed_demo``: a few orders a month over the last three months, bought, paid,
shipped, delivered and earning royalties through the same services as a real purchase, then the ended
months closed, so the finance dashboard, statements and the designers' royalties have something to show.

Each order is dated in the past the way it would be in life: the order when it was placed, the payment
when the (dummy) gateway's event says the money was collected, the shipment two days later, the customer's
confirmation of receipt three days after that (so the royalties' return window counts from then)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from shop.catalog.models import ProductVariant
from shop.catalog.selectors import ProductFilter, product_list
from shop.checkout.services import LineInput, checkout_complete, checkout_create, checkout_shipping_address_update
from shop.orders.models import DeliveryConfirmation, Order, OrderEvent, OrderEventType
from shop.orders.services import fulfillment_mark_delivered, order_fulfil
from shop.payments.gateways.dummy_gateway import DummyGateway
from shop.payments.services import payment_event_process, payment_event_record
from shop.royalties.periods import period_bounds, period_current, period_previous
from shop.royalties.services import royalty_period_close_due, royalty_record_order

ORDERS_PER_MONTH = 6
MONTHS = 3
ADDRESS = {
    "full_name": "王芳",
    "phone": "139 1234 5678",
    "province": "四川省",
    "city": "成都市",
    "district": "青羊区",
    "street_address": "人民中路一段15号",
    "postal_code": "610000",
}


def demo_sales_record(*, customer) -> int:
    """Place, pay, ship and record ``ORDERS_PER_MONTH`` orders in each of the last ``MONTHS`` months, then
    close those months. Does nothing when the shop has orders already; returns how many it made."""
    if Order.objects.exists():
        return 0
    products = list(product_list(filters=ProductFilter(available=True)).order_by("id"))
    variants = list(ProductVariant.objects.filter(product__in=products, stock__quantity__gte=10).order_by("id"))
    if not variants:
        return 0
    rng = random.Random(2026)  # noqa: S311 - demo data: the same history on every fresh demo
    months = [period_current()]
    for _ in range(MONTHS):
        months.insert(0, period_previous(months[0]))
    made = 0
    for month in months[:-1]:
        start, _ = period_bounds(month)
        for _ in range(ORDERS_PER_MONTH):
            placed = start + datetime.timedelta(days=rng.randint(0, 25), hours=rng.randint(9, 21))
            _buy(customer, rng.choice(variants), quantity=rng.randint(1, 2), placed=placed)
            made += 1
    royalty_period_close_due()
    return made


def _buy(customer, variant: ProductVariant, *, quantity: int, placed: datetime.datetime) -> None:
    checkout = checkout_create(
        lines=[LineInput(variant_id=variant.pk, quantity=quantity)],
        email=customer.email,
        user=customer,
        language_code="zh-hans",
    )
    checkout_shipping_address_update(checkout=checkout, address=ADDRESS)
    result = checkout_complete(checkout_token=checkout.token, user=customer)
    Order.objects.filter(pk=result.order.pk).update(created_at=placed)
    OrderEvent.objects.filter(order=result.order, type=OrderEventType.PLACED).update(created_at=placed)
    # The shopper paid a few minutes later: the gateway's event carries that time.
    event = DummyGateway().outcome_event(payment=result.payment, succeeded=True)
    event.payload["created"] = int((placed + datetime.timedelta(minutes=4)).timestamp())
    payment_event_process(payment_event_id=payment_event_record(gateway=DummyGateway.name, event=event).pk)
    royalty_record_order(order_id=result.order.pk)  # the worker's task would do the same, once
    now = timezone.now()
    parcel = order_fulfil(
        order=result.order,
        lines=None,
        carrier="sf",
        tracking_number=f"SF{1_400_000_000_000 + result.order.pk * 7919:013d}",
        shipped_at=min(placed + datetime.timedelta(days=2), now),
    )
    fulfillment_mark_delivered(
        fulfillment=parcel,
        confirmation=DeliveryConfirmation.CUSTOMER,
        at=min(parcel.shipped_at + datetime.timedelta(days=3), now),
    )
