from celery import shared_task

from shop.checkout.services import checkout_delete_stale
from worker.tasks.base import TASK_OPTIONS


@shared_task(name="worker.tasks.checkout.checkout_delete_stale_task", **TASK_OPTIONS)
def checkout_delete_stale_task() -> int:
    """Beat, daily: forget carts abandoned for a month."""
    return checkout_delete_stale()
