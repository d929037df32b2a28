"""Checkout: lines, contact and address, and completion into an order and a payment.

Quantities are whole numbers from 1 to ``CHECKOUT_MAX_LINE_QUANTITY`` per line; a checkout has
at most ``CHECKOUT_MAX_LINES`` lines. Completion re-validates every line, allocates stock in
one transaction (``shop.orders.services.order_place``) and asks the payment gateway for a
payment only after that transaction has committed.

Public surface: other apps call the checkout app through this module (writes and business rules) and
``selectors`` (reads); besides those they use only its models, error codes and GraphQL types.
"""

from __future__ import annotations

import logging
import uuid
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
from shop.checkout.regions import mobile_normalize, postal_code_is_valid, province_normalize
from shop.checkout.selectors import checkout_get_for_user, checkout_lines_for_completion, variants_for_checkout
from shop.core.errors import ApplicationError, ValidationFailed
from shop.orders.errors import InsufficientStock
from shop.orders.models import Order, OrderStatus
from shop.orders.services import OrderLineRequest, ShippingAddress, order_place
from shop.payments.models import Payment
from shop.payments.services import payment_create_for_order

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LineInput:
    variant_id: int
    quantity: int


def _max_quantity() -> int:
    return settings.CHECKOUT_MAX_LINE_QUANTITY


def _check_quantity(quantity, *, variant_id: int | None = None, line_id: int | None = None) -> None:
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


def _refusal(
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
    refusal = _refusal(
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
        _check_quantity(line.quantity, variant_id=line.variant_id)
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


def _lock(checkout: Checkout) -> Checkout:
    return Checkout.objects.select_for_update().get(pk=checkout.pk)


def _set_lines(checkout: Checkout, lines: Sequence[LineInput], *, add: bool) -> None:
    """Add to (``add``) or set the quantities of the checkout's lines, validating the result."""
    variants = _validate_inputs(lines)
    existing = {line.variant_id: line for line in checkout.lines.all()}
    new_variants = {line.variant_id for line in lines} - set(existing)
    if len(existing) + len(new_variants) > settings.CHECKOUT_MAX_LINES:
        raise ApplicationError(
            f"At most {settings.CHECKOUT_MAX_LINES} lines per checkout.", code=Code.TOO_MANY_LINES, field="lines"
        )
    for line in _merge(lines) if add else lines:
        variant = variants[line.variant_id]
        current = existing.get(line.variant_id)
        quantity = line.quantity + (current.quantity if add and current else 0)
        _check_quantity(quantity, variant_id=variant.pk, line_id=current.pk if current else None)
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
        _set_lines(checkout, lines, add=True)
    return checkout


def checkout_lines_add(*, checkout: Checkout, lines: Sequence[LineInput]) -> Checkout:
    """Add ``lines`` to the checkout; a variant already there gets the quantities summed."""
    if not lines:
        raise ApplicationError("Add at least one line.", code=Code.REQUIRED, field="lines")
    with transaction.atomic():
        checkout = _lock(checkout)
        _set_lines(checkout, lines, add=True)
    return checkout


def checkout_lines_update(*, checkout: Checkout, lines: Sequence[LineInput]) -> Checkout:
    """Set the quantity of each variant's line (a variant not yet in the checkout is added)."""
    if not lines:
        raise ApplicationError("Give at least one line.", code=Code.REQUIRED, field="lines")
    if len({line.variant_id for line in lines}) != len(lines):
        raise ApplicationError("Each variant may appear once.", code=Code.INVALID, field="lines")
    with transaction.atomic():
        checkout = _lock(checkout)
        _set_lines(checkout, lines, add=False)
    return checkout


def checkout_line_delete(*, checkout: Checkout, line_id: int) -> Checkout:
    with transaction.atomic():
        checkout = _lock(checkout)
        deleted, _ = CheckoutLine.objects.filter(checkout=checkout, pk=line_id).delete()
        if not deleted:
            raise CheckoutLineError("This line is not in the checkout.", code=Code.NOT_FOUND, line_id=line_id)
        checkout.save(update_fields=["updated_at"])
    return checkout


def checkout_email_update(*, checkout: Checkout, email: str) -> Checkout:
    email = _validate_email(email)
    with transaction.atomic():
        checkout = _lock(checkout)
        checkout.email = email
        checkout.save(update_fields=["email", "updated_at"])
    return checkout


def shipping_address_clean(address: dict) -> ShippingAddress:
    """Validate a mainland-China address; raises ``ValidationFailed`` listing every bad field.

    Province in Chinese or English (stored in Chinese), city and district required, mobile
    number of mainland China (stored as 11 digits), optional 6-digit postcode."""
    get = {key: str(address.get(key) or "").strip() for key in address}
    errors: list[ApplicationError] = []
    limits = {
        "full_name": 120,
        "phone": 32,
        "province": 64,
        "city": 64,
        "district": 64,
        "street_address": 255,
        "postal_code": 16,
    }
    for field in ("full_name", "phone", "province", "city", "district", "street_address"):
        if not get.get(field):
            errors.append(ApplicationError("This field is required.", code=Code.REQUIRED, field=field))
    for field, limit in limits.items():
        if len(get.get(field, "")) > limit:
            errors.append(ApplicationError(f"At most {limit} characters.", code=Code.INVALID, field=field))
    country = (get.get("country_code") or "CN").upper()
    if country != "CN":
        errors.append(ApplicationError("We ship within mainland China only.", code=Code.INVALID, field="country_code"))
    province = province_normalize(get.get("province", ""))
    if get.get("province") and province is None:
        errors.append(ApplicationError("Choose a province from the list.", code=Code.INVALID, field="province"))
    phone = mobile_normalize(get.get("phone", ""))
    if get.get("phone") and phone is None:
        errors.append(
            ApplicationError(
                "Enter a mainland China mobile number (11 digits starting with 1).",
                code=Code.INVALID_PHONE,
                field="phone",
            )
        )
    if get.get("postal_code") and not postal_code_is_valid(get["postal_code"]):
        errors.append(ApplicationError("A postcode has 6 digits.", code=Code.INVALID_POSTAL_CODE, field="postal_code"))
    if errors:
        raise ValidationFailed(errors)
    return ShippingAddress(
        full_name=get["full_name"],
        phone=phone or "",
        country_code=country,
        province=province or "",
        city=get["city"],
        district=get["district"],
        street_address=get["street_address"],
        postal_code=get.get("postal_code", ""),
    )


def checkout_shipping_address_update(*, checkout: Checkout, address: dict) -> Checkout:
    """Validate and store the shipping address (see ``shipping_address_clean``)."""
    clean = shipping_address_clean(address)
    with transaction.atomic():
        checkout = _lock(checkout)
        checkout.ship_full_name = clean.full_name
        checkout.ship_phone = clean.phone
        checkout.ship_country_code = clean.country_code
        checkout.ship_province = clean.province
        checkout.ship_city = clean.city
        checkout.ship_district = clean.district
        checkout.ship_street_address = clean.street_address
        checkout.ship_postal_code = clean.postal_code
        checkout.save()
    return checkout


def _address_of(checkout: Checkout) -> ShippingAddress:
    return ShippingAddress(
        full_name=checkout.ship_full_name,
        phone=checkout.ship_phone,
        country_code=checkout.ship_country_code or "CN",
        province=checkout.ship_province,
        city=checkout.ship_city,
        district=checkout.ship_district,
        street_address=checkout.ship_street_address,
        postal_code=checkout.ship_postal_code,
    )


@dataclass(frozen=True, slots=True)
class CheckoutResult:
    order: Order
    payment: Payment | None  # None when the gateway could not be reached: the order waits, payable later


def _line_errors(lines: list[CheckoutLine]) -> tuple[list[ApplicationError], list[CheckoutLine]]:
    """Every reason a line cannot be ordered now; and the lines whose price moved."""
    errors: list[ApplicationError] = []
    repriced: list[CheckoutLine] = []
    for line in lines:
        variant = line.variant
        if variant is None:
            errors.append(_refusal(variant_sellability(variant=None), variant=None, sku=line.sku, line_id=line.pk))
            continue
        try:
            _check_quantity(line.quantity, variant_id=variant.pk, line_id=line.pk)
        except CheckoutLineError as exc:
            errors.append(exc)
            continue
        sellability = variant_sellability(variant=variant, quantity=line.quantity)
        # Stock is decided under row locks by order_place, which reports every short line at once.
        if sellability.reason is not Unsellable.OUT_OF_STOCK:
            refusal = _refusal(sellability, variant=variant, sku=variant.sku, line_id=line.pk)
            if refusal is not None:
                errors.append(refusal)
                continue
        if variant.price_amount != line.unit_price_amount:
            errors.append(
                CheckoutLineError(
                    f"The price of {variant.sku} changed from {line.unit_price_amount} to {variant.price_amount} "
                    f"{variant.currency}. Please review your order and place it again.",
                    code=Code.PRICE_CHANGED,
                    variant_id=variant.pk,
                    line_id=line.pk,
                )
            )
            repriced.append(line)
    return errors, repriced


def _order_for_token(token, user) -> Order | None:
    try:
        token = token if isinstance(token, uuid.UUID) else uuid.UUID(str(token))
    except ValueError:
        return None
    order = Order.objects.filter(checkout_token=token).first()
    if order is None:
        return None
    if order.user_id is not None and (user is None or not user.is_authenticated or user.pk != order.user_id):
        return None
    return order


def checkout_complete(*, checkout_token: uuid.UUID, user=None) -> CheckoutResult:
    """Turn the checkout into an unpaid order, then ask the gateway for a payment.

    Idempotent per token: completing a completed checkout returns its order. Re-validates
    every line (variant gone or unpublished, licence inactive, price changed, quantity) and
    the contact and address; all errors are raised together (``ValidationFailed``), each line
    error naming its line. Stock is allocated in the same transaction that creates the order
    (``INSUFFICIENT_STOCK`` per short line, nothing written). A line whose price changed is
    re-priced so the shopper can review it and complete again. The payment is created after
    commit, outside any transaction; if the gateway fails the order stays unpaid and payable."""
    repriced: list[CheckoutLine] = []
    try:
        with transaction.atomic():
            checkout = checkout_get_for_user(token=checkout_token, user=user, lock=True)
            if checkout is None:
                order = _order_for_token(checkout_token, user)
                if order is None:
                    raise ApplicationError("No checkout has this token.", code=Code.NOT_FOUND, field="token")
            else:
                order = _complete_locked(checkout, repriced, user=user)
    finally:
        if repriced:
            # Outside the refused transaction: the shopper now sees, and on retry pays, today's price.
            for line in repriced:
                CheckoutLine.objects.filter(pk=line.pk).update(unit_price_amount=line.variant.price_amount)
    return CheckoutResult(order=order, payment=_payment_for(order))


def _complete_locked(checkout: Checkout, repriced: list[CheckoutLine], *, user) -> Order:
    lines = checkout_lines_for_completion(checkout=checkout)
    errors: list[ApplicationError] = []
    if not lines:
        errors.append(ApplicationError("The checkout is empty.", code=Code.REQUIRED, field="lines"))
    if not checkout.email:
        errors.append(ApplicationError("Enter your email address.", code=Code.REQUIRED, field="email"))
    if not checkout.has_shipping_address:
        errors.append(ApplicationError("Enter a shipping address.", code=Code.REQUIRED, field="shipping_address"))
    line_errors, moved = _line_errors(lines)
    repriced.extend(moved)
    errors += line_errors
    if errors:
        raise ValidationFailed(errors)
    try:
        order = order_place(
            checkout_token=checkout.token,
            email=checkout.email,
            # A guest who signed in before paying gets the order in their account.
            user=checkout.user or (user if user is not None and user.is_authenticated else None),
            address=_address_of(checkout),
            lines=[
                OrderLineRequest(variant=line.variant, quantity=line.quantity, unit_price=line.unit_price_amount)
                for line in lines
            ],
            language_code=checkout.language_code,
        )
    except InsufficientStock as exc:
        raise ValidationFailed(
            [
                CheckoutLineError(
                    f"Only {exc.shortages[line.variant_id]} of {line.sku} left in stock.",
                    code=Code.INSUFFICIENT_STOCK,
                    variant_id=line.variant_id,
                    line_id=line.pk,
                )
                for line in lines
                if line.variant_id in exc.shortages
            ]
        ) from None
    checkout.delete()
    return order


def _payment_for(order: Order):
    """Ask payments for the order's payment (after commit, never inside a transaction)."""
    if order.status != OrderStatus.UNPAID:
        return None
    try:
        return payment_create_for_order(order=order)
    except Exception:
        # A gateway outage must not lose the order: it stays unpaid and the shopper can pay later.
        logger.exception("payment for order %s could not be created", order.number)
        return None


def checkout_delete_stale(*, days: int = 30) -> int:
    """Delete checkouts nobody touched for ``days`` days (abandoned carts hold no stock); returns how many."""
    cutoff = timezone.now() - timedelta(days=days)
    _, per_model = Checkout.objects.filter(updated_at__lt=cutoff).delete()
    return per_model.get(Checkout._meta.label, 0)


def checkout_payment_retry(*, order: Order):
    """Ask the gateway again for the payment of an unpaid order (after an outage at completion)."""
    return _payment_for(order)
