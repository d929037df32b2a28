"""Completion: the checkout becomes an unpaid order with its pending payment in one transaction (stock
allocated last in it by ``shop.orders.services.order_place``); after commit the gateway is asked for the
payment's intent.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from shop.catalog.selectors import variant_sellability
from shop.checkout.errors import CheckoutErrorCode as Code
from shop.checkout.errors import CheckoutLineError
from shop.checkout.models import Checkout, CheckoutLine
from shop.checkout.selectors import checkout_get_for_user, checkout_lines_for_completion
from shop.checkout.services.address import address_of
from shop.checkout.services.lines import line_refusal, quantity_check
from shop.core.errors import ApplicationError, ValidationFailed
from shop.orders.errors import InsufficientStock, InsufficientStockAtCommit
from shop.orders.models import Order, OrderStatus
from shop.orders.services import OrderLineRequest, order_place, stock_free
from shop.payments.models import Payment
from shop.payments.services import payment_create_for_order, payment_intent_ensure, payment_open_for_new_order

logger = logging.getLogger(__name__)


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
            errors.append(line_refusal(variant_sellability(variant=None), variant=None, sku=line.sku, line_id=line.pk))
            continue
        try:
            quantity_check(line.quantity, variant_id=variant.pk, line_id=line.pk)
        except CheckoutLineError as exc:
            errors.append(exc)
            continue
        # The stock row came with the line, read without a lock: a variant already sold out is refused here,
        # before anything is written and without queueing for its row (a flash sale's late shoppers). Stock
        # that looks enough is decided under the row lock by order_place.
        sellability = variant_sellability(variant=variant, quantity=line.quantity)
        refusal = line_refusal(sellability, variant=variant, sku=variant.sku, line_id=line.pk)
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
    every line (variant gone or unpublished, licence inactive, price changed, quantity, stock as last
    committed) and the contact and address; all errors are raised together (``ValidationFailed``), each
    line error naming its line. Stock is allocated in the same transaction that creates the order, by
    its last statement, which also commits it (``INSUFFICIENT_STOCK`` per short line, nothing written).
    A line whose price changed is re-priced so the shopper can review it and complete again. The payment
    row is written with the order; its intent is asked of the gateway after commit, outside any
    transaction; if the gateway fails the order stays unpaid and payable."""
    for attempt in range(_ATTEMPTS):
        try:
            return _checkout_complete_once(checkout_token, user)
        except IntegrityError as exc:
            # The new order's number was taken (order_place inserts it without a savepoint here): again, new number.
            constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
            if constraint != "orders_order_number_key" or attempt == _ATTEMPTS - 1:
                raise
        except _ShortAtCommit as short:
            # Rolled back: the checkout is as it was. Which lines are short now? Stock released in between
            # (an order expiring) can make none short: then complete again.
            free = stock_free(short.requested)
            shortages = {v: n for v, n in free.items() if n < short.requested[v]}
            if shortages or attempt == _ATTEMPTS - 1:
                raise _short_lines_error(short.lines, shortages or free) from None
    raise AssertionError("unreachable")


_ATTEMPTS = 3


class _ShortAtCommit(Exception):
    def __init__(self, lines: list[CheckoutLine], requested: dict[int, int]) -> None:
        super().__init__("stock short at commit")
        self.lines, self.requested = lines, requested


def _checkout_complete_once(checkout_token, user) -> CheckoutResult:
    repriced: list[CheckoutLine] = []
    payment: Payment | None = None
    try:
        with transaction.atomic():
            checkout = checkout_get_for_user(token=checkout_token, user=user, lock=True)
            if checkout is None:
                order = _order_for_token(checkout_token, user)
                if order is None:
                    raise ApplicationError("No checkout has this token.", code=Code.NOT_FOUND, field="token")
            else:
                # Nothing may run between this and the end of the block: the stock write committed it.
                order, payment = _complete_locked(checkout, repriced, user=user)
    finally:
        if repriced:
            # Outside the refused transaction: the shopper now sees, and on retry pays, today's price.
            for line in repriced:
                CheckoutLine.objects.filter(pk=line.pk).update(unit_price_amount=line.variant.price_amount)
    if payment is None:  # completed before: the order's open payment, or a new one
        return CheckoutResult(order=order, payment=_payment_for(order))
    return CheckoutResult(order=order, payment=_intent_for(payment))


def _short_lines_error(lines: list[CheckoutLine], shortages: dict[int, int]) -> ValidationFailed:
    return ValidationFailed(
        [
            CheckoutLineError(
                f"Only {shortages[line.variant_id]} of {line.sku} left in stock.",
                code=Code.INSUFFICIENT_STOCK,
                variant_id=line.variant_id,
                line_id=line.pk,
            )
            for line in lines
            if line.variant_id in shortages
        ]
    )


def _complete_locked(checkout: Checkout, repriced: list[CheckoutLine], *, user) -> tuple[Order, Payment | None]:
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
    # Deleted first and the payment written before the stock (the transaction undoes both if the order is
    # refused): order_place takes the stock rows last, in the statement that commits.
    token, email, language_code, address = checkout.token, checkout.email, checkout.language_code, address_of(checkout)
    owner = checkout.user or (user if user is not None and user.is_authenticated else None)
    checkout.delete()
    payments: list[Payment | None] = []
    try:
        order = order_place(
            checkout_token=token,
            email=email,
            # A guest who signed in before paying gets the order in their account.
            user=owner,
            address=address,
            lines=[
                OrderLineRequest(variant=line.variant, quantity=line.quantity, unit_price=line.unit_price_amount)
                for line in lines
            ],
            language_code=language_code,
            before_stock=lambda order: payments.append(_payment_new(order)),
            commit=True,
        )
    except InsufficientStockAtCommit as exc:
        raise _ShortAtCommit(lines, exc.requested) from None
    except InsufficientStock as exc:
        raise _short_lines_error(lines, exc.shortages) from None
    return order, payments[0]


def _payment_new(order: Order) -> Payment | None:
    try:
        return payment_open_for_new_order(order=order)
    except ApplicationError:  # nothing to pay (raised before writing): after commit, _payment_for says why
        return None


def _intent_for(payment: Payment) -> Payment | None:
    """Ask the gateway for the new payment's intent (after commit); None when it cannot be reached."""
    try:
        return payment_intent_ensure(payment=payment)
    except Exception:
        # A gateway outage must not lose the order: it stays unpaid and the shopper can pay later.
        logger.exception("payment for order %s could not be created", payment.order.number)
        return None


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


def checkout_payment_retry(*, order: Order):
    """Ask the gateway again for the payment of an unpaid order (after an outage at completion)."""
    return _payment_for(order)
