import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from shop.core.errors import ApplicationError
from shop.orders.models import OrderStatus
from shop.royalties.errors import RoyaltyErrorCode
from shop.royalties.models import EntryKind, LedgerIsAppendOnly, RoyaltyEntry, RoyaltyPeriod
from shop.royalties.services import royalty_period_close, royalty_record_order, royalty_record_refund
from shop.royalties.split import Payee
from tests.factories import MuseumFactory, UserFactory
from tests.shop.royalties.factories import paid_order, refund_of, snapshot
from worker.tasks.royalties import royalty_record_order_task, royalty_record_refund_task

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(year, month, day=10, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def _by_payee(entries):
    result = {}
    for entry in entries:
        result[entry.payee.key] = result.get(entry.payee.key, 0) + entry.amount_minor
    return result


def test_record_order_writes_the_split_of_every_line():
    first, second = MuseumFactory(), MuseumFactory()
    designer = UserFactory()
    order = paid_order(
        lines=[{"royalty_snapshot": snapshot(shares=[(first, 6000), (second, 4000)], designer=designer)}]
    )
    assert royalty_record_order(order_id=order.pk) == 4
    entries = list(RoyaltyEntry.objects.all())
    # 128.00 incl. 13% VAT → base 11327; museums 10% held 60/40, designer 8%.
    assert _by_payee(entries) == {
        f"museum-{first.pk}": 680,
        f"museum-{second.pk}": 453,
        f"designer-{designer.pk}": 906,
        "platform": 9288,
    }
    assert {entry.base_minor for entry in entries} == {11327}
    assert all(entry.kind == EntryKind.SALE for entry in entries)
    assert entries[0].licence_ids == [1]
    assert entries[0].weights[f"designer-{designer.pk}"] == "2/25"


def test_record_order_task_run_twice_writes_nothing_twice():
    order = paid_order(lines=[{}, {"quantity": 3}])
    assert royalty_record_order_task(order.pk) == 4
    assert royalty_record_order_task(order.pk) == 0
    assert RoyaltyEntry.objects.count() == 4
    assert RoyaltyEntry.objects.values("idempotency_key").distinct().count() == 4


def test_record_order_refuses_an_unpaid_order_and_writes_nothing():
    order = paid_order(lines=[{}], status=OrderStatus.UNPAID)
    with pytest.raises(ApplicationError) as caught:
        royalty_record_order(order_id=order.pk)
    assert caught.value.code == RoyaltyErrorCode.INVALID_TRANSITION
    assert not RoyaltyEntry.objects.exists()


def test_record_order_with_an_unpayable_snapshot_writes_nothing_for_the_whole_order():
    bad = snapshot()
    bad["usages"][0]["weight_bp"] = 9000
    order = paid_order(lines=[{}, {"royalty_snapshot": bad}])
    with pytest.raises(ApplicationError) as caught:
        royalty_record_order(order_id=order.pk)
    assert caught.value.code == RoyaltyErrorCode.SNAPSHOT_INVALID
    assert not RoyaltyEntry.objects.exists()
    assert royalty_record_order_task(order.pk) == 0  # the task logs and does not retry a business refusal


def test_partial_then_completing_refunds_net_to_zero_for_every_payee():
    designer = UserFactory()
    order = paid_order(lines=[{"quantity": 3, "royalty_snapshot": snapshot(designer=designer)}])
    line = order.lines.get()
    royalty_record_order(order_id=order.pk)
    paid = _by_payee(RoyaltyEntry.objects.all())
    first = refund_of(order, [(line, 1)])
    assert royalty_record_refund_task(first.pk) == 3
    assert royalty_record_refund_task(first.pk) == 0
    reversal = RoyaltyEntry.objects.filter(refund=first)
    base = line.royalty_entries.first().base_minor
    assert -sum(e.amount_minor for e in reversal) == round(Decimal(base) / 3)
    second = refund_of(order, [(line, 2)])
    royalty_record_refund(refund_id=second.pk)
    assert set(_by_payee(RoyaltyEntry.objects.all()).values()) == {0}
    assert set(paid) == set(_by_payee(RoyaltyEntry.objects.all()))


def test_refund_recorded_before_the_sale_writes_the_sale_once():
    order = paid_order(lines=[{"quantity": 2}])
    refund = refund_of(order, [(order.lines.get(), 1)])
    royalty_record_refund(refund_id=refund.pk)
    assert RoyaltyEntry.objects.filter(kind=EntryKind.SALE).count() == 2  # museum, platform
    assert royalty_record_order(order_id=order.pk) == 0


def test_refunds_recorded_out_of_order_give_the_same_reversals():
    def run(order_of_tasks):
        order = paid_order(lines=[{"quantity": 3, "unit_price_amount": Decimal("0.07")}])
        line = order.lines.get()
        refunds = [refund_of(order, [(line, 1)]), refund_of(order, [(line, 1)])]
        for index in order_of_tasks:
            royalty_record_refund(refund_id=refunds[index].pk)
        return [
            sorted(RoyaltyEntry.objects.filter(refund=r).values_list("payee_type", "amount_minor")) for r in refunds
        ]

    assert run([0, 1]) == run([1, 0])


def test_entry_refuses_update_and_delete():
    royalty_record_order(order_id=paid_order(lines=[{}]).pk)
    entry = RoyaltyEntry.objects.first()
    entry.amount_minor += 1
    with pytest.raises(LedgerIsAppendOnly):
        entry.save()
    with pytest.raises(LedgerIsAppendOnly):
        entry.delete()


def test_postgres_trigger_refuses_update_and_delete_behind_the_models_back(require_postgres):
    royalty_record_order(order_id=paid_order(lines=[{}]).pk)
    entry = RoyaltyEntry.objects.first()
    for statement in ("UPDATE royalties_royaltyentry SET amount_minor = 0", "DELETE FROM royalties_royaltyentry"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert RoyaltyEntry.objects.get(pk=entry.pk).amount_minor == entry.amount_minor


def test_sale_dated_into_a_closed_period_is_booked_as_an_adjustment_in_the_open_one():
    royalty_period_close(period=datetime.date(2026, 9, 1))
    order = paid_order(lines=[{}], paid_at=_at(2026, 9, 20))
    royalty_record_order(order_id=order.pk)
    entries = list(RoyaltyEntry.objects.all())
    assert {e.kind for e in entries} == {EntryKind.ADJUSTMENT}
    assert {e.period for e in entries} == {datetime.date(2026, 10, 1)}
    assert {e.corrected_period for e in entries} == {datetime.date(2026, 9, 1)}
    assert order.number in entries[0].memo


def test_refund_after_close_reverses_as_an_adjustment_referencing_the_sale():
    order = paid_order(lines=[{"quantity": 2}], paid_at=_at(2026, 9, 5))
    royalty_record_order(order_id=order.pk)
    royalty_period_close(period=datetime.date(2026, 9, 1))
    refund = refund_of(order, [(order.lines.get(), 2)], created_at=_at(2026, 9, 28))
    royalty_record_refund(refund_id=refund.pk)
    reversals = list(RoyaltyEntry.objects.filter(refund=refund))
    assert {e.kind for e in reversals} == {EntryKind.ADJUSTMENT}
    assert {e.period for e in reversals} == {datetime.date(2026, 10, 1)}
    for entry in reversals:
        assert entry.corrects.kind == EntryKind.SALE
        assert entry.corrects.payee == entry.payee
        assert entry.amount_minor == -entry.corrects.amount_minor
    assert RoyaltyEntry.objects.filter(period=datetime.date(2026, 9, 1)).count() == 2
    assert RoyaltyPeriod.objects.count() == 1


def test_payee_key_of_entry_matches_split_payee():
    museum = MuseumFactory()
    royalty_record_order(order_id=paid_order(lines=[{"royalty_snapshot": snapshot(shares=[(museum, 10_000)])}]).pk)
    assert Payee("museum", museum.pk) in {entry.payee for entry in RoyaltyEntry.objects.all()}
