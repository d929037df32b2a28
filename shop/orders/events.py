"""What orders announce (published through ``shop.core.outbox.event_publish``; ``worker/`` subscribes)."""

from shop.core.events import DomainEvent

ORDER_PLACED = DomainEvent("order.placed", payload=("order_id",), doc="An unpaid order was placed; its stock is held.")
ORDER_PAID = DomainEvent("order.paid", payload=("order_id",), doc="The gateway collected the order's money.")
ORDER_REFUNDED = DomainEvent(
    "order.refunded", payload=("refund_id",), doc="Staff refunded lines of a paid order; the gateway must pay it back."
)
ORDER_CHARGED_BACK = DomainEvent(
    "order.charged_back",
    payload=("refund_id",),
    doc="A card dispute was lost: the network took the money back, booked as a refund with nothing to send.",
)
ORDER_CANCELLED = DomainEvent(
    "order.cancelled",
    payload=("order_id",),
    doc="An unpaid order was cancelled; its stock is back on sale and its open payment must be cancelled.",
)
ORDER_LATE_PAYMENT_REFUNDED = DomainEvent(
    "order.late_payment_refunded",
    payload=("refund_id",),
    doc="A payment came in for an order that no longer awaited it; booked as a full refund the gateway must pay.",
)
ORDER_SHIPPED = DomainEvent(
    "order.shipped", payload=("fulfillment_id",), doc="A parcel of the order left with a carrier and a tracking number."
)
ORDER_TRACKING_UPDATED = DomainEvent(
    "order.tracking_updated",
    payload=("fulfillment_id", "version"),
    doc="Staff corrected a parcel's carrier or tracking number (``version`` counts the edits).",
)
RETURN_REQUESTED = DomainEvent(
    "return.requested", payload=("return_id",), doc="A customer asked to send back delivered units."
)
RETURN_DECIDED = DomainEvent(
    "return.decided", payload=("return_id",), doc="Operations approved or rejected a return request."
)
