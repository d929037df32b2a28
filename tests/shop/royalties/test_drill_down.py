"""The auditor's drill-down: from a statement line to its order line, design, licences and relic, and back to
the statement line, with a fixed number of SQL queries per page; each role sees only what is theirs."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.accounts.roles import Role
from shop.orders.services.placement import order_line_snapshot
from shop.royalties.services import royalty_period_close, royalty_record_order, royalty_record_refund
from tests.factories import (
    DesignFactory,
    LicenceFactory,
    MuseumFactory,
    ProductFactory,
    RelicFactory,
    UserFactory,
    VariantFactory,
)
from tests.shop.royalties.factories import finance_user, museum_staff_user, paid_order, refund_of

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def chain():
    """A relic of Chongqing licensed jointly (Chongqing 60%, Sichuan 40%), a designer's design on it, its
    product sold in September (closed) and October."""
    chongqing = MuseumFactory(name_en="Three Gorges Museum", name_zh="三峡博物馆")
    sichuan = MuseumFactory(name_en="Sichuan Museum", name_zh="四川博物院")
    relic = RelicFactory(museum=chongqing, slug="two-cities-bronze", name_en="Two Cities Bronze", name_zh="双城铜器")
    licence = LicenceFactory(relic=relic, reference="TCTM-JT-2025-001", shares=[(chongqing, 6000), (sichuan, 4000)])
    designer = UserFactory(display_name="Chen Hao", roles=[Role.DESIGNER])
    design = DesignFactory(designer=designer, designer_rate_bp=900, usages=[(licence, 10_000)])
    product = ProductFactory(
        name_en="Two Cities notebook", name_zh="双城笔记本", design=design, category=design.category
    )
    variant = VariantFactory(product=product, sku="TC-NOTE-A5")
    return {
        "chongqing": chongqing,
        "sichuan": sichuan,
        "relic": relic,
        "designer": designer,
        "variant": variant,
    }


def sell(chain, *, count: int, month: int, quantity: int = 2, refunds: int = 0) -> list:
    """``count`` orders of the notebook paid in ``month`` of 2026; the first one refunded in ``refunds`` parts."""
    from shop.catalog.models import ProductVariant

    variant = ProductVariant.objects.select_related("product__design").get(pk=chain["variant"].pk)
    snapshot = order_line_snapshot(variant=variant)
    orders = []
    for index in range(count):
        order = paid_order(
            lines=[{**snapshot, "variant": variant, "quantity": quantity, "unit_price_amount": variant.price_amount}],
            paid_at=datetime.datetime(2026, month, 1 + index % 27, 12, tzinfo=SHANGHAI),
        )
        royalty_record_order(order_id=order.pk)
        orders.append(order)
    line = orders[0].lines.get()
    for part in range(refunds):
        created = datetime.datetime(2026, month, 28, 10 + part, tzinfo=SHANGHAI)
        royalty_record_refund(refund_id=refund_of(orders[0], [(line, 1)], created_at=created).pk)
    return orders


def _queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), response.content.decode()


def test_from_a_statement_line_to_its_relic_and_back(client, chain):
    orders = sell(chain, count=3, month=9, refunds=2)
    royalty_period_close(period=datetime.date(2026, 9, 1))
    client.force_login(finance_user())
    statement = client.get(f"/royalties/statements/2026-09/museum-{chain['sichuan'].pk}/").content.decode()
    line_id = orders[0].lines.get().pk
    assert f'href="/royalties/lines/{line_id}/"' in statement
    assert 'href="/royalties/relics/two-cities-bronze/"' in statement

    page = client.get(f"/royalties/lines/{line_id}/").content.decode()
    for fact in ("TCTM-JT-2025-001", "Two Cities Bronze", "Chen Hao", "9%", "60%", "40%", "TC-NOTE-A5"):
        assert fact in page, fact
    # Every entry the line produced (4 payees: 2 museums, the designer, the platform; a sale and 2 reversals
    # each), each with its statement.
    assert page.count('class="statement-link"') == 12
    assert page.count("takes what remains") == 4  # the second refund completes the 2-unit line

    relic = client.get("/royalties/relics/two-cities-bronze/").content.decode()
    assert f'href="/royalties/lines/{line_id}/"' in relic  # and back
    assert "Sichuan Museum 40%" in relic

    entry_link = re.search(rf'href="(/royalties/statements/2026-09/museum-{chain["sichuan"].pk}/\?entry=(\d+))"', page)
    response = client.get(entry_link.group(1).replace("&amp;", "&"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"?page=1#entry-{entry_link.group(2)}")
    assert f'id="entry-{entry_link.group(2)}"' in client.get(response["Location"]).content.decode()


def test_the_audit_pages_name_museums_in_the_readers_language(client, chain):
    orders = sell(chain, count=1, month=9)
    client.force_login(finance_user())
    line = client.get(f"/royalties/lines/{orders[0].lines.get().pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    relic = client.get("/royalties/relics/two-cities-bronze/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<small>三峡博物馆</small>" in line and "<small>Three Gorges Museum</small>" not in line
    assert "三峡博物馆 60%; 四川博物院 40%" in relic and "Sichuan Museum 40%" not in relic


def test_the_statement_page_runs_a_fixed_number_of_queries(client, chain):
    sell(chain, count=3, month=9, refunds=1)
    sell(chain, count=60, month=10, refunds=1)
    client.force_login(finance_user())
    payee = f"museum-{chain['chongqing'].pk}"
    small, _ = _queries(client, f"/royalties/statements/2026-09/{payee}/")
    large, page = _queries(client, f"/royalties/statements/2026-10/{payee}/")
    assert page.count('href="/royalties/lines/') == 61
    assert small == large


def test_the_order_line_page_runs_a_fixed_number_of_queries(client, chain):
    plain = sell(chain, count=1, month=9)[0].lines.get().pk
    refunded = sell(chain, count=1, month=9, quantity=4, refunds=3)[0].lines.get().pk
    client.force_login(finance_user())
    few, _ = _queries(client, f"/royalties/lines/{plain}/")
    many, page = _queries(client, f"/royalties/lines/{refunded}/")
    assert page.count('class="statement-link"') == 16
    assert few == many


def test_the_relic_page_runs_a_fixed_number_of_queries(client, chain):
    sell(chain, count=2, month=9)
    client.force_login(finance_user())
    few, _ = _queries(client, "/royalties/relics/two-cities-bronze/")
    sell(chain, count=40, month=10)
    many, page = _queries(client, "/royalties/relics/two-cities-bronze/")
    assert page.count('href="/royalties/lines/') == 42
    assert few == many


def test_museum_staff_and_designers_see_only_their_own_entries(client, chain):
    line_id = sell(chain, count=1, month=9)[0].lines.get().pk
    client.force_login(museum_staff_user(chain["sichuan"]))
    page = client.get(f"/royalties/lines/{line_id}/").content.decode()
    assert page.count('class="statement-link"') == 1 and "Sichuan Museum" in page
    assert client.get("/royalties/relics/two-cities-bronze/").status_code == 200
    assert client.get(f"/royalties/statements/2026-09/museum-{chain['chongqing'].pk}/").status_code == 404
    client.force_login(chain["designer"])
    assert client.get(f"/royalties/lines/{line_id}/").content.decode().count('class="statement-link"') == 1
    assert client.get(f"/royalties/statements/2026-09/designer-{chain['designer'].pk}/").status_code == 200


@pytest.mark.parametrize("who", ["customer", "other_museum", "other_designer"])
def test_others_see_nothing(client, chain, who):
    line_id = sell(chain, count=1, month=9)[0].lines.get().pk
    user = {
        "customer": lambda: UserFactory(roles=[Role.CUSTOMER]),
        "other_museum": lambda: museum_staff_user(MuseumFactory()),
        "other_designer": lambda: UserFactory(roles=[Role.DESIGNER]),
    }[who]()
    client.force_login(user)
    expected = 403 if who == "customer" else 404
    assert client.get(f"/royalties/lines/{line_id}/").status_code == expected
    assert client.get("/royalties/relics/two-cities-bronze/").status_code == expected
    assert client.get(f"/royalties/statements/2026-09/museum-{chain['sichuan'].pk}/").status_code == expected
