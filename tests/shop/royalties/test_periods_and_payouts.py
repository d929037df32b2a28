import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from shop.core.errors import ApplicationError
from shop.royalties.errors import RoyaltyErrorCode
from shop.royalties.models import RoyaltyEntry, RoyaltyPeriod, RoyaltyStatement
from shop.royalties.payouts import bank_payees_due, royalty_reconcile, settlement_review
from shop.royalties.periods import period_of, period_parse
from shop.royalties.selectors import payee_balance, reconciliation_breaks, statement_list
from shop.royalties.services import (
    royalty_payout_record,
    royalty_period_close,
    royalty_period_close_due,
    royalty_record_order,
    royalty_record_refund,
)
from shop.royalties.split import Payee
from tests.factories import MuseumFactory
from tests.shop.royalties.factories import bank_account, designer_user, paid_order, refund_of, snapshot

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
SEP, OCT = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)


def _at(year, month, day=10, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def _ledger_state():
    return (RoyaltyEntry.objects.count(), RoyaltyPeriod.objects.count(), RoyaltyStatement.objects.count())


def _sale(museum, *, paid_at, fulfilled_at=None, delivered_at=None, **line):
    order = paid_order(
        lines=[{"royalty_snapshot": snapshot(shares=[(museum, 10_000)]), **line}],
        paid_at=paid_at,
        fulfilled_at=fulfilled_at,
        delivered_at=delivered_at,
    )
    royalty_record_order(order_id=order.pk)
    return order


def test_period_is_the_calendar_month_in_shanghai():
    # 2026-09-30 17:00 UTC is 2026-10-01 01:00 in Shanghai.
    assert period_of(datetime.datetime(2026, 9, 30, 17, tzinfo=datetime.UTC)) == OCT
    assert period_of(datetime.datetime(2026, 9, 30, 15, tzinfo=datetime.UTC)) == SEP


@pytest.mark.parametrize("value", ["2026-13", "2026-1", "26-01", "2026/01", "", "abcd-ef", "1999-12"])
def test_period_parse_refuses_malformed_periods(value):
    with pytest.raises(ApplicationError) as caught:
        period_parse(value)
    assert caught.value.code == RoyaltyErrorCode.INVALID


def test_close_writes_statements_whose_totals_add_up():
    museum = MuseumFactory()
    order = _sale(museum, paid_at=_at(2026, 9, 3), quantity=2)
    _sale(museum, paid_at=_at(2026, 9, 4))
    royalty_record_refund(refund_id=refund_of(order, [(order.lines.get(), 1)], created_at=_at(2026, 9, 8)).pk)
    royalty_period_close(period=SEP)
    statement = RoyaltyStatement.objects.get(payee_key=f"museum-{museum.pk}")
    entries = RoyaltyEntry.objects.filter(museum=museum)
    assert statement.opening_minor == 0
    assert statement.royalties_minor == sum(e.amount_minor for e in entries if e.kind == "sale")
    assert statement.reversals_minor == sum(e.amount_minor for e in entries if e.kind == "refund") < 0
    assert statement.closing_minor == sum(e.amount_minor for e in entries)
    assert statement.line_count == 3
    assert RoyaltyStatement.objects.filter(payee_key="platform").exists()


def test_next_statement_opens_with_the_previous_closing_balance():
    museum = MuseumFactory()
    _sale(museum, paid_at=_at(2026, 9, 3))
    royalty_period_close(period=SEP)
    _sale(museum, paid_at=_at(2026, 10, 3))
    royalty_period_close(period=OCT)
    sep, oct_ = RoyaltyStatement.objects.filter(payee_key=f"museum-{museum.pk}").order_by("period")
    assert oct_.opening_minor == sep.closing_minor > 0
    assert oct_.closing_minor == sep.closing_minor + oct_.royalties_minor


@pytest.mark.parametrize(
    ("period", "code"),
    [
        (SEP, RoyaltyErrorCode.PERIOD_CLOSED),
        (datetime.date(2026, 8, 1), RoyaltyErrorCode.PERIOD_CLOSED),
        (datetime.date(2026, 11, 1), RoyaltyErrorCode.PERIOD_NOT_ENDED),
        (datetime.date(2027, 2, 1), RoyaltyErrorCode.PERIOD_NOT_ENDED),
    ],
    ids=["again", "earlier", "current", "future"],
)
def test_close_refuses_closed_current_and_future_periods_and_changes_nothing(period, code):
    _sale(MuseumFactory(), paid_at=_at(2026, 9, 3))
    royalty_period_close(period=SEP, now=_at(2026, 11, 2))
    before = _ledger_state()
    with pytest.raises(ApplicationError) as caught:
        royalty_period_close(period=period, now=_at(2026, 11, 2))
    assert caught.value.code == code
    assert _ledger_state() == before


def test_close_refuses_skipping_an_open_month_with_entries():
    _sale(MuseumFactory(), paid_at=_at(2026, 8, 3))
    with pytest.raises(ApplicationError) as caught:
        royalty_period_close(period=SEP, now=_at(2026, 11, 2))
    assert caught.value.code == RoyaltyErrorCode.PERIOD_OUT_OF_ORDER
    assert "2026-08" in caught.value.message
    assert _ledger_state()[1:] == (0, 0)


def test_monthly_beat_closes_every_ended_month_in_order_once():
    museum = MuseumFactory()
    _sale(museum, paid_at=_at(2026, 9, 3))
    closed = royalty_period_close_due(now=_at(2026, 11, 1, 3))
    assert [p.period for p in closed] == [SEP, OCT]
    assert royalty_period_close_due(now=_at(2026, 11, 2)) == []


def test_statement_list_of_an_open_period_is_provisional_and_unsaved():
    museum = MuseumFactory()
    _sale(museum, paid_at=_at(2026, 9, 3))
    statements = statement_list(period=SEP, payees=[Payee("museum", museum.pk)])
    assert len(statements) == 1
    assert statements[0].pk is None
    assert not RoyaltyStatement.objects.exists()


def test_earnings_are_pending_until_the_return_window_after_delivery_closes(settings):
    settings.ROYALTY_RETURN_WINDOW_DAYS = 15
    settings.ORDER_AUTO_DELIVERED_DAYS = 10
    museum = MuseumFactory()
    payee = Payee("museum", museum.pk)
    now = timezone.now()

    def ago(days):
        return now - datetime.timedelta(days=days)

    _sale(museum, paid_at=now, fulfilled_at=None)  # not shipped
    _sale(museum, paid_at=now, fulfilled_at=ago(40), delivered_at=ago(14))  # delivered 14 days ago
    delivered = _sale(museum, paid_at=now, fulfilled_at=ago(20), delivered_at=ago(16))
    _sale(museum, paid_at=now, fulfilled_at=ago(24))  # never confirmed: deemed delivered 14 days ago
    deemed = _sale(museum, paid_at=now, fulfilled_at=ago(26))  # deemed delivered 16 days ago
    balance = payee_balance(payee=payee, currency="CNY")
    payable = RoyaltyEntry.objects.filter(museum=museum, order_line__order__in=[delivered, deemed])
    payable_amount = sum(payable.values_list("amount_minor", flat=True))
    assert payable_amount > 0
    assert balance.available_minor == payable_amount
    assert balance.pending_minor == balance.total_minor - payable_amount


def _available_museum(settings):
    settings.ROYALTY_RETURN_WINDOW_DAYS = 15
    museum = MuseumFactory()
    for _ in range(3):
        _sale(museum, paid_at=timezone.now(), fulfilled_at=timezone.now() - datetime.timedelta(days=30))
    return museum, Payee("museum", museum.pk)


def test_payout_reduces_the_available_balance(settings):
    _, payee = _available_museum(settings)
    available = payee_balance(payee=payee, currency="CNY").available_minor
    entry = royalty_payout_record(payee=payee, amount_minor=1000, currency="CNY", reference="ICBC-2026-0001")
    assert entry.amount_minor == -1000
    assert payee_balance(payee=payee, currency="CNY").available_minor == available - 1000


@pytest.mark.parametrize(
    ("amount", "currency", "reference", "code"),
    [
        (10**9, "CNY", "BANK-1", RoyaltyErrorCode.INSUFFICIENT_BALANCE),
        (100, "USD", "BANK-1", RoyaltyErrorCode.CURRENCY_MISMATCH),
        (0, "CNY", "BANK-1", RoyaltyErrorCode.INVALID),
        (-5, "CNY", "BANK-1", RoyaltyErrorCode.INVALID),
        (100, "CNY", "  ", RoyaltyErrorCode.REQUIRED),
        (100, "CNY", "DUP-1", RoyaltyErrorCode.UNIQUE),
    ],
    ids=["above-balance", "other-currency", "zero", "negative", "no-reference", "duplicate-reference"],
)
def test_payout_refusals_change_nothing(settings, amount, currency, reference, code):
    _, payee = _available_museum(settings)
    royalty_payout_record(payee=payee, amount_minor=100, currency="CNY", reference="DUP-1")
    before = _ledger_state()
    with pytest.raises(ApplicationError) as caught:
        royalty_payout_record(payee=payee, amount_minor=amount, currency=currency, reference=reference)
    assert caught.value.code == code
    assert _ledger_state() == before


def test_payout_cannot_take_pending_earnings(settings):
    museum = MuseumFactory()
    _sale(museum, paid_at=timezone.now())
    with pytest.raises(ApplicationError) as caught:
        royalty_payout_record(payee=Payee("museum", museum.pk), amount_minor=1, currency="CNY", reference="X")
    assert caught.value.code == RoyaltyErrorCode.INSUFFICIENT_BALANCE


def test_settlement_lists_only_balances_reaching_the_minimum(settings):
    rich, _ = _available_museum(settings)
    poor = MuseumFactory()
    for museum in (rich, poor):
        bank_account(museum)
    _sale(poor, paid_at=timezone.now(), fulfilled_at=timezone.now() - datetime.timedelta(days=30))
    settings.ROYALTY_MIN_PAYOUT_MINOR = 3000
    rows = bank_payees_due()
    assert [row.payee for row in rows] == [Payee("museum", rich.pk)]
    review = {row.payee: row.left_out for row in settlement_review()}
    assert review[Payee("museum", poor.pk)] == "below_minimum"


def test_reconciliation_lists_a_paid_line_without_entries_by_order_number():
    museum = MuseumFactory()
    _sale(museum, paid_at=_at(2026, 9, 3))
    forgotten = paid_order(lines=[{}], paid_at=_at(2026, 9, 5))
    breaks = reconciliation_breaks(period=SEP)
    assert [(b.check, b.order_number) for b in breaks] == [("missing_entries", forgotten.number)]
    run = royalty_reconcile(periods=[SEP])[0]
    assert not run.ok
    assert run.breaks[0]["order_number"] == forgotten.number


def test_reconciliation_of_a_clean_closed_period_has_no_breaks():
    museum = MuseumFactory()
    order = _sale(museum, paid_at=_at(2026, 9, 3), quantity=2)
    royalty_record_refund(refund_id=refund_of(order, [(order.lines.get(), 1)], created_at=_at(2026, 9, 8)).pk)
    royalty_period_close(period=SEP)
    assert reconciliation_breaks(period=SEP) == []


def test_a_closed_months_statements_list_museums_then_designers_then_the_platform():
    designer, museum = designer_user(), MuseumFactory()
    order = paid_order(
        lines=[{"royalty_snapshot": snapshot(shares=[(museum, 10_000)], designer=designer)}], paid_at=_at(2026, 9)
    )
    royalty_record_order(order_id=order.pk)
    royalty_period_close(period=SEP)
    assert [s.payee_key for s in statement_list(period=SEP)] == [
        f"museum-{museum.pk}",
        f"designer-{designer.pk}",
        "platform",
    ]


def test_openings_carried_forward_from_frozen_statements_equal_the_ledgers_sums():
    from shop.royalties.selectors import statement_totals

    first, second = MuseumFactory(), MuseumFactory()
    _sale(first, paid_at=_at(2026, 9))
    _sale(second, paid_at=_at(2026, 9, 20))
    royalty_period_close(period=SEP, now=_at(2026, 11, 2))
    _sale(first, paid_at=_at(2026, 10))  # second has no October activity: its balance rides on its statement
    royalty_period_close(period=OCT, now=_at(2026, 11, 2))
    _sale(first, paid_at=_at(2026, 11))
    november = datetime.date(2026, 11, 1)

    def openings(carry_forward: bool) -> dict:
        totals = statement_totals(period=november, carry_forward=carry_forward)
        return {(s.payee_key, s.currency): (s.opening_minor, s.closing_minor) for s in totals}

    assert openings(True) == openings(False)
    assert len(openings(True)) == 3, "both museums and the platform (the snapshot has no designer)"
    assert all(opening > 0 for opening, _ in openings(True).values())
