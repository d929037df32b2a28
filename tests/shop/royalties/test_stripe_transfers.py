import datetime

import pytest
from django.utils import timezone

from shop.royalties.models import DesignerPayoutAccount, EntryKind, RoyaltyEntry
from shop.royalties.payouts import royalty_designer_transfers
from shop.royalties.selectors import payee_balance
from shop.royalties.services import royalty_record_order
from shop.royalties.split import Payee
from tests.shop.royalties.factories import designer_user, paid_order, snapshot
from tests.shop.royalties.stripe_transfers import TransferStub

pytestmark = pytest.mark.django_db
OCT = datetime.date(2026, 10, 1)


@pytest.fixture
def stripe_transfers(settings):
    stub = TransferStub()
    settings.STRIPE_SECRET_KEY = "sk_test_bashu_royalties"
    settings.STRIPE_API_BASE = stub.url
    yield stub
    stub.stop()


def _designer_with_earnings(*, lines: int = 20):
    designer = designer_user()
    DesignerPayoutAccount.objects.create(designer=designer, stripe_account_id=f"acct_{designer.pk:08d}")
    order = paid_order(
        lines=[{"royalty_snapshot": snapshot(designer=designer)} for _ in range(lines)],
        fulfilled_at=timezone.now() - datetime.timedelta(days=40),
    )
    royalty_record_order(order_id=order.pk)
    return designer


def test_designer_transfer_is_created_once_per_period_and_recorded(stripe_transfers, settings):
    settings.ROYALTY_MIN_PAYOUT_MINOR = 1000
    designer = _designer_with_earnings()
    payee = Payee("designer", designer.pk)
    available = payee_balance(payee=payee, currency="CNY").available_minor
    [entry] = royalty_designer_transfers(period=OCT)
    [transfer] = stripe_transfers.transfers
    assert transfer["amount"] == available
    assert transfer["transfer_group"] == "ROYALTIES-2026-10"
    assert transfer["destination"] == f"acct_{designer.pk:08d}"
    assert stripe_transfers.requests[0]["idempotency_key"] == f"royalty-transfer-2026-10-{designer.pk}"
    assert entry.kind == EntryKind.PAYOUT and entry.amount_minor == -available and entry.reference == transfer["id"]
    assert payee_balance(payee=payee, currency="CNY").available_minor == 0
    assert royalty_designer_transfers(period=OCT) == []
    assert len(stripe_transfers.transfers) == 1
    assert RoyaltyEntry.objects.filter(kind=EntryKind.PAYOUT).count() == 1


def test_balance_below_the_minimum_carries_over(stripe_transfers, settings):
    settings.ROYALTY_MIN_PAYOUT_MINOR = 10**9
    _designer_with_earnings(lines=1)
    assert royalty_designer_transfers(period=OCT) == []
    assert stripe_transfers.requests == []
    assert not RoyaltyEntry.objects.filter(kind=EntryKind.PAYOUT).exists()


def test_rerun_after_a_crash_between_stripe_and_the_ledger_records_the_same_transfer(
    stripe_transfers, settings, monkeypatch
):
    settings.ROYALTY_MIN_PAYOUT_MINOR = 1000
    designer = _designer_with_earnings()
    from shop.royalties import payouts

    def crash(**kwargs):
        raise SystemExit("worker killed after Stripe answered")

    # First run: Stripe creates the transfer, then the process dies before the ledger write.
    with monkeypatch.context() as patch:
        patch.setattr(payouts, "royalty_payout_record", crash)
        with pytest.raises(SystemExit):
            royalty_designer_transfers(period=OCT)
    assert not RoyaltyEntry.objects.filter(kind=EntryKind.PAYOUT).exists()
    [entry] = royalty_designer_transfers(period=OCT)
    assert len(stripe_transfers.transfers) == 1
    assert entry.reference == stripe_transfers.transfers[0]["id"]
    assert entry.designer_id == designer.pk
