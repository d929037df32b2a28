"""The "My royalties" page: designers and museum staff see their own balances and statements, nobody else's."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shop.royalties.selectors import payee_balance
from shop.royalties.services import royalty_period_close, royalty_record_order
from shop.royalties.split import Payee
from tests.factories import MuseumFactory, UserFactory
from tests.shop.royalties.factories import designer_user, finance_user, museum_staff_user, paid_order, snapshot

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _sale(museum, designer, *, month: int, fulfilled_days_ago: int | None = 40) -> None:
    fulfilled = timezone.now() - datetime.timedelta(days=fulfilled_days_ago) if fulfilled_days_ago else None
    order = paid_order(
        lines=[{"royalty_snapshot": snapshot(shares=[(museum, 10_000)], designer=designer), "quantity": 2}],
        paid_at=datetime.datetime(2026, month, 12, 12, tzinfo=SHANGHAI),
        fulfilled_at=fulfilled,
    )
    royalty_record_order(order_id=order.pk)


@pytest.fixture
def world():
    museum, other_museum = MuseumFactory(name_en="Sichuan Museum"), MuseumFactory(name_en="Other Museum")
    designer, other_designer = designer_user(), designer_user()
    _sale(museum, designer, month=9)
    _sale(other_museum, other_designer, month=9)
    royalty_period_close(period=datetime.date(2026, 9, 1))
    _sale(museum, designer, month=11, fulfilled_days_ago=None)  # an open month, not shipped: pending
    return {"museum": museum, "other_museum": other_museum, "designer": designer, "other_designer": other_designer}


def _page(client, user):
    client.force_login(user)
    response = client.get("/royalties/")
    return response, response.content.decode()


def test_a_designer_sees_their_balance_and_statements_and_can_download_them(client, world):
    designer = world["designer"]
    response, body = _page(client, designer)
    assert response.status_code == 200
    balance = payee_balance(payee=Payee("designer", designer.pk), currency="CNY")
    assert balance.available_minor > 0 and balance.pending_minor > 0
    assert f"{balance.available_minor // 100}.{balance.available_minor % 100:02d}" in body
    assert f"{balance.pending_minor // 100}.{balance.pending_minor % 100:02d}" in body
    rows = dict(re.findall(r'<tr data-period="(\d{4}-\d{2})">\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>([^<]*)</td>', body))
    assert rows["2026-11"].startswith("Provisional") and rows["2026-09"].startswith("Final")
    assert f"/finance/statements/2026-09/designer-{designer.pk}.pdf" in body
    assert f"designer-{world['other_designer'].pk}" not in body
    download = client.get(f"/finance/statements/2026-09/designer-{designer.pk}.csv")
    assert download.status_code == 200


def test_museum_staff_see_their_museums_royalties_only(client, world):
    response, body = _page(client, museum_staff_user(world["museum"]))
    assert response.status_code == 200
    assert "Sichuan Museum" in body and f"museum-{world['museum'].pk}" in body
    assert "Other Museum" not in body and f"museum-{world['other_museum'].pk}" not in body


def test_finance_is_sent_to_the_dashboard_and_others_are_refused(client, world):
    assert client.get("/royalties/").status_code == 302  # anonymous: to sign in
    client.force_login(finance_user())
    assert client.get("/royalties/")["Location"] == "/finance/"
    client.force_login(UserFactory())
    assert client.get("/royalties/").status_code == 403


def test_the_page_costs_the_same_queries_however_many_months(client, world):
    designer = world["designer"]
    client.force_login(designer)
    with CaptureQueriesContext(connection) as before:
        client.get("/royalties/")
    _sale(world["museum"], designer, month=10)
    royalty_period_close(period=datetime.date(2026, 10, 1))
    with CaptureQueriesContext(connection) as after:
        client.get("/royalties/")
    assert len(after) == len(before)
