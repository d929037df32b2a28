"""Checkout: lines, contact and address, and completion into an order and a payment.

Quantities are whole numbers from 1 to ``CHECKOUT_MAX_LINE_QUANTITY`` per line; a checkout has
at most ``CHECKOUT_MAX_LINES`` lines. Completion re-validates every line, allocates stock in
one transaction (``shop.orders.services.order_place``) and asks the payment gateway for a
payment only after that transaction has committed.

The package splits along those seams: ``lines`` (lines, email, stale carts), ``address`` and
``completion``; every public function is importable from here.

Public surface: other apps call the checkout app through this package (writes and business rules) and
``selectors`` (reads); besides those they use only its models, error codes and GraphQL types.
"""

from shop.checkout.services.address import checkout_shipping_address_update, shipping_address_clean
from shop.checkout.services.completion import CheckoutResult, checkout_complete, checkout_payment_retry
from shop.checkout.services.lines import (
    LineInput,
    checkout_create,
    checkout_delete_stale,
    checkout_email_update,
    checkout_line_delete,
    checkout_lines_add,
    checkout_lines_update,
)

__all__ = [
    "CheckoutResult",
    "LineInput",
    "checkout_complete",
    "checkout_create",
    "checkout_delete_stale",
    "checkout_email_update",
    "checkout_line_delete",
    "checkout_lines_add",
    "checkout_lines_update",
    "checkout_payment_retry",
    "checkout_shipping_address_update",
    "shipping_address_clean",
]
