"""The ledger under concurrency on PostgreSQL: tasks racing on one order write once, payouts racing on one
balance never overdraw it, and a month closing while sales are recorded into it stays equal to the ledger."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.db import connections
from django.db.models import Sum
from django.utils import timezone

from shop.core.errors import ApplicationError
from shop.royalties.models import EntryKind, RoyaltyEntry, RoyaltyStatement
from shop.royalties.payouts import royalty_settlement_issue
from shop.royalties.selectors import payee_balance, reconciliation_breaks
from shop.royalties.services import royalty_payout_record, royalty_period_close, royalty_record_order
from shop.royalties.split import Payee
from tests.factories import MuseumFactory
from tests.shop.royalties.factories import bank_account, paid_order, snapshot

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
SHANGHAI = ZoneInfo("Asia/Shanghai")
SEP = datetime.date(2026, 9, 1)


def _race(jobs: list[Callable[[], object]]) -> list[object]:
    """Run every job at once, each in its own thread and connection; what each returned or raised."""
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

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _available_museum(settings, *, lines: int = 5):
    settings.ROYALTY_RETURN_WINDOW_DAYS = 15
    museum = MuseumFactory()
    order = paid_order(
        lines=[{"royalty_snapshot": snapshot(shares=[(museum, 10_000)])} for _ in range(lines)],
        paid_at=datetime.datetime(2026, 9, 10, 12, tzinfo=SHANGHAI),
        fulfilled_at=timezone.now() - datetime.timedelta(days=40),
    )
    royalty_record_order(order_id=order.pk)
    bank_account(museum)  # a settlement asks transfers only to payees whose bank details are on file
    return museum, Payee("museum", museum.pk)


def test_eight_workers_recording_one_order_at_once_write_its_entries_once(require_postgres):
    museum = MuseumFactory()
    order = paid_order(lines=[{"royalty_snapshot": snapshot(shares=[(museum, 10_000)])} for _ in range(4)])

    outcomes = _race([lambda: royalty_record_order(order_id=order.pk)] * 8)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert sorted(outcomes) == [0] * 7 + [8]  # 4 lines × (museum, platform), written by exactly one worker
    assert RoyaltyEntry.objects.filter(order_line__order=order).count() == 8


def test_payouts_racing_on_one_balance_never_take_more_than_it_holds(require_postgres, settings):
    _, payee = _available_museum(settings)
    available = payee_balance(payee=payee, currency="CNY").available_minor
    share = available * 2 // 5  # two fit, a third would overdraw

    outcomes = _race(
        [
            (lambda n=n: royalty_payout_record(payee=payee, amount_minor=share, currency="CNY", reference=f"B-{n}"))
            for n in range(6)
        ]
    )

    refused = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert len(refused) == 4 and {o.code for o in refused} == {"INSUFFICIENT_BALANCE"}, outcomes
    assert payee_balance(payee=payee, currency="CNY").available_minor == available - 2 * share
    assert RoyaltyEntry.objects.filter(kind=EntryKind.PAYOUT).count() == 2


def test_transfers_racing_on_one_settlement_line_never_pay_it_twice(require_postgres, settings):
    settings.ROYALTY_MIN_PAYOUT_MINOR = 100
    _, payee = _available_museum(settings)
    royalty_period_close(period=SEP)
    [line] = royalty_settlement_issue(period=SEP).lines.all()
    more = paid_order(
        lines=[{"royalty_snapshot": snapshot(shares=[(line.museum, 10_000)])} for _ in range(5)],
        fulfilled_at=timezone.now() - datetime.timedelta(days=40),
    )
    royalty_record_order(order_id=more.pk)  # enough balance: only the line can refuse

    outcomes = _race(
        [
            (
                lambda n=n: royalty_payout_record(
                    payee=payee,
                    amount_minor=line.amount_minor,
                    currency="CNY",
                    reference=f"ICBC-{n}",
                    settlement_line_id=line.pk,
                )
            )
            for n in range(5)
        ]
    )

    refused = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert len(refused) == 4 and {o.code for o in refused} == {"SETTLEMENT_MISMATCH"}, outcomes
    assert -line.payouts.aggregate(total=Sum("amount_minor"))["total"] == line.amount_minor
    assert reconciliation_breaks(period=SEP) == []


def test_a_month_closing_while_its_sales_are_recorded_stays_equal_to_the_ledger(require_postgres):
    museum = MuseumFactory()
    orders = [
        paid_order(
            lines=[{"royalty_snapshot": snapshot(shares=[(museum, 10_000)])}],
            paid_at=datetime.datetime(2026, 9, 5 + n, 12, tzinfo=SHANGHAI),
        )
        for n in range(12)
    ]

    jobs: list[Callable[[], object]] = [lambda: royalty_period_close(period=SEP)]
    jobs += [(lambda order=order: royalty_record_order(order_id=order.pk)) for order in orders]
    outcomes = _race(jobs)

    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    # Each sale is either in September's frozen statement or booked into October as an adjustment.
    in_september = RoyaltyEntry.objects.filter(period=SEP).count()
    adjustments = RoyaltyEntry.objects.filter(kind=EntryKind.ADJUSTMENT, corrected_period=SEP).count()
    assert in_september + adjustments == 24  # 12 lines × (museum, platform)
    statement_lines = RoyaltyStatement.objects.filter(period=SEP).aggregate(total=Sum("line_count"))["total"] or 0
    assert statement_lines == in_september
    assert [b for b in reconciliation_breaks(period=SEP) if b.check == "statement_differs"] == []
