"""Payment reads: where the shopper pays.

Public surface: other apps call the payments app through this module (reads) and ``services`` (writes and
business rules); besides those they use only its models, error codes and GraphQL types.
"""

from __future__ import annotations

from django.urls import reverse

from shop.orders.models import Order, OrderStatus
from shop.payments.models import Payment
from shop.payments.services import OPEN_STATUSES


def payment_pay_url(*, payment: Payment) -> str:
    """The path of the page where the shopper pays ``payment`` (its gateway's pay page)."""
    if payment.gateway == "stripe":
        return reverse("payments:stripe_pay", kwargs={"token": payment.token})
    return reverse("payments:dummy_pay", kwargs={"token": payment.token})


def payment_payable_for_order(*, order: Order) -> Payment | None:
    """The payment the shopper can pay now for ``order``: its newest open payment while the order awaits
    payment; None otherwise (paid, expired, or no payment yet because the gateway was down)."""
    if order.status != OrderStatus.UNPAID:
        return None
    return order.payments.filter(status__in=OPEN_STATUSES).order_by("-id").first()


def payment_pay_url_for_order(*, order: Order) -> str | None:
    """Where the shopper pays ``order`` now (``payment_pay_url`` of ``payment_payable_for_order``), or None."""
    payment = payment_payable_for_order(order=order)
    return payment_pay_url(payment=payment) if payment is not None else None
