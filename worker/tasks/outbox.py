from celery import shared_task

from shop.core.outbox import outbox_relay
from worker.tasks.base import TASK_OPTIONS


@shared_task(name="worker.tasks.outbox.outbox_relay_task", **{**TASK_OPTIONS, "max_retries": 0})
def outbox_relay_task() -> int:
    """Beat, every few seconds: send what is new in the outbox and send again what was lost."""
    return outbox_relay()
