from __future__ import annotations

from django.urls import reverse

from shop.payments.models import Payment


def payment_pay_url(*, payment: Payment) -> str:
    """The path of the page where the shopper pays ``payment`` (its gateway's pay page)."""
    if payment.gateway == "stripe":
        return reverse("payments:stripe_pay", kwargs={"token": payment.token})
    return reverse("payments:dummy_pay", kwargs={"token": payment.token})
