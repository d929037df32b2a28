"""Collection tasks: thin, take ids, call services; idempotent (a tile set is recorded once, when complete)."""

from __future__ import annotations

from celery import shared_task

from shop.collection.services import relic_image_tiles_generate
from worker.tasks.base import TASK_OPTIONS


@shared_task(name="worker.tasks.collection.relic_image_tiles_task", **TASK_OPTIONS)
def relic_image_tiles_task(relic_image_id: int) -> int:
    """On ``relic_image.added``: write the image's deep-zoom tile sets; returns how many were made."""
    return relic_image_tiles_generate(relic_image_id=relic_image_id)
