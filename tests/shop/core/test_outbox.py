"""The outbox: events are written with the change, relayed once per transaction, done only when their
task has finished, and sent again when the broker lost them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from shop.core.events import DomainEvent
from shop.core.models import OutboxMessage
from shop.core.outbox import event_publish, event_redeliver, outbox_relay
from shop.orders.events import ORDER_PAID, ORDER_PLACED
from shop.orders.models import OrderEvent
from shop.orders.services import order_mark_paid
from tests.broker import DEAD_BROKER, broker_url
from tests.outbox_helpers import outbox_run
from tests.shop.payments.factories import OrderFactory

pytestmark = pytest.mark.django_db


def _open() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(done_at__isnull=True, failed_at__isnull=True).order_by("id"))


def test_publishing_writes_one_message_per_subscriber_with_the_event_and_its_key():
    with transaction.atomic():
        assert event_publish(ORDER_PAID, order_id=7) == 2
    messages = OutboxMessage.objects.order_by("task_name")
    assert [(m.event, m.key, m.task_name, m.kwargs) for m in messages] == [
        (
            "order.paid",
            "order.paid:order_id=7",
            "worker.tasks.orders.order_email_task",
            {"order_id": 7, "kind": "paid"},
        ),
        ("order.paid", "order.paid:order_id=7", "worker.tasks.royalties.royalty_record_order_task", {"order_id": 7}),
    ]


def test_publishing_the_same_key_twice_writes_nothing_more():
    with transaction.atomic():
        event_publish(ORDER_PAID, order_id=7)
        event_publish(ORDER_PAID, order_id=7)
    with transaction.atomic():
        event_publish(ORDER_PAID, order_id=7)
    assert OutboxMessage.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_publishing_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        event_publish(ORDER_PAID, order_id=7)
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    "payload", [{}, {"order_id": 1, "extra": 2}, {"order": 1}, {"order_id": 1.5}, {"order_id": [1]}]
)
def test_a_payload_must_be_the_declared_ids(payload):
    with transaction.atomic(), pytest.raises(ValueError):
        event_publish(ORDER_PAID, **payload)
    assert not OutboxMessage.objects.exists()


def test_event_names_and_payloads_are_declared_once():
    with pytest.raises(ValueError):
        DomainEvent("OrderPaid", payload=("order_id",))
    with pytest.raises(ValueError):
        DomainEvent("order.paid", payload=("payment_id",))  # the name is taken with another payload


def test_a_transaction_relays_once_however_many_events_it_publishes(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        event_publish(ORDER_PLACED, order_id=1)
        event_publish(ORDER_PAID, order_id=1)
        event_publish(ORDER_PAID, order_id=2)
    assert len(callbacks) == 1
    # The relay handed all five messages to the broker (the in-memory one in tests) in that one call.
    assert OutboxMessage.objects.filter(sent_at__isnull=False, attempts=1).count() == 5


def test_a_message_is_done_only_when_its_task_has_finished(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = order_mark_paid(order=OrderFactory())
    sent = OutboxMessage.objects.filter(event="order.paid")
    assert all(m.sent_at is not None and m.done_at is None for m in sent)  # the broker took them; no task ran

    outbox_run()

    assert all(m.done_at is not None for m in OutboxMessage.objects.filter(event="order.paid"))
    assert OrderEvent.objects.filter(order=order, type="email_sent", key=f"email:paid:{order.pk}").exists()


def test_a_message_lost_by_the_broker_is_sent_again_after_the_window(settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_REDELIVER_AFTER_SECONDS = 60
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event_publish(ORDER_PLACED, order_id=1)
    message = OutboxMessage.objects.get()
    assert message.attempts == 1

    assert outbox_relay() == 0  # sent a moment ago: its task may be running
    OutboxMessage.objects.update(sent_at=timezone.now() - timedelta(seconds=61))
    assert outbox_relay() == 1  # the broker lost it (or the worker died): sent again

    message.refresh_from_db()
    assert message.attempts == 2 and message.done_at is None


def test_a_message_that_never_finishes_is_given_up_after_the_last_attempt(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    with transaction.atomic():
        event_publish(ORDER_PLACED, order_id=1)
    OutboxMessage.objects.update(attempts=3, sent_at=timezone.now() - timedelta(days=1))

    assert outbox_relay() == 0

    message = OutboxMessage.objects.get()
    assert message.failed_at is not None and message.done_at is None
    assert _open() == []


def test_a_broker_that_refuses_leaves_the_messages_unsent_with_the_error():
    with transaction.atomic():
        event_publish(ORDER_PAID, order_id=1)
    with broker_url(DEAD_BROKER):
        assert outbox_relay() == 0
    messages = list(OutboxMessage.objects.all())
    assert all(m.sent_at is None and m.last_error for m in messages)
    assert outbox_relay() == 2  # the broker is back


def test_a_task_that_fails_leaves_its_message_open():
    with transaction.atomic():
        event_publish(ORDER_PLACED, order_id=987654)  # no such order: the email task raises
    with pytest.raises(Exception, match="does not exist"):
        outbox_run()
    assert len(_open()) == 1


def test_redelivering_an_event_reopens_its_messages(django_capture_on_commit_callbacks):
    with transaction.atomic():
        event_publish(ORDER_PAID, order_id=3)
    OutboxMessage.objects.update(done_at=timezone.now(), attempts=4)

    with django_capture_on_commit_callbacks(execute=True):
        assert event_redeliver(ORDER_PAID, order_id=3) == 2

    assert all(m.done_at is None and m.attempts == 1 for m in OutboxMessage.objects.all())


def test_the_embedded_demo_runs_the_tasks_in_process_and_marks_them_done(settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        order = order_mark_paid(order=OrderFactory())
    assert OrderEvent.objects.filter(order=order, type="email_sent").exists()
    assert all(m.done_at is not None for m in OutboxMessage.objects.filter(event="order.paid"))
