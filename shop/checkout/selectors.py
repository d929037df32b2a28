"""Checkout reads: by token for its owner, and the lines with everything completion checks.

Public surface: other apps call the checkout app through this module (reads) and ``services`` (writes and
business rules); besides those they use only its models, error codes and GraphQL types.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from shop.catalog.models import DesignLicenceUsage, ProductVariant
from shop.checkout.models import Checkout, CheckoutLine
from shop.core.money import Money


def _usages(prefix: str = "", *, shares: bool = True) -> Prefetch:
    """A design's licence usages with their licences (whether they are active) and, with ``shares``, the
    licensor shares (what a royalty snapshot needs besides)."""
    usages = DesignLicenceUsage.objects.select_related("licence")
    return Prefetch(
        f"{prefix}product__design__usages", queryset=usages.prefetch_related("licence__shares") if shares else usages
    )


def variants_for_checkout(*, variant_ids: list[int]) -> dict[int, ProductVariant]:
    """Variants by id with product, design, licences and stock loaded, all a line needs to be added
    (two queries however many variants)."""
    variants = (
        ProductVariant.objects.filter(pk__in=set(variant_ids))
        .select_related("product__design", "stock")
        .prefetch_related(_usages(shares=False))
    )
    return {variant.pk: variant for variant in variants}


def checkout_get_for_user(*, token, user, lock: bool = False) -> Checkout | None:
    """The checkout with ``token`` if ``user`` may use it: a signed-in shopper's checkout only by
    them, a guest checkout by whoever holds the token. Malformed tokens find nothing."""
    try:
        token = token if isinstance(token, uuid.UUID) else uuid.UUID(str(token))
    except (TypeError, ValueError):
        return None
    queryset = Checkout.objects.select_related("user")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    checkout = queryset.filter(token=token).first()
    if checkout is None:
        return None
    if checkout.user_id is not None and (user is None or not user.is_authenticated or user.pk != checkout.user_id):
        return None
    return checkout


def checkout_lines_for_completion(*, checkout: Checkout) -> list[CheckoutLine]:
    return list(
        CheckoutLine.objects.filter(checkout=checkout)
        .select_related("variant__product__design", "variant__stock")
        .prefetch_related(_usages(prefix="variant__"))
        .order_by("id")
    )


def checkout_lines(*, checkout: Checkout) -> QuerySet[CheckoutLine]:
    return checkout.lines.select_related("variant__product", "variant__stock").order_by("id")


def checkout_total(*, checkout: Checkout, lines=None) -> Money:
    """Sum of quantity × the unit price the shopper was shown, VAT included."""
    lines = checkout_lines(checkout=checkout) if lines is None else lines
    total = Money(Decimal(0), checkout.currency)
    for line in lines:
        total += Money(line.unit_price_amount, checkout.currency) * line.quantity
    return total
