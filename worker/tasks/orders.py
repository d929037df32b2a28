from celery import shared_task

from shop.orders.services import order_email_send, order_expire_due, refund_email_send
from worker.tasks.base import TASK_OPTIONS


@shared_task(name="worker.tasks.orders.order_email_task", **TASK_OPTIONS)
def order_email_task(order_id: int, kind: str) -> bool:
    """Send the order's ``placed``/``paid`` email; exactly once, however often it runs."""
    return order_email_send(order_id=order_id, kind=kind)


@shared_task(name="worker.tasks.orders.refund_email_task", **TASK_OPTIONS)
def refund_email_task(refund_id: int) -> bool:
    return refund_email_send(refund_id=refund_id)


@shared_task(name="worker.tasks.orders.order_expire_unpaid_task", **TASK_OPTIONS)
def order_expire_unpaid_task() -> int:
    """Beat, every minute: expire unpaid orders past their time and release their stock."""
    return order_expire_due()
