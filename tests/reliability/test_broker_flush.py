"""A broker that loses its whole queue delays work, never loses it: the outbox sends again whatever
was handed over and not finished, and idempotent tasks make that exactly once."""

from __future__ import annotations

import time
from collections import Counter

import pytest
import redis
from django.conf import settings as django_settings
from django.db.models import Count

from shop.checkout.services import checkout_complete
from shop.core.models import OutboxMessage
from shop.core.outbox import outbox_relay
from shop.orders.models import OrderEvent
from shop.orders.services import order_mark_paid
from shop.royalties.models import RoyaltyEntry
from tests.factories import make_buyable_product
from tests.shop.checkout.helpers import ready_checkout
from tests.worker.realworker import celery_worker, subjects, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ORDERS = 25  # 25 "placed" + 25 × ("paid" email, royalty entries) = 75 messages


def _queued() -> int:
    return redis.Redis.from_url(django_settings.REDIS_URL).llen("celery")


def test_a_flushed_broker_loses_no_email_and_no_royalty_entry(require_postgres, require_redis, tmp_path, settings):
    settings.OUTBOX_REDELIVER_AFTER_SECONDS = 3
    redis.Redis.from_url(django_settings.REDIS_URL).delete("celery")  # left by earlier tests without a worker
    variant = make_buyable_product(stock=ORDERS)
    orders = []
    for _ in range(ORDERS):
        order = checkout_complete(checkout_token=ready_checkout(variant=variant).token).order
        orders.append(order_mark_paid(order=order))
    # The relay handed every message to Redis after each commit; no worker has taken any yet.
    assert OutboxMessage.objects.filter(sent_at__isnull=False, done_at__isnull=True).count() == 3 * ORDERS
    assert _queued() == 3 * ORDERS

    # The broker loses everything it held (a flush, a failover without persistence, an eviction).
    redis.Redis.from_url(django_settings.REDIS_URL).flushdb()
    assert _queued() == 0

    mail_dir = tmp_path / "mail"
    with celery_worker(mail_dir, log_path=tmp_path / "worker.log"):
        time.sleep(1)
        assert subjects(mail_dir) == []  # nothing left to run: the work is in the outbox only
        time.sleep(settings.OUTBOX_REDELIVER_AFTER_SECONDS)

        def swept_and_done() -> bool:
            outbox_relay()  # what beat runs every few seconds
            return not OutboxMessage.objects.filter(done_at__isnull=True).exists()

        wait_for(swept_and_done, timeout=120, what="every outbox message to be done")
        time.sleep(2)  # room for a duplicate to arrive

    sent = Counter(subjects(mail_dir))
    for order in orders:
        assert sent[f"Order {order.number} received"] == 1
        assert sent[f"Order {order.number} confirmed: payment received"] == 1
    assert OrderEvent.objects.filter(type="email_sent").count() == 2 * ORDERS
    per_line = (
        RoyaltyEntry.objects.filter(kind="sale")
        .values("order_line", "payee_type", "museum", "designer")
        .annotate(n=Count("id"))
    )
    assert {row["n"] for row in per_line} == {1}  # one entry per payee per line, never two
    assert len({row["order_line"] for row in per_line}) == ORDERS
    # Each was sent again after the flush (on a loaded machine the sweep may send a slow one a third time:
    # the effects above are still exactly once, which is the guarantee).
    assert OutboxMessage.objects.filter(attempts__gte=2).count() == 3 * ORDERS
