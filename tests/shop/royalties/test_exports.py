import datetime
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest
from django.http import StreamingHttpResponse

from shop.accounts.roles import Role
from shop.royalties.models import RoyaltyReconciliation
from shop.royalties.services import royalty_period_close, royalty_record_order, royalty_record_refund
from tests.factories import MuseumFactory, UserFactory
from tests.shop.royalties.factories import (
    designer_user,
    finance_user,
    museum_staff_user,
    paid_order,
    refund_of,
    snapshot,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def world():
    museum, other = MuseumFactory(name_en="Sichuan Museum", name_zh="四川博物院"), MuseumFactory()
    designer = designer_user()
    paid_at = datetime.datetime(2026, 9, 10, 12, tzinfo=SHANGHAI)
    orders = []
    for shares in ([(museum, 10_000)], [(other, 10_000)]):
        order = paid_order(
            lines=[
                {
                    "royalty_snapshot": snapshot(shares=shares, designer=designer),
                    "quantity": 2,
                    "product_name_zh": "青铜面具丝巾",
                }
            ],
            paid_at=paid_at,
        )
        royalty_record_order(order_id=order.pk)
        orders.append(order)
    refund = refund_of(orders[0], [(orders[0].lines.get(), 1)], created_at=paid_at + datetime.timedelta(days=2))
    royalty_record_refund(refund_id=refund.pk)
    royalty_period_close(period=datetime.date(2026, 9, 1))
    return {"museum": museum, "other": other, "designer": designer, "order": orders[0]}


def _body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def _url(world, who="museum", fmt="csv", period="2026-09"):
    key = "platform" if who == "platform" else f"{'designer' if who == 'designer' else 'museum'}-{world[who].pk}"
    return f"/finance/statements/{period}/{key}.{fmt}"


def test_finance_downloads_a_zip_of_the_whole_period(client, world):
    client.force_login(finance_user())
    response = client.get("/finance/statements/2026-09.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(_body(response)))
    names = sorted(archive.namelist())
    assert f"royalty-statement-2026-09-museum-{world['museum'].pk}.csv" in names
    assert "royalty-statement-2026-09-platform.csv" in names
    assert len(names) == 4
    assert archive.read(names[0]).startswith(b"\xef\xbb\xbf")


def test_museum_staff_download_their_own_statement(client, world):
    client.force_login(museum_staff_user(world["museum"]))
    assert client.get(_url(world)).status_code == 200


def test_designer_downloads_their_own_statement(client, world):
    client.force_login(world["designer"])
    response = client.get(_url(world, who="designer", fmt="xlsx"))
    assert response.status_code == 200


REFUSED = {
    "anonymous": (lambda w: None, 302),
    "customer": (lambda w: UserFactory(roles=[Role.CUSTOMER]), 403),
    "curator": (lambda w: UserFactory(roles=[Role.CURATOR]), 403),
    "other_museum_staff": (lambda w: museum_staff_user(w["other"]), 404),
    "designer": (lambda w: w["designer"], 404),
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
@pytest.mark.parametrize("role", REFUSED)
def test_statement_download_refused_and_nothing_leaks(client, world, role, fmt):
    make_user, status = REFUSED[role]
    user = make_user(world)
    if user is not None:
        client.force_login(user)
    response = client.get(_url(world, fmt=fmt))
    assert response.status_code == status
    assert not isinstance(response, StreamingHttpResponse)
    assert world["order"].number.encode() not in response.content


@pytest.mark.parametrize("role", ["anonymous", "customer", "other_museum_staff", "designer"])
def test_period_zip_refused_to_all_but_finance(client, world, role):
    user = REFUSED[role][0](world)
    if user is not None:
        client.force_login(user)
    response = client.get("/finance/statements/2026-09.zip")
    assert response.status_code == (302 if user is None else 403)  # anonymous: to sign in
    assert not isinstance(response, StreamingHttpResponse)


@pytest.mark.parametrize(
    "url", ["/finance/statements/2026-13/platform.csv", "/finance/statements/2026-09/museum-99999.csv"]
)
def test_unknown_period_or_payee_is_a_404(client, world, url):
    client.force_login(finance_user())
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("path", ["/finance/", "/finance/reconciliation/?period=2026-09", "/finance/settlement.csv"])
def test_finance_pages_work_for_finance(client, world, path):
    client.force_login(finance_user())
    response = client.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/finance/", "/finance/reconciliation/", "/finance/settlement.csv"])
@pytest.mark.parametrize("role", ["customer", "other_museum_staff", "designer"])
def test_finance_pages_refused_to_other_roles(client, world, path, role):
    client.force_login(REFUSED[role][0](world))
    assert client.get(path).status_code == 403


def test_reconciliation_shows_the_last_recorded_run_and_check_now_records_one(client, world):
    forgotten = paid_order(lines=[{}], paid_at=datetime.datetime(2026, 9, 20, tzinfo=SHANGHAI))
    client.force_login(finance_user())
    page = client.get("/finance/reconciliation/?period=2026-09").content.decode()
    assert 'data-reconciliation="none"' in page and forgotten.number not in page  # reading never runs checks
    assert 'data-reconciliation="none"' in client.get("/finance/?period=2026-09").content.decode()

    response = client.post("/finance/reconciliation/", {"period": "2026-09"})
    assert response.status_code == 302
    run = RoyaltyReconciliation.objects.get()  # recorded: the dashboard shows the same state
    assert [item["order_number"] for item in run.breaks] == [forgotten.number]
    page = client.get(response["Location"]).content.decode()
    assert forgotten.number in page and "A paid line has no royalty entries" in page
    assert 'data-reconciliation="breaks"' in page
    assert 'data-reconciliation="breaks"' in client.get("/finance/?period=2026-09").content.decode()


def test_dashboard_embeds_chart_data_and_export_links(client, world):
    client.force_login(finance_user())
    page = client.get("/finance/?period=2026-09").content.decode()
    assert "royalties/chart.umd.min.js" in page
    assert 'id="royalty-charts"' in page
    assert "Sichuan Museum" in page
    assert f"/finance/statements/2026-09/museum-{world['museum'].pk}.xlsx" in page
    assert "/finance/statements/2026-09.zip" in page
