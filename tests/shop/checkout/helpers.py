"""Building checkouts ready to complete (used by checkout, orders, worker and reliability tests)."""

from __future__ import annotations

from shop.checkout.models import Checkout
from shop.checkout.services import LineInput, checkout_create, checkout_shipping_address_update

ADDRESS = {
    "full_name": "王小明",
    "phone": "138 0013 8000",
    "country_code": "CN",
    "province": "四川省",
    "city": "成都市",
    "district": "青羊区",
    "street_address": "浣花南路251号",
    "postal_code": "610072",
}


def ready_checkout(*, variant, quantity: int = 1, email: str = "shopper@example.com", user=None) -> Checkout:
    """A checkout with one line, an email and a valid address."""
    checkout = checkout_create(lines=[LineInput(variant_id=variant.pk, quantity=quantity)], email=email, user=user)
    return checkout_shipping_address_update(checkout=checkout, address=ADDRESS)
