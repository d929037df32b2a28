"""What accounts announce (published through ``shop.core.outbox.event_publish``; ``worker/`` subscribes)."""

from shop.core.events import DomainEvent

ACCOUNT_REGISTRATION_ATTEMPTED = DomainEvent(
    "account.registration_attempted",
    payload=("user_id",),
    doc="Someone tried to register an email that has an account; its owner is told (the API answers as for a new one).",
)
