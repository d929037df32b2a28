"""Bank settlements: issued once per closed month, frozen, and matched against the payouts finance records."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from shop.core.errors import ApplicationError
from shop.royalties.errors import RoyaltyErrorCode
from shop.royalties.models import (
    DesignerBankAccount,
    DesignerPayoutAccount,
    LedgerIsAppendOnly,
    MuseumBankAccount,
    RoyaltyEntry,
    RoyaltySettlement,
    RoyaltySettlementLine,
)
from shop.royalties.payouts import royalty_reconcile, royalty_settlement_issue
from shop.royalties.periods import period_current, period_previous
from shop.royalties.selectors import payee_balance, reconciliation_breaks
from shop.royalties.services import royalty_payout_record, royalty_period_close, royalty_record_order
from shop.royalties.split import Payee
from tests.factories import MuseumFactory
from tests.shop.royalties.factories import bank_account, designer_user, finance_user, paid_order, snapshot

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
SEP, OCT = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)


def _earn(*, museum=None, designer=None, month: int = 9, lines: int = 3) -> None:
    """Earnings paid in ``month`` of 2026 on an order fulfilled long enough ago to be available."""
    museum = museum or MuseumFactory()
    order = paid_order(
        lines=[{"royalty_snapshot": snapshot(shares=[(museum, 10_000)], designer=designer)} for _ in range(lines)],
        paid_at=datetime.datetime(2026, month, 10, 12, tzinfo=SHANGHAI),
        fulfilled_at=timezone.now() - datetime.timedelta(days=30),
    )
    royalty_record_order(order_id=order.pk)


def _available(payee: Payee) -> int:
    return payee_balance(payee=payee, currency="CNY").available_minor


def _checks(period):
    return [(item.check, item.reference) for item in reconciliation_breaks(period=period)]


@pytest.fixture
def museum(settings):
    settings.ROYALTY_MIN_PAYOUT_MINOR = 100
    settings.ROYALTY_RETURN_WINDOW_DAYS = 15
    museum = MuseumFactory()
    MuseumBankAccount.objects.create(
        museum=museum,
        account_name="重庆中国三峡博物馆",
        bank_name="中国工商银行重庆分行",
        account_number="3100021109024",
    )
    _earn(museum=museum)
    return museum


def test_issue_refuses_a_period_that_is_not_closed_and_writes_nothing(museum):
    with pytest.raises(ApplicationError) as caught:
        royalty_settlement_issue(period=SEP)
    assert caught.value.code == RoyaltyErrorCode.PERIOD_OPEN
    assert not RoyaltySettlement.objects.exists()


def test_issue_freezes_one_line_per_payee_paid_by_bank_with_the_bank_details(museum, settings):
    without_account = MuseumFactory()
    by_bank, by_stripe = designer_user(), designer_user()
    DesignerBankAccount.objects.create(
        designer=by_bank, account_name="陈浩", bank_name="招商银行成都分行", account_number="6225880000001234"
    )
    DesignerPayoutAccount.objects.create(designer=by_stripe, stripe_account_id="acct_0000stripe")
    _earn(museum=without_account, designer=by_bank)
    _earn(museum=without_account, designer=by_stripe)
    royalty_period_close(period=SEP)
    expected = {payee: _available(payee) for payee in (Payee("museum", museum.pk), Payee("designer", by_bank.pk))}

    settlement = royalty_settlement_issue(period=SEP, issued_by=finance_user())

    lines = {line.payee: line for line in settlement.lines.all()}
    assert {payee: line.amount_minor for payee, line in lines.items()} == expected  # no Stripe designer, no platform
    mine = lines[Payee("museum", museum.pk)]
    assert (mine.bank_name, mine.account_number) == ("中国工商银行重庆分行", "3100021109024")
    assert lines[Payee("designer", by_bank.pk)].account_number == "6225880000001234"
    # Everyone else with a balance is listed with the reason, as it was at issue.
    reasons = {item["payee"]: item["reason"] for item in settlement.left_out}
    assert reasons == {f"museum-{without_account.pk}": "no_bank_account", f"designer-{by_stripe.pk}": "stripe"}
    left = next(item for item in settlement.left_out if item["reason"] == "no_bank_account")
    assert left["available_minor"] == _available(Payee("museum", without_account.pk))
    # The bank details are frozen at issue: a later change does not rewrite the file already sent.
    MuseumBankAccount.objects.filter(museum=museum).update(account_number="999")
    assert RoyaltySettlementLine.objects.get(pk=mine.pk).account_number == "3100021109024"


def test_a_settlement_is_issued_once(museum):
    royalty_period_close(period=SEP)
    royalty_settlement_issue(period=SEP)
    with pytest.raises(ApplicationError) as caught:
        royalty_settlement_issue(period=SEP)
    assert caught.value.code == RoyaltyErrorCode.UNIQUE
    assert RoyaltySettlementLine.objects.count() == 1


def test_balances_below_the_minimum_carry_over(museum, settings):
    settings.ROYALTY_MIN_PAYOUT_MINOR = _available(Payee("museum", museum.pk)) + 1
    royalty_period_close(period=SEP)
    assert not royalty_settlement_issue(period=SEP).lines.exists()


def test_a_payout_of_the_line_settles_it_and_the_period_reconciles(museum):
    payee = Payee("museum", museum.pk)
    royalty_period_close(period=SEP)
    [line] = royalty_settlement_issue(period=SEP).lines.all()
    assert ("settlement_outstanding", "") in _checks(SEP)

    entry = royalty_payout_record(payee=payee, amount_minor=line.amount_minor, currency="CNY", reference="ICBC-0001")

    assert entry.settlement_line_id == line.pk
    assert _checks(SEP) == []
    assert _checks(period_current()) == []  # the payout, booked now, pays a settlement line


def test_a_line_paid_in_two_transfers_is_outstanding_until_the_second(museum):
    payee = Payee("museum", museum.pk)
    royalty_period_close(period=SEP)
    [line] = royalty_settlement_issue(period=SEP).lines.all()
    first = line.amount_minor // 3
    royalty_payout_record(payee=payee, amount_minor=first, currency="CNY", reference="ICBC-0001")
    assert [check for check, _ in _checks(SEP)] == ["settlement_outstanding"]
    royalty_payout_record(payee=payee, amount_minor=line.amount_minor - first, currency="CNY", reference="ICBC-0002")
    assert _checks(SEP) == []
    assert line.payouts.count() == 2


def test_a_bank_payout_no_settlement_asked_for_is_listed(museum):
    payee = Payee("museum", museum.pk)
    royalty_period_close(period=SEP)
    [line] = royalty_settlement_issue(period=SEP).lines.all()
    _earn(museum=museum, month=11)  # more available earnings than the settlement asked for
    too_much = royalty_payout_record(
        payee=payee, amount_minor=line.amount_minor + 1, currency="CNY", reference="ICBC-0009"
    )
    assert too_much.settlement_line is None
    assert [check for check, _ in _checks(SEP)] == ["settlement_outstanding"]
    assert _checks(period_current()) == [("payout_unsettled", "ICBC-0009")]


def test_the_next_settlement_asks_only_for_what_the_last_one_did_not(museum):
    payee = Payee("museum", museum.pk)
    royalty_period_close(period=SEP)
    [september] = royalty_settlement_issue(period=SEP).lines.all()
    _earn(museum=museum, month=10)
    royalty_period_close(period=OCT)
    [october] = royalty_settlement_issue(period=OCT).lines.all()
    assert september.amount_minor + october.amount_minor == _available(payee)
    # Paying September's line first, then October's: each payout goes to the oldest outstanding line.
    royalty_payout_record(payee=payee, amount_minor=september.amount_minor, currency="CNY", reference="B-1")
    royalty_payout_record(payee=payee, amount_minor=october.amount_minor, currency="CNY", reference="B-2")
    assert [p.reference for p in september.payouts.all()] == ["B-1"]
    assert [p.reference for p in october.payouts.all()] == ["B-2"]
    assert _checks(SEP) == _checks(OCT) == []


def test_an_issued_settlement_never_changes(museum):
    royalty_period_close(period=SEP)
    settlement = royalty_settlement_issue(period=SEP)
    line = settlement.lines.get()
    line.amount_minor += 1
    with pytest.raises(LedgerIsAppendOnly):
        line.save()
    with pytest.raises(LedgerIsAppendOnly):
        line.delete()
    with pytest.raises(LedgerIsAppendOnly):
        settlement.delete()


def test_postgres_refuses_changing_a_settlement_behind_the_models_back(museum, require_postgres):
    royalty_period_close(period=SEP)
    line = royalty_settlement_issue(period=SEP).lines.get()
    for sql in (
        "UPDATE royalties_royaltysettlementline SET amount_minor = 1 WHERE id = %s",
        "DELETE FROM royalties_royaltysettlementline WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [line.pk])
    assert RoyaltySettlementLine.objects.get(pk=line.pk).amount_minor == line.amount_minor


# --- the finance pages -----------------------------------------------------------------------------------


def test_finance_issues_a_settlement_and_downloads_the_bank_file(client, museum):
    royalty_period_close(period=SEP)
    client.force_login(finance_user())
    response = client.post("/finance/settlements/", {"period": "2026-09"})
    assert response.status_code == 302
    line = RoyaltySettlement.objects.get(period=SEP).lines.get()

    page = client.get("/finance/settlements/")
    assert "中国工商银行重庆分行" in page.content.decode() and "Outstanding" in page.content.decode()
    response = client.get("/finance/settlements/2026-09.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    amount = f"{line.amount_minor // 100}.{line.amount_minor % 100:02d}"
    assert f"museum-{museum.pk}," in body and "3100021109024" in body and amount in body
    assert f"BASHU ROYALTIES 2026-09 museum-{museum.pk}" in body
    assert body.rstrip().splitlines()[-1].startswith(f"Total 合计,,,,,CNY,{amount}")


@pytest.mark.parametrize(
    ("period", "message"),
    [("2026-10", "Close 2026-10"), ("2026-13", "not a period"), ("", "not a period")],
    ids=["open", "malformed", "empty"],
)
def test_issuing_a_bad_period_is_a_form_error_and_changes_nothing(client, museum, period, message):
    royalty_period_close(period=SEP)
    client.force_login(finance_user())
    response = client.post("/finance/settlements/", {"period": period})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RoyaltySettlement.objects.exists()


@pytest.mark.parametrize(
    ("period", "message"),
    [("2026-10", "请先结账 2026-10"), ("2026-13", "不是有效的月份"), ("2026-09", "2026-09 的结算已经出具")],
    ids=["open", "malformed", "issued"],
)
def test_a_refused_settlement_is_explained_in_the_readers_language(client, museum, period, message):
    royalty_period_close(period=SEP)
    royalty_settlement_issue(period=SEP)
    client.force_login(finance_user())
    response = client.post("/finance/settlements/", {"period": period}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_settlement_pages_are_for_finance_only(client, museum):
    royalty_period_close(period=SEP)
    royalty_settlement_issue(period=SEP)
    assert client.get("/finance/settlements/2026-09.csv").status_code == 302  # to sign in
    client.force_login(designer_user())
    assert client.get("/finance/settlements/").status_code == 403
    assert client.post("/finance/settlements/", {"period": "2026-09"}).status_code == 403
    assert client.get("/finance/settlements/2026-09.csv").status_code == 403
    client.force_login(finance_user())
    assert client.get("/finance/settlements/2026-08.csv").status_code == 404


def _record(client, line, *, amount: str, reference: str):
    return client.post("/finance/settlements/payouts/", {"line": line.pk, "amount": amount, "reference": reference})


def _yuan(minor: int) -> str:
    return f"{minor // 100}.{minor % 100:02d}"


def test_finance_records_a_bank_transfer_against_a_settlement_line(client, museum):
    royalty_period_close(period=SEP)
    [line] = royalty_settlement_issue(period=SEP).lines.all()
    client.force_login(finance_user())
    page = client.get("/finance/settlements/").content.decode()
    assert f'value="{_yuan(line.amount_minor)}"' in page  # the form offers what is outstanding

    response = _record(client, line, amount=_yuan(line.amount_minor), reference=" ICBC-20261003-01 ")

    assert response.status_code == 302
    [payout] = line.payouts.all()
    assert (payout.reference, payout.amount_minor) == ("ICBC-20261003-01", -line.amount_minor)
    assert _checks(SEP) == []
    assert "Paid in full" in client.get("/finance/settlements/").content.decode()


@pytest.mark.parametrize(
    ("amount", "reference", "message"),
    [
        ("too-much", "ICBC-1", "outstanding"),
        ("0", "ICBC-1", "greater than or equal to 0.01"),
        ("12.345", "ICBC-1", "decimal places"),
        ("abc", "ICBC-1", "Enter a number"),
        ("1.00", "   ", "This field is required"),
        ("1.00", "DUP-1", "already recorded"),
    ],
    ids=["over-the-line", "zero", "three-decimals", "not-a-number", "no-reference", "duplicate"],
)
def test_a_refused_transfer_is_shown_at_its_line_and_writes_nothing(client, museum, amount, reference, message):
    royalty_period_close(period=SEP)
    [line] = royalty_settlement_issue(period=SEP).lines.all()
    royalty_payout_record(
        payee=line.payee, amount_minor=1, currency="CNY", reference="DUP-1", settlement_line_id=line.pk
    )
    _earn(museum=museum, month=11)  # more available than the line asks: the line's limit is what refuses
    before = RoyaltyEntry.objects.count()
    client.force_login(finance_user())
    if amount == "too-much":
        amount = _yuan(line.amount_minor)  # one fen more than is left after DUP-1

    response = _record(client, line, amount=amount, reference=reference)

    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'aria-invalid="true"' in body  # at the field, in the line's own form
    assert RoyaltyEntry.objects.count() == before


def test_a_refused_transfer_is_explained_in_the_readers_language(client, museum):
    royalty_period_close(period=SEP)
    [line] = royalty_settlement_issue(period=SEP).lines.all()
    royalty_payout_record(
        payee=line.payee, amount_minor=1, currency="CNY", reference="DUP-1", settlement_line_id=line.pk
    )
    client.force_login(finance_user())
    over = client.post(
        "/finance/settlements/payouts/",
        {"line": line.pk, "amount": "99999.00", "reference": "ICBC-2"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    duplicate = client.post(
        "/finance/settlements/payouts/",
        {"line": line.pk, "amount": "0.01", "reference": "DUP-1"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert over.status_code == duplicate.status_code == 400
    assert "可付余额为" in over.content.decode() and "available" not in over.content.decode()
    assert "转账 DUP-1 已为" in duplicate.content.decode()


def test_a_transfer_for_a_line_that_does_not_exist_is_refused_on_top(client, museum):
    client.force_login(finance_user())
    response = client.post("/finance/settlements/payouts/", {"line": 999999, "amount": "1.00", "reference": "X"})
    assert response.status_code == 400
    assert "No such settlement line" in response.content.decode()
    assert not RoyaltyEntry.objects.filter(kind="payout").exists()


def test_only_finance_records_transfers(client, museum):
    royalty_period_close(period=SEP)
    [line] = royalty_settlement_issue(period=SEP).lines.all()
    client.force_login(designer_user())
    assert _record(client, line, amount="1.00", reference="X").status_code == 403
    client.force_login(finance_user())
    assert client.get("/finance/settlements/payouts/").status_code == 405
    assert not line.payouts.exists()


def test_a_named_line_must_be_the_payees_and_hold_the_amount(museum):
    other = MuseumFactory()
    bank_account(other)
    _earn(museum=other)
    royalty_period_close(period=SEP)
    lines = {line.payee: line for line in royalty_settlement_issue(period=SEP).lines.all()}
    _earn(museum=museum, month=11)
    mine, theirs = lines[Payee("museum", museum.pk)], lines[Payee("museum", other.pk)]
    with pytest.raises(ApplicationError) as caught:
        royalty_payout_record(
            payee=mine.payee, amount_minor=1, currency="CNY", reference="B-1", settlement_line_id=theirs.pk
        )
    assert (caught.value.code, caught.value.field) == (RoyaltyErrorCode.SETTLEMENT_MISMATCH, "settlement_line")
    with pytest.raises(ApplicationError) as caught:
        royalty_payout_record(
            payee=mine.payee,
            amount_minor=mine.amount_minor + 1,
            currency="CNY",
            reference="B-2",
            settlement_line_id=mine.pk,
        )
    assert (caught.value.code, caught.value.field) == (RoyaltyErrorCode.SETTLEMENT_MISMATCH, "amount")
    assert not mine.payouts.exists() and not theirs.payouts.exists()


def test_the_daily_run_keeps_reconciling_a_month_whose_settlement_is_unpaid(museum):
    royalty_period_close(period=SEP)
    royalty_settlement_issue(period=SEP)  # September is neither this month nor the last
    runs = royalty_reconcile()
    current = period_current()
    assert [run.period for run in runs] == sorted({SEP, period_previous(current), current})
    assert [b["check"] for b in runs[0].breaks] == ["settlement_outstanding"]
