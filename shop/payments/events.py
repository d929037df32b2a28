"""What payments announce (published through ``shop.core.outbox.event_publish``; ``worker/`` subscribes)."""

from shop.core.events import DomainEvent

PAYMENT_EVENT_RECEIVED = DomainEvent(
    "payment.event_received",
    payload=("event_id",),
    doc="An authenticated gateway event (webhook or dummy pay page) was stored once; it must be applied.",
)
