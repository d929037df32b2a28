"""The admin shows ledger amounts in yuan with their currency, never as minor units."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from shop.royalties.models import RoyaltyEntry, RoyaltySettlement, RoyaltyStatement
from shop.royalties.payouts import royalty_settlement_issue
from shop.royalties.services import royalty_period_close, royalty_record_order
from tests.factories import MuseumFactory
from tests.shop.royalties.factories import bank_account, finance_user, paid_order, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(settings):
    settings.ROYALTY_MIN_PAYOUT_MINOR = 1
    museum = MuseumFactory()
    bank_account(museum)
    order = paid_order(
        lines=[{"royalty_snapshot": snapshot(shares=[(museum, 10_000)])}],
        paid_at=datetime.datetime(2026, 9, 3, tzinfo=ZoneInfo("Asia/Shanghai")),
        fulfilled_at=datetime.datetime(2026, 9, 4, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    royalty_record_order(order_id=order.pk)
    royalty_period_close(period=datetime.date(2026, 9, 1))
    royalty_settlement_issue(period=datetime.date(2026, 9, 1))
    return RoyaltyEntry.objects.get(museum=museum)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/royalties/royaltyentry/",
        "/admin/royalties/royaltyentry/{entry}/change/",
        "/admin/royalties/royaltystatement/",
        "/admin/royalties/royaltystatement/{statement}/change/",
        "/admin/royalties/royaltysettlement/{settlement}/change/",
    ],
)
def test_amounts_are_in_yuan(client, entry, url):
    client.force_login(finance_user())
    statement = RoyaltyStatement.objects.get(museum=entry.museum)
    page = client.get(
        url.format(entry=entry.pk, statement=statement.pk, settlement=RoyaltySettlement.objects.get().pk)
    ).content.decode()
    yuan = f"{entry.amount_minor // 100}.{entry.amount_minor % 100:02d} CNY"
    assert yuan in page
    assert "minor" not in page.lower()


def test_a_settlement_lists_the_payees_it_left_out_in_yuan_with_the_reason(client, settings):
    settings.ROYALTY_MIN_PAYOUT_MINOR = 1
    museum = MuseumFactory()  # no bank account: left out of the settlement
    order = paid_order(
        lines=[{"royalty_snapshot": snapshot(shares=[(museum, 10_000)])}],
        paid_at=datetime.datetime(2026, 9, 3, tzinfo=ZoneInfo("Asia/Shanghai")),
        fulfilled_at=datetime.datetime(2026, 9, 4, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    royalty_record_order(order_id=order.pk)
    royalty_period_close(period=datetime.date(2026, 9, 1))
    settlement = royalty_settlement_issue(period=datetime.date(2026, 9, 1))
    [left] = settlement.left_out
    client.force_login(finance_user())
    page = client.get(f"/admin/royalties/royaltysettlement/{settlement.pk}/change/").content.decode()
    minor = left["available_minor"]
    assert f"{minor // 100}.{minor % 100:02d} CNY" in page and "No bank account on file" in page
    assert "minor" not in page.lower()
