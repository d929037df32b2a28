"""What royalties announce (published through ``shop.core.outbox.event_publish``; ``worker/`` subscribes)."""

from shop.core.events import DomainEvent

STATEMENT_EXPORT_REQUESTED = DomainEvent(
    "statement_export.requested",
    payload=("export_id",),
    doc="A statement too long to stream was asked for: its document is to be written in the background.",
)
STATEMENT_EXPORT_READY = DomainEvent(
    "statement_export.ready",
    payload=("export_id",),
    doc="A statement written in the background is in the private storage; whoever asked is to be told.",
)
