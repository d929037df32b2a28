from celery import shared_task

from shop.orders.services import (
    fulfillments_deliver_due,
    order_email_send,
    order_expire_due,
    refund_email_send,
    return_email_send,
    shipment_email_send,
)
from worker.tasks.base import TASK_OPTIONS


@shared_task(name="worker.tasks.orders.order_email_task", **TASK_OPTIONS)
def order_email_task(order_id: int, kind: str) -> bool:
    """Send the order's ``placed``/``paid``/``cancelled`` email; exactly once, however often it runs."""
    return order_email_send(order_id=order_id, kind=kind)


@shared_task(name="worker.tasks.orders.refund_email_task", **TASK_OPTIONS)
def refund_email_task(refund_id: int) -> bool:
    return refund_email_send(refund_id=refund_id)


@shared_task(name="worker.tasks.orders.shipment_email_task", **TASK_OPTIONS)
def shipment_email_task(fulfillment_id: int, version: int = 1) -> bool:
    """The "shipped" email of a parcel (or "new tracking number" for a later ``version``); once each."""
    return shipment_email_send(fulfillment_id=fulfillment_id, version=version)


@shared_task(name="worker.tasks.orders.return_email_task", **TASK_OPTIONS)
def return_email_task(return_id: int) -> bool:
    """The customer's email about their return (received, approved or rejected); once per state."""
    return return_email_send(return_id=return_id)


@shared_task(name="worker.tasks.orders.order_expire_unpaid_task", **TASK_OPTIONS)
def order_expire_unpaid_task() -> int:
    """Beat, every minute: expire unpaid orders past their time and release their stock."""
    return order_expire_due()


@shared_task(name="worker.tasks.orders.fulfillments_deliver_due_task", **TASK_OPTIONS)
def fulfillments_deliver_due_task() -> int:
    """Beat, hourly: parcels shipped ``ORDER_AUTO_DELIVERED_DAYS`` ago and never confirmed are deemed delivered."""
    return fulfillments_deliver_due()
