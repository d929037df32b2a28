"""What the incubator announces (published through ``shop.core.outbox.event_publish``; ``worker/`` subscribes)."""

from shop.core.events import DomainEvent

NOTIFICATION_CREATED = DomainEvent(
    "notification.created", payload=("notification_id",), doc="Someone has a new portal notification to be emailed."
)
