"""A broker outage loses nothing: work waits in the outbox and is done exactly once afterwards."""

from __future__ import annotations

import time

import pytest

from shop.checkout.services import checkout_complete
from shop.core.models import OutboxMessage
from shop.core.outbox import outbox_relay
from shop.orders.models import Order, OrderStatus
from tests.broker import DEAD_BROKER, broker_url
from tests.factories import make_buyable_product
from tests.shop.checkout.helpers import ready_checkout
from tests.worker.realworker import celery_worker, subjects, wait_for
from worker.app import app as celery_app

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_broker_outage_during_payment_loses_nothing(require_postgres, require_redis, tmp_path, settings):
    from shop.payments.services import payment_dummy_complete

    settings.PAYMENT_GATEWAY = "dummy"
    mail_dir = tmp_path / "mail"
    with celery_worker(mail_dir, log_path=tmp_path / "worker.log"):
        variant = make_buyable_product()
        with broker_url(DEAD_BROKER):
            result = checkout_complete(checkout_token=ready_checkout(variant=variant).token)
            payment_dummy_complete(payment=result.payment, succeeded=True)
            assert outbox_relay() == 0  # the sweep cannot send either
            pending = list(OutboxMessage.objects.filter(sent_at__isnull=True))
            assert {m.task_name for m in pending} >= {
                "worker.tasks.orders.order_email_task",
                "worker.tasks.payments.payment_event_process_task",
            }
            assert any(m.last_error for m in pending)
            time.sleep(2)
            assert Order.objects.get(pk=result.order.pk).status == OrderStatus.UNPAID
            assert subjects(mail_dir) == []

        # The broker is back: the beat sweep (here called directly) sends what waited.
        assert outbox_relay() >= 2
        order_id = result.order.pk
        wait_for(lambda: Order.objects.get(pk=order_id).status == OrderStatus.PAID, what="the order to be paid")
        wait_for(lambda: any("confirmed" in s for s in subjects(mail_dir)), what="the paid email")
        # A second relay and a duplicate delivery of the email task change nothing.
        outbox_relay()
        celery_app.send_task("worker.tasks.orders.order_email_task", kwargs={"order_id": order_id, "kind": "paid"})
        time.sleep(4)
    assert not OutboxMessage.objects.filter(done_at__isnull=True).exists()
    sent = subjects(mail_dir)
    number = result.order.number
    assert sent.count(f"Order {number} confirmed: payment received") == 1
    assert sent.count(f"Order {number} received") == 1
