"""Orders' public surface: placement, status, stock, shipping, delivery, returns, refunds and order emails.

Public surface: other apps call the orders app through this package (writes and business rules) and
``selectors`` (reads); besides those they use only its models, error codes and GraphQL types. Its
modules are its seams: ``transitions``, ``stock``, ``placement``, ``lifecycle``, ``fulfilment``,
``delivery``, ``returns``, ``refunds``, ``late_payments``, ``emails``.

Every status change goes through :data:`ORDER_TRANSITIONS` (one explicit map); after payment the status
follows the order's facts (``order_status_for``). Stock rows are always locked in ascending id order, after
the order's row, so concurrent writers queue instead of deadlocking; the ``stock_no_oversell`` constraint
backs the arithmetic. What others do about it (emails, royalties, gateway refunds) follows the domain
events published here (``shop/orders/events.py``), written to the outbox in the same transaction as the change.
"""

from shop.orders.services.delivery import fulfillment_mark_delivered, fulfillments_deliver_due, order_confirm_receipt
from shop.orders.services.emails import (
    EMAIL_KINDS,
    order_email_send,
    order_links,
    order_recipient_language,
    refund_email_send,
    return_email_send,
    shipment_email_send,
)
from shop.orders.services.fulfilment import (
    ShipmentPlan,
    fulfillment_update_tracking,
    order_fulfil,
    order_shipment_plan,
)
from shop.orders.services.late_payments import (
    order_late_payment_refund,
    order_payment_cancelled_record,
    order_payment_problem_record,
)
from shop.orders.services.lifecycle import (
    NOTE_MAX,
    order_cancel,
    order_expire,
    order_expire_due,
    order_mark_paid,
    order_note_add,
)
from shop.orders.services.placement import (
    OrderLineRequest,
    ShippingAddress,
    order_line_snapshot,
    order_number_new,
    order_place,
)
from shop.orders.services.refunds import (
    IDEMPOTENCY_KEY_MAX,
    MAX_REFUND_LINES,
    RefundQuote,
    order_chargeback,
    order_refund,
    order_refund_quote,
)
from shop.orders.services.returns import (
    order_return_window_closes,
    order_returnable,
    return_receive,
    return_request_create,
    return_request_decide,
)
from shop.orders.services.stock import stock_allocate, stock_free
from shop.orders.services.transitions import (
    ORDER_TRANSITIONS,
    PAID_STATUSES,
    REFUNDABLE_STATUSES,
    TO_SHIP_STATUSES,
    order_can_transition,
    order_status_for,
    order_status_sync,
    order_transition,
)

__all__ = [
    "EMAIL_KINDS",
    "IDEMPOTENCY_KEY_MAX",
    "MAX_REFUND_LINES",
    "NOTE_MAX",
    "ORDER_TRANSITIONS",
    "PAID_STATUSES",
    "REFUNDABLE_STATUSES",
    "TO_SHIP_STATUSES",
    "OrderLineRequest",
    "RefundQuote",
    "ShipmentPlan",
    "ShippingAddress",
    "fulfillment_mark_delivered",
    "fulfillment_update_tracking",
    "fulfillments_deliver_due",
    "order_can_transition",
    "order_cancel",
    "order_chargeback",
    "order_confirm_receipt",
    "order_email_send",
    "order_expire",
    "order_expire_due",
    "order_fulfil",
    "order_late_payment_refund",
    "order_line_snapshot",
    "order_links",
    "order_mark_paid",
    "order_note_add",
    "order_number_new",
    "order_payment_cancelled_record",
    "order_payment_problem_record",
    "order_place",
    "order_recipient_language",
    "order_refund",
    "order_refund_quote",
    "order_return_window_closes",
    "order_returnable",
    "order_shipment_plan",
    "order_status_for",
    "order_status_sync",
    "order_transition",
    "refund_email_send",
    "return_email_send",
    "return_receive",
    "return_request_create",
    "return_request_decide",
    "shipment_email_send",
    "stock_allocate",
    "stock_free",
]
