"""Designers' Stripe Connect transfers through the real ``stripe`` library against the local stand-in, and
the reconciliation of the ledger's Stripe payouts against the transfers Stripe lists."""

import datetime

import pytest
from django.utils import timezone

from shop.royalties import payouts
from shop.royalties.models import DesignerPayoutAccount, EntryKind, RoyaltyEntry, RoyaltyReconciliation
from shop.royalties.payouts import (
    royalty_designer_transfers,
    royalty_reconcile,
    royalty_settlement_issue,
    stripe_transfer_breaks,
)
from shop.royalties.selectors import payee_balance
from shop.royalties.services import royalty_payout_record, royalty_period_close, royalty_record_order
from shop.royalties.split import Payee
from tests.shop.royalties.factories import bank_account, designer_user, paid_order, snapshot
from worker.tasks.royalties import royalty_designer_transfers_task

pytestmark = pytest.mark.django_db
SEP, OCT = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)


@pytest.fixture
def stripe_transfers(_stripe_server, settings):
    _stripe_server.reset()
    settings.STRIPE_SECRET_KEY = "sk_test_bashu_royalties"
    settings.STRIPE_API_BASE = _stripe_server.url
    settings.ROYALTY_MIN_PAYOUT_MINOR = 1000
    settings.ROYALTY_STRIPE_TRANSFERS = True
    return _stripe_server


def _earn(designer, *, lines: int = 20, paid_at=None) -> None:
    order = paid_order(
        lines=[{"royalty_snapshot": snapshot(designer=designer)} for _ in range(lines)],
        paid_at=paid_at,
        fulfilled_at=timezone.now() - datetime.timedelta(days=40),
    )
    royalty_record_order(order_id=order.pk)


def _designer_with_earnings(*, lines: int = 20, paid_at=None):
    designer = designer_user()
    DesignerPayoutAccount.objects.create(designer=designer, stripe_account_id=f"acct_{designer.pk:08d}")
    _earn(designer, lines=lines, paid_at=paid_at)
    return designer


def _run_and_crash_before_the_ledger(monkeypatch) -> None:
    """A transfer run whose process dies after Stripe answered and before the ledger write."""

    def crash(**kwargs):
        raise SystemExit("worker killed after Stripe answered")

    with monkeypatch.context() as patch:
        patch.setattr(payouts, "royalty_payout_record", crash)
        with pytest.raises(SystemExit):
            royalty_designer_transfers(period=OCT)


def _checks(breaks):
    return sorted(item.check for item in breaks)


def test_designer_transfer_is_created_once_per_period_and_recorded(stripe_transfers):
    designer = _designer_with_earnings()
    payee = Payee("designer", designer.pk)
    available = payee_balance(payee=payee, currency="CNY").available_minor
    [entry] = royalty_designer_transfers(period=OCT)
    [transfer] = stripe_transfers.transfers.values()
    assert transfer["amount"] == available
    assert transfer["transfer_group"] == "ROYALTIES-2026-10"
    assert transfer["destination"] == f"acct_{designer.pk:08d}"
    [call] = stripe_transfers.calls("POST", "/v1/transfers")
    assert call.idempotency_key == f"royalty-transfer-2026-10-{designer.pk}"
    assert entry.kind == EntryKind.PAYOUT and entry.amount_minor == -available and entry.reference == transfer["id"]
    assert entry.transfer_group == "ROYALTIES-2026-10"
    assert payee_balance(payee=payee, currency="CNY").available_minor == 0
    assert royalty_designer_transfers(period=OCT) == []
    assert len(stripe_transfers.transfers) == 1
    assert RoyaltyEntry.objects.filter(kind=EntryKind.PAYOUT).count() == 1


def test_balance_below_the_minimum_carries_over(stripe_transfers, settings):
    settings.ROYALTY_MIN_PAYOUT_MINOR = 10**9
    _designer_with_earnings(lines=1)
    assert royalty_designer_transfers(period=OCT) == []
    assert stripe_transfers.calls("POST", "/v1/transfers") == []
    assert not RoyaltyEntry.objects.filter(kind=EntryKind.PAYOUT).exists()


def test_rerun_after_a_crash_between_stripe_and_the_ledger_records_the_same_transfer(stripe_transfers, monkeypatch):
    designer = _designer_with_earnings()
    _run_and_crash_before_the_ledger(monkeypatch)
    assert not RoyaltyEntry.objects.filter(kind=EntryKind.PAYOUT).exists()
    [transfer_id] = stripe_transfers.transfers
    # Reconciliation sees the transfer Stripe made and the ledger does not know.
    [unrecorded] = stripe_transfer_breaks(period=OCT)
    assert (unrecorded.check, unrecorded.reference) == ("transfer_unrecorded", transfer_id)

    [entry] = royalty_designer_transfers(period=OCT)
    assert len(stripe_transfers.transfers) == 1
    assert entry.reference == transfer_id
    assert entry.designer_id == designer.pk
    assert stripe_transfer_breaks(period=OCT) == []


def test_a_rerun_after_a_crash_records_stripes_transfer_even_if_the_balance_grew(stripe_transfers, monkeypatch):
    designer = _designer_with_earnings()
    _run_and_crash_before_the_ledger(monkeypatch)
    [made] = stripe_transfers.transfers.values()
    _earn(designer)  # more earnings became available before the rerun

    [entry] = royalty_designer_transfers(period=OCT)

    assert len(stripe_transfers.calls("POST", "/v1/transfers")) == 1  # no second transfer, no idempotency clash
    assert (entry.reference, entry.amount_minor) == (made["id"], -made["amount"])
    assert payee_balance(payee=Payee("designer", designer.pk), currency="CNY").available_minor > 0  # the rest waits
    assert stripe_transfer_breaks(period=OCT) == []


def test_a_bank_settlement_already_asking_for_a_designer_is_not_paid_again_by_stripe(stripe_transfers):
    designer = designer_user()  # paid by bank until they connect a Stripe account
    bank_account(designer)
    _earn(designer, paid_at=datetime.datetime(2026, 9, 10, tzinfo=datetime.UTC))
    royalty_period_close(period=SEP)
    [line] = royalty_settlement_issue(period=SEP).lines.filter(designer=designer)
    DesignerPayoutAccount.objects.create(designer=designer, stripe_account_id="acct_connected_late")
    _earn(designer)

    [entry] = royalty_designer_transfers(period=OCT)

    available = payee_balance(payee=Payee("designer", designer.pk), currency="CNY").available_minor
    assert available == line.amount_minor  # what the settlement asks for is still there for the bank transfer
    assert -entry.amount_minor > 0


def test_the_beat_pays_for_the_last_closed_period_and_nothing_before_any_close(stripe_transfers):
    designer = _designer_with_earnings(paid_at=datetime.datetime(2026, 9, 10, tzinfo=datetime.UTC))
    assert royalty_designer_transfers_task.apply().get() == 0  # no month closed yet
    assert stripe_transfers.requests == []
    royalty_period_close(period=SEP)
    assert royalty_designer_transfers_task.apply().get() == 1
    entry = RoyaltyEntry.objects.get(kind=EntryKind.PAYOUT)
    assert (entry.designer_id, entry.transfer_group) == (designer.pk, "ROYALTIES-2026-09")


def test_reconciliation_matches_ledger_payouts_with_stripe_transfers(stripe_transfers):
    _designer_with_earnings()
    _designer_with_earnings()
    royalty_designer_transfers(period=OCT)
    assert stripe_transfer_breaks(period=OCT) == []
    [run] = royalty_reconcile(periods=[OCT])
    assert run.ok


def test_a_reversed_transfer_is_a_break_until_finance_deals_with_it(stripe_transfers):
    _designer_with_earnings()
    [entry] = royalty_designer_transfers(period=OCT)
    stripe_transfers.reverse_transfer(entry.reference, amount=500)
    [reversed_] = stripe_transfer_breaks(period=OCT)
    assert (reversed_.check, reversed_.reference) == ("transfer_reversed", entry.reference)
    assert "5.00" in reversed_.message


def test_a_payout_stripe_does_not_list_and_a_different_amount_are_breaks(stripe_transfers):
    designer = _designer_with_earnings()
    [entry] = royalty_designer_transfers(period=OCT)
    _earn(designer)  # more available earnings after the transfer
    # Finance records a "Stripe" payout by hand with a reference Stripe never issued.
    royalty_payout_record(
        payee=Payee("designer", designer.pk),
        amount_minor=100,
        currency="CNY",
        reference="tr_never_made",
        transfer_group="ROYALTIES-2026-10",
    )
    stripe_transfers.transfers[entry.reference]["amount"] += 1  # Stripe moved a different amount
    breaks = [(b.check, b.reference) for b in stripe_transfer_breaks(period=OCT)]
    assert breaks == [("transfer_differs", entry.reference), ("transfer_missing", "tr_never_made")]


def test_transfers_beyond_one_page_are_all_checked(stripe_transfers):
    for index in range(105):  # more than Stripe's 100 per page: the library pages through them
        stripe_transfers._transfer_create(
            {"amount": "100", "currency": "cny", "destination": f"acct_x{index}", "transfer_group": "ROYALTIES-2026-10"}
        )
    breaks = stripe_transfer_breaks(period=OCT)
    assert _checks(breaks) == ["transfer_unrecorded"] * 105
    assert len({b.reference for b in breaks}) == 105
    assert len(stripe_transfers.calls("GET", "/v1/transfers")) == 2


def test_stripe_being_unreachable_is_a_break_not_a_pass(stripe_transfers):
    stripe_transfers.fail_with = 500
    [run] = royalty_reconcile(periods=[OCT])
    assert [item["check"] for item in run.breaks] == ["stripe_unavailable"]
    assert RoyaltyReconciliation.objects.get().breaks == run.breaks


def test_without_stripe_configured_nothing_is_asked_of_stripe(stripe_transfers, settings):
    settings.STRIPE_SECRET_KEY = ""
    _designer_with_earnings()
    assert royalty_designer_transfers(period=OCT) == []
    assert stripe_transfer_breaks(period=OCT) == []
    assert stripe_transfers.requests == []


def test_with_transfers_switched_off_designers_are_not_paid_but_still_reconciled(stripe_transfers, settings):
    designer = _designer_with_earnings()
    [entry] = royalty_designer_transfers(period=OCT)
    settings.ROYALTY_STRIPE_TRANSFERS = False
    _earn(designer)
    assert royalty_designer_transfers(period=datetime.date(2026, 11, 1)) == []
    assert len(stripe_transfers.calls("POST", "/v1/transfers")) == 1
    stripe_transfers.reverse_transfer(entry.reference)
    assert [b.check for b in stripe_transfer_breaks(period=OCT)] == ["transfer_reversed"]
