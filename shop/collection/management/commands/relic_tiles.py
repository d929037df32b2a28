"""``manage.py relic_tiles``: ask the worker for the deep-zoom tiles of every relic image that lacks them (images
stored before tiles existed, or whose tiling failed for good and whose cause is fixed). Safe to run again."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Q

from shop.collection.events import RELIC_IMAGE_ADDED
from shop.collection.models import RelicImage, TileSetKind
from shop.core.outbox import event_publish, event_redeliver


class Command(BaseCommand):
    help = "Publish relic_image.added again for every relic image without both tile sets."

    def handle(self, *args, **options) -> None:
        complete = Count("tile_sets", filter=Q(tile_sets__kind__in=[TileSetKind.PREVIEW, TileSetKind.ORIGINAL]))
        missing = RelicImage.objects.annotate(tiled=complete).filter(tiled__lt=2).values_list("pk", flat=True)
        asked = 0
        for image_id in missing:
            with transaction.atomic():
                # A message already in the outbox (done or failed) is reopened; otherwise one is published.
                if not event_redeliver(RELIC_IMAGE_ADDED, relic_image_id=image_id):
                    event_publish(RELIC_IMAGE_ADDED, relic_image_id=image_id)
            asked += 1
        self.stdout.write(f"Asked the worker for the tiles of {asked} relic image(s).")
