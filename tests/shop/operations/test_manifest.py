"""A courier manifest: previewed row by row, then the good rows ship and the bad ones are reported, with
nothing else changed."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from shop.accounts.roles import Role
from shop.catalog.models import Stock, StockMovement
from shop.core.models import OutboxMessage
from shop.operations.manifest import manifest_parse, manifest_preview
from shop.orders.models import Fulfillment, Order, OrderStatus
from tests.factories import UserFactory
from tests.shop.orders.helpers import paid_orders

pytestmark = pytest.mark.django_db


def _upload(text: str, name="manifest.csv"):
    upload = io.BytesIO(text.encode("utf-8-sig"))
    upload.name = name
    return upload


def test_two_hundred_rows_with_three_bad_ship_197_and_report_3_changing_nothing_else(client):
    orders = paid_orders(201)  # one more than the file names: it must stay untouched
    rows = ["订单号,快递公司,运单号"]
    for index, order in enumerate(orders[:197]):
        rows.append(f"{order.number},{'sf' if index % 2 else '顺丰'},SF{1_300_000_000_000 + index}")
    unknown_carrier, bad_number = orders[197], orders[198]
    rows.append(f"{unknown_carrier.number},dhl,SF1300000000999")  # not a carrier we ship with
    rows.append(f"{bad_number.number},zto,ZT-12")  # not a ZTO tracking number
    rows.append("BCNOSUCHORDER,sf,SF1300000000998")  # no such order
    assert len(rows) == 201  # a header and 200 rows
    untouched = [unknown_carrier, bad_number, *orders[199:]]
    stock_before = list(Stock.objects.order_by("id").values_list("quantity", "quantity_allocated"))

    client.force_login(UserFactory(roles=[Role.OPERATIONS]))
    url = reverse("operations:manifest")
    preview = client.post(url, {"file": _upload("\n".join(rows))})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert page.count('data-ok="1"') == 197 and page.count('data-ok="0"') == 3
    assert (
        "Unknown carrier" in page and "not a ZTO Express tracking number" in page and "No order BCNOSUCHORDER" in page
    )
    assert not Fulfillment.objects.exists()  # a preview writes nothing

    text = preview.context["text"]
    applied = client.post(url, {"text": text, "apply": "1"})
    assert applied.status_code == 200
    result = applied.context["result"]
    assert (len(result.applied), len(result.refused)) == (197, 3)
    assert sorted(outcome.row.line for outcome in result.refused) == [199, 200, 201]

    assert Fulfillment.objects.count() == 197
    assert set(Fulfillment.objects.values_list("order__number", flat=True)) == {o.number for o in orders[:197]}
    assert Order.objects.filter(status=OrderStatus.FULFILLED).count() == 197
    for order in untouched:
        order.refresh_from_db()
        assert order.status == OrderStatus.PAID and not order.fulfillments.exists()
    assert OutboxMessage.objects.filter(event="order.shipped").count() == 197
    shipped_units = sum(order.lines.get().quantity for order in orders[:197])
    assert -sum(StockMovement.objects.values_list("delta", flat=True)) == shipped_units
    stock_after = list(Stock.objects.order_by("id").values_list("quantity", "quantity_allocated"))
    assert sum(q for q, _ in stock_before) - sum(q for q, _ in stock_after) == shipped_units
    assert sum(a for _, a in stock_before) - sum(a for _, a in stock_after) == shipped_units

    again = client.post(url, {"text": text, "apply": "1"}).context["result"]  # the same file twice ships nothing
    assert len(again.applied) == 0 and len(again.refused) == 200
    assert Fulfillment.objects.count() == 197


def test_a_row_repeating_an_order_and_a_row_with_missing_columns_are_reported():
    order = paid_orders(1)[0]
    rows = manifest_parse(f"{order.number},sf,SF1300000000001\n{order.number},sf,SF1300000000002\nBC1,sf\n\n")
    outcomes = manifest_preview(rows)
    assert [outcome.ok for outcome in outcomes] == [True, False, False]
    assert "already on line 1" in outcomes[1].message and "Expected 3 columns" in outcomes[2].message


def test_a_gb18030_file_from_a_chinese_spreadsheet_is_read(client):
    order = paid_orders(1)[0]
    client.force_login(UserFactory(roles=[Role.OPERATIONS]))
    upload = io.BytesIO(f"订单号,快递,单号\n{order.number},顺丰,SF1300000000001\n".encode("gb18030"))
    upload.name = "manifest.csv"
    preview = client.post(reverse("operations:manifest"), {"file": upload})
    assert preview.status_code == 200 and preview.content.decode().count('data-ok="1"') == 1


def test_a_file_saved_with_bare_carriage_returns_is_read_row_by_row(client):
    first, second = paid_orders(2)
    client.force_login(UserFactory(roles=[Role.OPERATIONS]))
    upload = io.BytesIO(f"{first.number},sf,SF1300000000001\r{second.number},sf,SF1300000000002\r".encode())
    upload.name = "manifest.csv"
    preview = client.post(reverse("operations:manifest"), {"file": upload})
    assert preview.status_code == 200 and preview.content.decode().count('data-ok="1"') == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\n\n", "no rows"),
        (b"\x00\x01\x02\xff\xfe", "not a CSV"),
        (b"BC1,sf,SF1\n" * 2001, "at most 2000 rows"),
        (b"BC1,sf," + b"9" * 200_000 + b"\n", "Line 1 of the file cannot be read as CSV"),
    ],
    ids=["empty", "blank-lines", "binary", "too-many-rows", "cell-too-long"],
)
def test_a_bad_file_is_refused_with_a_reason(client, content, message):
    client.force_login(UserFactory(roles=[Role.OPERATIONS]))
    upload = io.BytesIO(content)
    upload.name = "manifest.csv"
    response = client.post(reverse("operations:manifest"), {"file": upload})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Fulfillment.objects.exists()
