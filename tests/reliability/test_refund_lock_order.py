"""Issue 13, finding 7: with two worker processes, payment_refund_task and royalty_record_refund_task hit PostgreSQL
deadlocks on the order and refund rows (166 and 5 runs retried). Both now lock in one order — the order, then its
refund, then its payment (README, "Security and failure model") — and the refund with ``FOR NO KEY UPDATE``, which
the ledger's foreign-key checks on it do not wait for. Two workers race both tasks on many refunds; none deadlocks."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connections

from shop.payments.models import Payment, PaymentStatus
from shop.payments.services import payment_refund_execute
from shop.royalties.models import RoyaltyEntry
from shop.royalties.services import royalty_record_order, royalty_record_refund
from tests.factories import MuseumFactory
from tests.shop.royalties.factories import paid_order, refund_of, snapshot

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROUNDS = 40


def _race(jobs: list[Callable[[], object]]) -> list[object]:
    outcomes: list[object] = [None] * len(jobs)
    barrier = threading.Barrier(len(jobs))

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            try:
                outcomes[index] = job()
            except Exception as exc:  # the outcome under test
                outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_the_refund_tasks_of_two_workers_never_deadlock(require_postgres, settings):
    settings.PAYMENT_GATEWAY = "dummy"
    museum = MuseumFactory()
    failures = []
    for round_ in range(ROUNDS):
        order = paid_order(lines=[{"royalty_snapshot": snapshot(shares=[(museum, 10_000)])} for _ in range(3)])
        Payment.objects.create(
            order=order,
            gateway="dummy",
            intent_id=f"pi_dummy_lock_{round_}",
            amount_minor=3 * 12_800,
            status=PaymentStatus.SUCCEEDED,
            idempotency_key=f"lock-order-{round_}",
        )
        royalty_record_order(order_id=order.pk)
        refund = refund_of(order, [(line, 1) for line in order.lines.order_by("id")[:2]])

        outcomes = _race(
            [
                lambda refund_id=refund.pk: payment_refund_execute(refund_id=refund_id),
                lambda refund_id=refund.pk: royalty_record_refund(refund_id=refund_id),
            ]
        )
        failures += [o for o in outcomes if isinstance(o, Exception)]

    assert not failures, failures
    assert RoyaltyEntry.objects.filter(refund__isnull=False).count() == ROUNDS * 2 * 2  # 2 lines × 2 payees
