"""The finance pages run a fixed number of SQL queries however many payees a month has (no N+1).

Each test measures a page for September (2 museums, 2 designers) and for October (6 of each, on top of
September's balances) and asserts the counts are equal."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shop.royalties.models import MuseumBankAccount
from shop.royalties.payouts import royalty_settlement_issue
from shop.royalties.services import (
    royalty_payout_record,
    royalty_period_close,
    royalty_record_order,
    royalty_record_refund,
)
from shop.royalties.split import Payee
from tests.factories import MuseumFactory
from tests.shop.royalties.factories import (
    bank_account,
    designer_user,
    finance_user,
    paid_order,
    refund_of,
    snapshot,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
SEP, OCT = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)


def _month_of_sales(month: int, payees: int) -> list:
    museums = []
    for index in range(payees):
        museum, designer = MuseumFactory(), designer_user()
        bank_account(designer)
        MuseumBankAccount.objects.create(
            museum=museum, account_name=museum.name_zh, bank_name="中国银行", account_number=f"62{index:010d}"
        )
        order = paid_order(
            lines=[
                {"royalty_snapshot": snapshot(shares=[(museum, 10_000)], designer=designer), "quantity": 2}
                for _ in range(3)
            ],
            paid_at=datetime.datetime(2026, month, 5 + index, 12, tzinfo=SHANGHAI),
            fulfilled_at=timezone.now() - datetime.timedelta(days=30),
        )
        royalty_record_order(order_id=order.pk)
        refund = refund_of(
            order, [(order.lines.first(), 1)], created_at=datetime.datetime(2026, month, 20, tzinfo=SHANGHAI)
        )
        royalty_record_refund(refund_id=refund.pk)
        museums.append(museum)
    return museums


@pytest.fixture
def months(client, settings):
    settings.ROYALTY_MIN_PAYOUT_MINOR = 1
    settings.STRIPE_SECRET_KEY = ""  # the pages' SQL only; Stripe's side is tested against the stand-in
    _month_of_sales(9, 2)
    _month_of_sales(10, 6)
    royalty_period_close(period=SEP)
    royalty_period_close(period=OCT)
    client.force_login(finance_user())


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/finance/?period={}",
        "/finance/reconciliation/?period={}",
        "/finance/statements/{}/platform.csv",
        "/finance/statements/{}/platform.xlsx",
        "/finance/statements/{}/platform.pdf",
    ],
    ids=["dashboard", "reconciliation", "csv", "xlsx", "pdf"],
)
def test_a_period_page_costs_the_same_queries_for_4_or_12_payees(client, months, url):
    september = _queries(client, url.format("2026-09"))
    october = _queries(client, url.format("2026-10"))
    assert september == october
    assert october <= 20


def test_the_settlements_page_and_files_cost_the_same_queries_for_4_or_12_lines(client, settings):
    settings.ROYALTY_MIN_PAYOUT_MINOR = 1
    client.force_login(finance_user())
    _month_of_sales(9, 2)
    royalty_period_close(period=SEP)
    assert royalty_settlement_issue(period=SEP).lines.count() == 4
    one = _queries(client, "/finance/settlements/")
    _month_of_sales(10, 6)
    royalty_period_close(period=OCT)
    assert royalty_settlement_issue(period=OCT).lines.count() == 12
    assert _queries(client, "/finance/settlements/") == one
    assert _queries(client, "/finance/settlements/2026-09.csv") == _queries(client, "/finance/settlements/2026-10.csv")


def test_the_settlement_preview_costs_the_same_queries_however_many_payees(client, months):
    before = _queries(client, "/finance/settlement.csv")
    for museum in _month_of_sales(11, 4):
        royalty_payout_record(payee=Payee("museum", museum.pk), amount_minor=1, currency="CNY", reference="X-1")
    assert _queries(client, "/finance/settlement.csv") == before
