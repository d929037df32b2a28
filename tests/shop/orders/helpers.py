"""Paid orders of several lines, built through checkout and payment like real ones (orders and operations tests)."""

from __future__ import annotations

from shop.checkout.services import LineInput, checkout_complete, checkout_create, checkout_shipping_address_update
from shop.orders.models import Order
from shop.orders.services import order_mark_paid
from tests.factories import make_buyable_product
from tests.shop.checkout.helpers import ADDRESS

SF = "SF1234567890123"


def paid_order(
    *quantities: int, user=None, email: str = "shopper@example.com", language: str = "en", price: str = "100.00"
) -> Order:
    """A paid order with one line per quantity (each a product of its own, in stock)."""
    variants = [make_buyable_product(price=price, stock=20) for _ in quantities or (1,)]
    checkout = checkout_create(
        lines=[LineInput(variant_id=v.pk, quantity=q) for v, q in zip(variants, quantities or (1,), strict=True)],
        email=email,
        user=user,
        language_code=language,
    )
    checkout_shipping_address_update(checkout=checkout, address=ADDRESS)
    order = checkout_complete(checkout_token=checkout.token, user=user).order
    return order_mark_paid(order=order)


def lines_of(order: Order) -> list:
    return list(order.lines.order_by("id"))


def paid_orders(count: int) -> list[Order]:
    """``count`` paid orders of one line each (1 or 2 units of one of three products), built quickly."""
    variants = [make_buyable_product(stock=1000) for _ in range(3)]
    orders = []
    for index in range(count):
        lines = [LineInput(variant_id=variants[index % 3].pk, quantity=1 + index % 2)]
        checkout = checkout_create(lines=lines, email=f"buyer{index}@example.com")
        checkout_shipping_address_update(checkout=checkout, address=ADDRESS)
        orders.append(order_mark_paid(order=checkout_complete(checkout_token=checkout.token).order))
    return orders
