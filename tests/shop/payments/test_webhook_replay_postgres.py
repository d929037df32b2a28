"""On PostgreSQL: one signed event delivered 20 times, some at once → one event, one transition, one email."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from shop.core.models import OutboxMessage
from shop.orders.models import OrderStatus
from shop.payments.models import PaymentEvent, PaymentStatus
from shop.payments.services import payment_create_for_order, payment_event_process
from tests.outbox_helpers import outbox_run
from tests.shop.payments.conftest import post_event
from tests.shop.payments.factories import OrderFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PROCESS_TASK = "worker.tasks.payments.payment_event_process_task"


def in_threads(count: int, target) -> list:
    """Run ``target()`` in ``count`` threads (each on its own database connection) released together."""
    start = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = target()
        except Exception as exc:  # reported by the test, not lost in the thread
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_an_event_replayed_twenty_times_some_concurrently_is_applied_once(require_postgres, stripe_api, mailoutbox):
    order = OrderFactory()
    payment = payment_create_for_order(order=order)
    event = stripe_api.succeed(payment.intent_id)

    def deliver() -> tuple[int, bool]:
        response = post_event(Client(), event)
        return response.status_code, response.json()["duplicate"]

    concurrent = in_threads(12, deliver)
    sequential = [deliver() for _ in range(8)]

    assert all(not isinstance(result, Exception) for result in concurrent), concurrent
    assert [status for status, _ in concurrent + sequential] == [200] * 20
    assert [duplicate for _, duplicate in concurrent].count(False) == 1  # the insert decided, once
    assert PaymentEvent.objects.count() == 1
    assert OutboxMessage.objects.filter(task_name=PROCESS_TASK).count() == 1

    stored = PaymentEvent.objects.get()
    # The worker may run a message twice (crash before ack): run the processing concurrently too.
    processed = in_threads(6, lambda: payment_event_process(payment_event_id=stored.pk).processed_at)
    assert all(not isinstance(result, Exception) for result in processed), processed
    assert len(set(processed)) == 1
    outbox_run()

    payment.refresh_from_db()
    order.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert order.status == OrderStatus.PAID
    assert order.events.filter(type="status_changed", data__to="paid").count() == 1
    assert len([m for m in mailoutbox if "payment received" in m.subject]) == 1
