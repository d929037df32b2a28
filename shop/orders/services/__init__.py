"""Orders' public surface: placement, status transitions, stock allocation, refunds and order emails.

Public surface: other apps call the orders app through this package (writes and business rules) and
``selectors`` (reads); besides those they use only its models, error codes and GraphQL types. Its
modules are its seams: ``transitions``, ``stock``, ``placement``, ``lifecycle``, ``refunds``, ``emails``.

Every status change goes through :data:`ORDER_TRANSITIONS` (one explicit map). Stock rows are
always locked in ascending id order, so concurrent writers queue instead of deadlocking; the
``stock_no_oversell`` constraint backs the arithmetic. What others do about it (emails, royalties,
gateway refunds) follows the domain events published here (``shop/orders/events.py``), written to
the outbox in the same transaction as the change.
"""

from shop.orders.services.emails import EMAIL_KINDS, order_email_send, refund_email_send
from shop.orders.services.lifecycle import (
    order_cancel,
    order_expire,
    order_expire_due,
    order_fulfil,
    order_mark_paid,
)
from shop.orders.services.placement import (
    OrderLineRequest,
    ShippingAddress,
    order_line_snapshot,
    order_number_new,
    order_place,
)
from shop.orders.services.refunds import MAX_REFUND_LINES, order_chargeback, order_refund
from shop.orders.services.stock import stock_allocate
from shop.orders.services.transitions import (
    ORDER_TRANSITIONS,
    PAID_STATUSES,
    REFUNDABLE_STATUSES,
    order_can_transition,
    order_transition,
)

__all__ = [
    "EMAIL_KINDS",
    "MAX_REFUND_LINES",
    "ORDER_TRANSITIONS",
    "PAID_STATUSES",
    "REFUNDABLE_STATUSES",
    "OrderLineRequest",
    "ShippingAddress",
    "order_can_transition",
    "order_cancel",
    "order_chargeback",
    "order_email_send",
    "order_expire",
    "order_expire_due",
    "order_fulfil",
    "order_line_snapshot",
    "order_mark_paid",
    "order_number_new",
    "order_place",
    "order_refund",
    "order_transition",
    "refund_email_send",
    "stock_allocate",
]
