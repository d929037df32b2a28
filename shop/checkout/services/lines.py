"""Checkout lines and contact: create a checkout, add, change and remove lines, set the email, drop stale carts.

Quantities are whole numbers from 1 to ``CHECKOUT_MAX_LINE_QUANTITY`` per line; a checkout has at most
``CHECKOUT_MAX_LINES`` lines. A line is refused when catalog says its variant cannot be bought now
(``variant_sellability``); ``line_refusal`` maps each reason to checkout's error code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from shop.catalog.models import ProductVariant
from shop.catalog.selectors import Sellability, Unsellable, variant_sellability
from shop.checkout.errors import CheckoutErrorCode as Code
from shop.checkout.errors import CheckoutLineError
from shop.checkout.models import Checkout, CheckoutLine
from shop.checkout.selectors import variants_for_checkout
from shop.core.errors import ApplicationError


@dataclass(frozen=True, slots=True)
class LineInput:
    variant_id: int
    quantity: int


def _max_quantity() -> int:
    return settings.CHECKOUT_MAX_LINE_QUANTITY


def quantity_check(quantity, *, variant_id: int | None = None, line_id: int | None = None) -> None:
    cap = _max_quantity()
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise CheckoutLineError(
            "The quantity must be a whole number of at least 1.",
            code=Code.QUANTITY_OUT_OF_RANGE,
            variant_id=variant_id,
            line_id=line_id,
        )
    if quantity > cap:
        raise CheckoutLineError(
            f"At most {cap} of one item per order.",
            code=Code.QUANTITY_OUT_OF_RANGE,
            variant_id=variant_id,
            line_id=line_id,
        )


def line_refusal(
    sellability: Sellability, *, variant: ProductVariant | None, sku: str, line_id: int | None = None
) -> CheckoutLineError | None:
    """Checkout's error for what catalog's ``variant_sellability`` says cannot be bought, or None."""
    variant_id = variant.pk if variant is not None else None
    match sellability.reason:
        case None:
            return None
        case Unsellable.VARIANT_GONE | Unsellable.UNPUBLISHED:
            return CheckoutLineError(
                f"{sku} is no longer sold.", code=Code.VARIANT_UNAVAILABLE, variant_id=variant_id, line_id=line_id
            )
        case Unsellable.LICENCE_INACTIVE:
            return CheckoutLineError(
                f"{variant.product.name} cannot be sold at the moment: the museum licence is not active.",
                code=Code.LICENCE_INACTIVE,
                variant_id=variant_id,
                line_id=line_id,
            )
        case Unsellable.OUT_OF_STOCK:
            return CheckoutLineError(
                f"Only {sellability.quantity_available} of {sku} left in stock.",
                code=Code.INSUFFICIENT_STOCK,
                variant_id=variant_id,
                line_id=line_id,
            )
    raise AssertionError(sellability.reason)  # a new reason must be mapped above


def _check_buyable(variant: ProductVariant, quantity: int, *, line_id: int | None = None) -> None:
    """Refuse what cannot be bought now: unpublished product, inactive licence, too little stock."""
    refusal = line_refusal(
        variant_sellability(variant=variant, quantity=quantity), variant=variant, sku=variant.sku, line_id=line_id
    )
    if refusal is not None:
        raise refusal


def _validate_inputs(lines: Sequence[LineInput]) -> dict[int, ProductVariant]:
    if len(lines) > settings.CHECKOUT_MAX_LINES:
        raise ApplicationError(
            f"At most {settings.CHECKOUT_MAX_LINES} lines per checkout.", code=Code.TOO_MANY_LINES, field="lines"
        )
    for line in lines:
        quantity_check(line.quantity, variant_id=line.variant_id)
    variants = variants_for_checkout(variant_ids=[line.variant_id for line in lines])
    for line in lines:
        if line.variant_id not in variants:
            raise CheckoutLineError(
                "This product variant does not exist.", code=Code.NOT_FOUND, variant_id=line.variant_id
            )
    return variants


def _merge(lines: Sequence[LineInput]) -> list[LineInput]:
    merged: dict[int, int] = {}
    for line in lines:
        merged[line.variant_id] = merged.get(line.variant_id, 0) + line.quantity
    return [LineInput(variant_id=v, quantity=q) for v, q in merged.items()]


def checkout_lock(checkout: Checkout) -> Checkout:
    """The checkout's row, locked until the transaction ends (writers of one checkout queue)."""
    return Checkout.objects.select_for_update().get(pk=checkout.pk)


def _set_lines(checkout: Checkout, lines: Sequence[LineInput], *, add: bool, new: bool = False) -> None:
    """Add to (``add``) or set the quantities of the checkout's lines, validating the result. A ``new``
    checkout (created in this transaction) has no lines to read and a fresh ``updated_at``."""
    variants = _validate_inputs(lines)
    existing = {} if new else {line.variant_id: line for line in checkout.lines.all()}
    new_variants = {line.variant_id for line in lines} - set(existing)
    if len(existing) + len(new_variants) > settings.CHECKOUT_MAX_LINES:
        raise ApplicationError(
            f"At most {settings.CHECKOUT_MAX_LINES} lines per checkout.", code=Code.TOO_MANY_LINES, field="lines"
        )
    for line in _merge(lines) if add else lines:
        variant = variants[line.variant_id]
        current = existing.get(line.variant_id)
        quantity = line.quantity + (current.quantity if add and current else 0)
        quantity_check(quantity, variant_id=variant.pk, line_id=current.pk if current else None)
        _check_buyable(variant, quantity, line_id=current.pk if current else None)
        if current:
            current.quantity = quantity
            current.unit_price_amount = variant.price_amount  # the shopper sees today's price again
            current.save(update_fields=["quantity", "unit_price_amount"])
        else:
            existing[variant.pk] = CheckoutLine.objects.create(
                checkout=checkout,
                variant=variant,
                sku=variant.sku,
                quantity=quantity,
                unit_price_amount=variant.price_amount,
            )
    if not new:
        checkout.save(update_fields=["updated_at"])


def _validate_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not email:
        raise ApplicationError("Enter your email address.", code=Code.REQUIRED, field="email")
    try:
        validate_email(email)
    except ValidationError:
        raise ApplicationError("Enter a valid email address.", code=Code.INVALID, field="email") from None
    return email


def checkout_create(*, lines: Sequence[LineInput], email: str = "", user=None, language_code: str = "en") -> Checkout:
    """A new checkout holding ``lines`` (same variant twice is summed), owned by ``user`` when
    signed in. Nothing is written when any line is refused."""
    user = user if user is not None and user.is_authenticated else None
    if not email and user is not None:
        email = user.email
    email = _validate_email(email) if email else ""
    with transaction.atomic():
        checkout = Checkout.objects.create(
            user=user, email=email, language_code=language_code[:10], currency=settings.SHOP_CURRENCY
        )
        _set_lines(checkout, lines, add=True, new=True)
    return checkout


def checkout_lines_add(*, checkout: Checkout, lines: Sequence[LineInput]) -> Checkout:
    """Add ``lines`` to the checkout; a variant already there gets the quantities summed."""
    if not lines:
        raise ApplicationError("Add at least one line.", code=Code.REQUIRED, field="lines")
    with transaction.atomic():
        checkout = checkout_lock(checkout)
        _set_lines(checkout, lines, add=True)
    return checkout


def checkout_lines_update(*, checkout: Checkout, lines: Sequence[LineInput]) -> Checkout:
    """Set the quantity of each variant's line (a variant not yet in the checkout is added)."""
    if not lines:
        raise ApplicationError("Give at least one line.", code=Code.REQUIRED, field="lines")
    if len({line.variant_id for line in lines}) != len(lines):
        raise ApplicationError("Each variant may appear once.", code=Code.INVALID, field="lines")
    with transaction.atomic():
        checkout = checkout_lock(checkout)
        _set_lines(checkout, lines, add=False)
    return checkout


def checkout_line_delete(*, checkout: Checkout, line_id: int) -> Checkout:
    with transaction.atomic():
        checkout = checkout_lock(checkout)
        deleted, _ = CheckoutLine.objects.filter(checkout=checkout, pk=line_id).delete()
        if not deleted:
            raise CheckoutLineError("This line is not in the checkout.", code=Code.NOT_FOUND, line_id=line_id)
        checkout.save(update_fields=["updated_at"])
    return checkout


def checkout_email_update(*, checkout: Checkout, email: str) -> Checkout:
    email = _validate_email(email)
    with transaction.atomic():
        checkout = checkout_lock(checkout)
        checkout.email = email
        checkout.save(update_fields=["email", "updated_at"])
    return checkout


def checkout_delete_stale(*, days: int = 30) -> int:
    """Delete checkouts nobody touched for ``days`` days (abandoned carts hold no stock); returns how many."""
    cutoff = timezone.now() - timedelta(days=days)
    _, per_model = Checkout.objects.filter(updated_at__lt=cutoff).delete()
    return per_model.get(Checkout._meta.label, 0)
