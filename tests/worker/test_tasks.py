"""Task options and the beat schedule (the behaviour of the tasks is tested with their services)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.utils import timezone

from shop.checkout.models import Checkout
from shop.checkout.services import checkout_complete
from shop.orders.models import Order, OrderStatus
from shop.orders.services import order_mark_paid
from tests.factories import make_buyable_product
from tests.shop.checkout.helpers import ready_checkout
from worker.app import app

MY_TASKS = [
    "worker.tasks.orders.order_email_task",
    "worker.tasks.orders.refund_email_task",
    "worker.tasks.orders.order_expire_unpaid_task",
    "worker.tasks.checkout.checkout_delete_stale_task",
]


@pytest.mark.parametrize("name", MY_TASKS)
def test_tasks_ack_late_and_retry_with_backoff(name):
    app.loader.import_default_modules()
    task = app.tasks[name]
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
    assert task.max_retries and task.max_retries <= 10
    assert task.retry_backoff
    assert task.autoretry_for


def test_beat_relays_the_outbox_expires_orders_and_requeues_stuck_payment_events():
    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    assert schedule["worker.tasks.outbox.outbox_relay_task"] <= 10
    assert schedule["worker.tasks.orders.order_expire_unpaid_task"] == crontab()  # every minute
    assert schedule["worker.tasks.payments.payment_event_sweep_task"] == crontab(minute="*/10")


def test_beat_pays_designers_on_the_first_after_the_month_is_closed():
    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    close = schedule["worker.tasks.royalties.royalty_period_close_task"]
    transfers = schedule["worker.tasks.royalties.royalty_designer_transfers_task"]
    assert close.day_of_month == transfers.day_of_month == {1}
    assert (min(transfers.hour), min(transfers.minute)) > (max(close.hour), max(close.minute))


@pytest.mark.django_db
def test_expire_task_releases_stock_of_overdue_orders():
    app.loader.import_default_modules()
    variant = make_buyable_product(stock=3)
    order = checkout_complete(checkout_token=ready_checkout(variant=variant, quantity=3).token).order
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(seconds=5))
    assert app.tasks["worker.tasks.orders.order_expire_unpaid_task"].apply().get() == 1
    order.refresh_from_db()
    variant.stock.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED and variant.stock.quantity_allocated == 0


@pytest.mark.django_db
def test_mark_paid_is_idempotent():
    order = checkout_complete(checkout_token=ready_checkout(variant=make_buyable_product()).token).order
    assert order_mark_paid(order=order).status == OrderStatus.PAID
    paid_at = Order.objects.get(pk=order.pk).paid_at
    assert order_mark_paid(order=order).status == OrderStatus.PAID
    assert Order.objects.get(pk=order.pk).paid_at == paid_at


@pytest.mark.django_db
def test_stale_checkouts_are_deleted():
    app.loader.import_default_modules()
    fresh = ready_checkout(variant=make_buyable_product())
    stale = ready_checkout(variant=make_buyable_product())
    Checkout.objects.filter(pk=stale.pk).update(updated_at=timezone.now() - timedelta(days=31))
    assert app.tasks["worker.tasks.checkout.checkout_delete_stale_task"].apply().get() == 1
    assert list(Checkout.objects.values_list("pk", flat=True)) == [fresh.pk]
