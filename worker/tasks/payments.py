"""Payment tasks: process a stored gateway event, cancel a cancelled order's payment, send a refund to the gateway.

A gateway that cannot be reached is retried with backoff (then the outbox sends the message again); a
refusal that retrying will not mend is reported on the order for operations."""

import logging

from celery import shared_task

from shop.core.errors import ApplicationError
from shop.orders.models import Refund
from shop.payments.gateways import GatewayUnavailable
from shop.payments.services import (
    payment_cancel_for_order,
    payment_event_process,
    payment_event_requeue_unprocessed,
    payment_problem_report,
    payment_refund_execute,
)
from worker.tasks.base import RETRY_ON, TASK_OPTIONS

logger = logging.getLogger(__name__)

PAYMENT_TASK_OPTIONS = {**TASK_OPTIONS, "autoretry_for": (*RETRY_ON, GatewayUnavailable)}


@shared_task(name="worker.tasks.payments.payment_event_process_task", **PAYMENT_TASK_OPTIONS)
def payment_event_process_task(event_id: int) -> str:
    """Apply the stored ``PaymentEvent`` ``event_id`` (its primary key) once; returns its error, if any."""
    try:
        return payment_event_process(payment_event_id=event_id).error
    except ApplicationError as exc:
        logger.error("payment event %s not processed: %s", event_id, exc.message)
        return f"{exc.code}: {exc.message}"


@shared_task(name="worker.tasks.payments.payment_refund_task", **PAYMENT_TASK_OPTIONS)
def payment_refund_task(refund_id: int) -> str:
    """Refund ``refund_id`` at the gateway once; returns the gateway's refund reference.

    A gateway that is unreachable is retried with backoff (same idempotency key); a refusal is
    reported on the order for staff and not retried."""
    try:
        return payment_refund_execute(refund_id=refund_id).gateway_reference
    except GatewayUnavailable:
        raise
    except ApplicationError as exc:
        order_id = Refund.objects.filter(pk=refund_id).values_list("order_id", flat=True).first()
        if order_id is None:
            logger.error("refund %s not sent to the gateway: %s: %s", refund_id, exc.code, exc.message)
        else:
            payment_problem_report(
                order_id=order_id, what="refund", message=f"{exc.code}: {exc.message}", key=f"refund:{refund_id}"
            )
        return ""


@shared_task(name="worker.tasks.payments.payment_cancel_for_order_task", **PAYMENT_TASK_OPTIONS)
def payment_cancel_for_order_task(order_id: int) -> int:
    """Cancel the open payment of cancelled order ``order_id`` at its gateway; returns how many were open.

    Unreachable: retried with backoff. Refused: reported on the order for operations, not retried."""
    try:
        return len(payment_cancel_for_order(order_id=order_id))
    except GatewayUnavailable:
        raise
    except ApplicationError as exc:
        payment_problem_report(
            order_id=order_id, what="cancel", message=f"{exc.code}: {exc.message}", key=f"cancel:{order_id}"
        )
        return 0


@shared_task(name="worker.tasks.payments.payment_event_sweep_task", **PAYMENT_TASK_OPTIONS)
def payment_event_sweep_task() -> int:
    """Beat: queue again the processing of events left unprocessed (a task that gave up)."""
    return payment_event_requeue_unprocessed()
