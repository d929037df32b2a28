"""Who reacts to which domain event: the one table that turns events into tasks.

Apps publish events (``<app>/events.py``) and never name a task; this table is the only place that
knows both. Each subscriber is a task and the fixed keyword arguments it gets besides the event's
payload. The ``worker.E00x`` system checks (``worker/checks.py``) refuse to start when a declared event
has no subscriber, a subscription names an undeclared event or an unknown task, or fixed arguments
clash with the payload.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shop.core.events import PayloadValue


@dataclass(frozen=True, slots=True)
class Subscriber:
    task_name: str
    kwargs: dict[str, PayloadValue] = field(default_factory=dict)


SUBSCRIPTIONS: dict[str, tuple[Subscriber, ...]] = {
    "order.placed": (Subscriber("worker.tasks.orders.order_email_task", {"kind": "placed"}),),
    "order.paid": (
        Subscriber("worker.tasks.orders.order_email_task", {"kind": "paid"}),
        Subscriber("worker.tasks.royalties.royalty_record_order_task"),
    ),
    "order.refunded": (
        Subscriber("worker.tasks.orders.refund_email_task"),
        Subscriber("worker.tasks.royalties.royalty_record_refund_task"),
        Subscriber("worker.tasks.payments.payment_refund_task"),
    ),
    "order.charged_back": (Subscriber("worker.tasks.royalties.royalty_record_refund_task"),),
    "order.cancelled": (
        Subscriber("worker.tasks.orders.order_email_task", {"kind": "cancelled"}),
        Subscriber("worker.tasks.payments.payment_cancel_for_order_task"),
    ),
    "order.late_payment_refunded": (
        Subscriber("worker.tasks.orders.refund_email_task"),
        Subscriber("worker.tasks.payments.payment_refund_task"),
    ),
    "order.shipped": (Subscriber("worker.tasks.orders.shipment_email_task"),),
    "order.tracking_updated": (Subscriber("worker.tasks.orders.shipment_email_task"),),
    "return.requested": (Subscriber("worker.tasks.orders.return_email_task"),),
    "return.decided": (Subscriber("worker.tasks.orders.return_email_task"),),
    "payment.event_received": (Subscriber("worker.tasks.payments.payment_event_process_task"),),
    "submission.transitioned": (Subscriber("worker.tasks.incubator.submission_transition_notify_task"),),
    "notification.created": (Subscriber("worker.tasks.incubator.notification_email_task"),),
    "relic_image.added": (Subscriber("worker.tasks.collection.relic_image_tiles_task"),),
    "account.registration_attempted": (Subscriber("worker.tasks.accounts.account_registration_attempted_task"),),
    "statement_export.requested": (Subscriber("worker.tasks.royalties.statement_export_task"),),
    "statement_export.ready": (Subscriber("worker.tasks.royalties.statement_export_email_task"),),
}


def subscribers(event_name: str) -> tuple[Subscriber, ...]:
    return SUBSCRIPTIONS.get(event_name, ())
