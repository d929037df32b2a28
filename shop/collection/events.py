"""What the collection announces (published through ``shop.core.outbox.event_publish``; ``worker/`` subscribes)."""

from shop.core.events import DomainEvent

RELIC_IMAGE_ADDED = DomainEvent(
    "relic_image.added",
    payload=("relic_image_id",),
    doc="A relic photograph was stored (private original, watermarked preview): its deep-zoom tiles are due.",
)
