"""The order pipeline through a real Celery worker process and Redis."""

from __future__ import annotations

import time

import pytest

from shop.checkout.services import checkout_complete
from shop.orders.models import Order, OrderEvent, OrderStatus
from shop.orders.services import order_mark_paid
from tests.factories import make_buyable_product
from tests.shop.checkout.helpers import ready_checkout
from tests.worker.realworker import celery_worker, subjects, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_worker_sends_the_order_emails_once(require_postgres, require_redis, tmp_path):
    mail_dir = tmp_path / "mail"
    with celery_worker(mail_dir, log_path=tmp_path / "worker.log"):
        variant = make_buyable_product()
        order = checkout_complete(checkout_token=ready_checkout(variant=variant).token).order
        wait_for(lambda: any("received" in s for s in subjects(mail_dir)), what="the order-received email")
        order_mark_paid(order=order)
        wait_for(lambda: any("confirmed" in s for s in subjects(mail_dir)), what="the paid email")
        order_mark_paid(order=order)  # a duplicate payment notification
        time.sleep(3)  # room for any duplicate to arrive
    sent = subjects(mail_dir)
    assert sorted(sent) == sorted(
        [f"Order {order.number} received", f"Order {order.number} confirmed: payment received"]
    )
    assert Order.objects.get(pk=order.pk).status == OrderStatus.PAID
    assert OrderEvent.objects.filter(order=order, type="email_sent").count() == 2


def test_worker_processes_a_dummy_payment_end_to_end(require_postgres, require_redis, tmp_path, settings):
    """Checkout → dummy gateway success → payment event task → order paid → email, all in the worker."""
    from shop.payments.services import payment_dummy_complete

    settings.PAYMENT_GATEWAY = "dummy"
    mail_dir = tmp_path / "mail"
    with celery_worker(mail_dir, log_path=tmp_path / "worker.log"):
        variant = make_buyable_product()
        result = checkout_complete(checkout_token=ready_checkout(variant=variant).token)
        assert result.payment is not None
        payment_dummy_complete(payment=result.payment, succeeded=True)
        wait_for(
            lambda: Order.objects.get(pk=result.order.pk).status == OrderStatus.PAID, what="the order to become paid"
        )
        wait_for(lambda: any("confirmed" in s for s in subjects(mail_dir)), what="the paid email")
    assert sum("confirmed" in s for s in subjects(mail_dir)) == 1
