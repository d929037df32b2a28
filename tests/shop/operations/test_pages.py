"""The back office's pages: who may open them, and each action done through its form."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import uuid

import pytest
from django.urls import reverse

from shop.accounts.roles import Role
from shop.catalog.models import Stock, StockMovement, StockMovementReason
from shop.catalog.services import stock_movement_record
from shop.core import fonts
from shop.core.models import OutboxMessage
from shop.orders.models import Fulfillment, OrderEvent, OrderStatus, Refund, ReturnStatus
from shop.orders.services import fulfillment_mark_delivered, order_fulfil, return_request_create
from tests.conftest import _skip_or_fail
from tests.factories import UserFactory, VariantFactory
from tests.shop.orders.helpers import SF, lines_of, paid_order

pytestmark = pytest.mark.django_db

S = OrderStatus


@pytest.fixture
def ops_client(client):
    client.force_login(UserFactory(roles=[Role.OPERATIONS]))
    return client


def _pages(order, parcel=None):
    pages = [
        reverse("operations:order-list"),
        reverse("operations:order-detail", args=[order.number]),
        reverse("operations:order-refund", args=[order.number]),
        reverse("operations:return-list"),
        reverse("operations:manifest"),
        reverse("operations:stock-list"),
        reverse("operations:stock-detail", args=[lines_of(order)[0].variant_id]),
        reverse("operations:packing-slips") + f"?number={order.number}",
    ]
    return pages


@pytest.mark.parametrize(
    "roles", [(Role.CUSTOMER,), (Role.DESIGNER,), (Role.CURATOR,), (Role.FINANCE,), (Role.MUSEUM_STAFF,)]
)
def test_the_back_office_is_forbidden_to_other_roles(client, roles):
    order = paid_order(1)
    client.force_login(UserFactory(roles=list(roles)))
    for url in _pages(order):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("operations:order-ship", args=[order.number]), {"carrier": "sf", "tracking_number": SF}
    )
    assert response.status_code == 403
    assert not Fulfillment.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in(client):
    order = paid_order(1)
    for url in _pages(order):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:sign-in")), url


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_opens_for_operations_in_both_languages(ops_client, language):
    order = paid_order(2)
    ops_client.cookies["django_language"] = language
    for url in _pages(order):
        response = ops_client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url


def test_shipping_from_the_order_page_takes_the_quantities_entered(ops_client):
    order = paid_order(2, 1)
    first, second = lines_of(order)
    response = ops_client.post(
        reverse("operations:order-ship", args=[order.number]),
        {
            f"line_{first.pk}": "1",
            f"line_{second.pk}": "0",
            "carrier": "sf",
            "tracking_number": SF,
            "notify_customer": "on",
        },
    )
    assert response.status_code == 302
    parcel = Fulfillment.objects.get()
    assert list(parcel.lines.values_list("order_line_id", "quantity")) == [(first.pk, 1)]
    order.refresh_from_db()
    assert order.status == S.PARTIALLY_FULFILLED


def test_a_refused_shipment_shows_the_reason_on_the_form_and_ships_nothing(ops_client):
    order = paid_order(1)
    line = lines_of(order)[0]
    response = ops_client.post(
        reverse("operations:order-ship", args=[order.number]),
        {f"line_{line.pk}": "1", "carrier": "sf", "tracking_number": "YT1234567890123"},
    )
    assert response.status_code == 400
    assert "is not a SF Express tracking number" in response.content.decode()
    assert not Fulfillment.objects.exists()


def test_refund_shows_the_amount_then_refunds_once_however_often_it_is_confirmed(ops_client):
    order = paid_order(2, price="88.00")
    line = lines_of(order)[0]
    url = reverse("operations:order-refund", args=[order.number])
    page = ops_client.get(url).content.decode()
    key = re.search(r'name="key" value="([0-9a-f-]{36})"', page).group(1)
    preview = ops_client.post(url, {"key": key, f"line_{line.pk}": "1", "reason": "scratched"})
    assert preview.status_code == 200 and "¥88.00" in preview.content.decode()
    assert not Refund.objects.exists()
    confirm = {"key": key, f"line_{line.pk}": "1", "reason": "scratched", "confirmed": "on"}
    first, again = (ops_client.post(url, confirm, follow=True).content.decode() for _ in range(2))
    assert "Refund of ¥88.00 recorded" in first
    assert "recorded already; nothing more was refunded" in again and "Refund of ¥88.00 recorded" not in again
    refund = Refund.objects.get()
    assert refund.amount == 88 and refund.reason == "scratched" and refund.idempotency_key == f"page:{key}"


def test_a_refund_needs_a_reason_and_cannot_exceed_what_was_paid(ops_client):
    order = paid_order(1)
    line = lines_of(order)[0]
    url = reverse("operations:order-refund", args=[order.number])
    key = str(uuid.uuid4())
    assert ops_client.post(url, {"key": key, f"line_{line.pk}": "1", "reason": ""}).status_code == 400
    assert (
        ops_client.post(url, {"key": key, f"line_{line.pk}": "2", "reason": "x", "confirmed": "on"}).status_code == 400
    )
    assert not Refund.objects.exists()


def test_a_return_is_approved_and_received_from_the_order_page(ops_client):
    order = paid_order(1)
    fulfillment_mark_delivered(fulfillment=order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF))
    line = lines_of(order)[0]
    request = return_request_create(order=order, lines=[(line.pk, 1)], reason="too big")
    prefix = f"return{request.pk}"
    page = ops_client.get(reverse("operations:order-detail", args=[order.number])).content.decode()
    assert "too big" in page and 'data-testid="decide-form"' in page
    decided = ops_client.post(reverse("operations:return-decide", args=[request.pk]), {f"{prefix}-decision": "approve"})
    assert decided.status_code == 302
    on_hand = Stock.objects.get(variant_id=line.variant_id).quantity
    received = ops_client.post(
        reverse("operations:return-receive", args=[request.pk]),
        {f"{prefix}-qty_{line.pk}": "1", f"{prefix}-restock_{line.pk}": "on"},
    )
    assert received.status_code == 302
    request.refresh_from_db()
    assert request.status == ReturnStatus.RECEIVED and request.refund.amount == 100
    assert Stock.objects.get(variant_id=line.variant_id).quantity == on_hand + 1
    listed = ops_client.get(reverse("operations:return-list") + "?status=received").content.decode()
    assert f"R{request.pk}" in listed


def test_rejecting_without_a_comment_is_refused(ops_client):
    order = paid_order(1)
    fulfillment_mark_delivered(fulfillment=order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF))
    request = return_request_create(order=order, lines=[(lines_of(order)[0].pk, 1)], reason="meh")
    response = ops_client.post(
        reverse("operations:return-decide", args=[request.pk]), {f"return{request.pk}-decision": "reject"}
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == ReturnStatus.REQUESTED


def test_tracking_delivery_notes_and_cancel_from_the_order_page(ops_client):
    order = paid_order(1)
    parcel = order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
    prefix = f"parcel{parcel.pk}"
    ops_client.post(
        reverse("operations:fulfillment-tracking", args=[parcel.pk]),
        {f"{prefix}-carrier": "sto", f"{prefix}-tracking_number": "773012345678901"},
    )
    parcel.refresh_from_db()
    assert (parcel.carrier, parcel.tracking_number) == ("sto", "773012345678901")
    ops_client.post(reverse("operations:fulfillment-delivered", args=[parcel.pk]))
    order.refresh_from_db()
    assert order.status == S.DELIVERED
    ops_client.post(reverse("operations:order-note", args=[order.number]), {"text": "Customer called: gift wrap"})
    assert OrderEvent.objects.get(order=order, type="note_added").data["text"] == "Customer called: gift wrap"
    page = ops_client.get(reverse("operations:order-detail", args=[order.number])).content.decode()
    assert "Customer called: gift wrap" in page
    # A paid order cannot be cancelled: the refusal is shown, nothing changes.
    response = ops_client.post(reverse("operations:order-cancel", args=[order.number]), follow=True)
    assert "Refund it instead" in response.content.decode()
    order.refresh_from_db()
    assert order.status == S.DELIVERED


def test_stock_is_adjusted_with_a_reason_and_never_below_zero(ops_client):
    variant = VariantFactory(stock=4)
    url = reverse("operations:stock-detail", args=[variant.pk])
    refused = ops_client.post(url, {"delta": "-5", "reason": "damaged"})
    assert refused.status_code == 400 and "below zero" in refused.content.decode()
    assert ops_client.post(url, {"delta": "-1", "reason": "damaged", "note": "dropped"}).status_code == 302
    assert Stock.objects.get(variant=variant).quantity == 3
    assert StockMovement.objects.get().note == "dropped"
    low = ops_client.get(reverse("operations:stock-list") + "?low=on").content.decode()
    assert variant.sku in low


def test_packing_slips_are_a_bilingual_pdf_one_order_a_page_with_an_embedded_chinese_font(ops_client, tmp_path):
    orders = [paid_order(1), paid_order(2)]
    url = reverse("operations:packing-slips") + "?" + "&".join(f"number={o.number}" for o in orders) + "&size=A5"
    response = ops_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    if fonts.pdf_cjk_font() != fonts.PDF_CJK_FONT or not shutil.which("pdftotext"):
        _skip_or_fail(
            "needs an embeddable CJK font and poppler-utils (apt-get install fonts-wqy-microhei poppler-utils)"
        )
    path = tmp_path / "slips.pdf"
    path.write_bytes(response.content)
    run = functools.partial(subprocess.run, capture_output=True, text=True, check=True)
    pages = run(["pdftotext", "-layout", str(path), "-"]).stdout.split("\f")
    assert [orders[0].number in pages[0], orders[1].number in pages[1]] == [True, True]
    line = lines_of(orders[1])[0]
    assert "Packing slip 装箱单" in pages[1] and line.sku in pages[1] and line.product_name_zh in pages[1]
    assert "王小明" in pages[0] and "成都市" in pages[0]
    listing = run(["pdffonts", str(path)]).stdout
    assert " yes " in next(row for row in listing.splitlines() if "BashuCJK" in row or "WenQuanYi" in row)
    assert ops_client.get(reverse("operations:packing-slips")).status_code == 400
    assert ops_client.get(reverse("operations:packing-slips") + "?number=BCNOPE").status_code == 400
    assert not OutboxMessage.objects.filter(event="order.shipped").exists()


def test_the_stock_history_shows_movements_nobody_signed_in_made(ops_client):
    # The opening balance (and anything the system moves) has no user: its row shows a dash, not a 500.
    variant = VariantFactory(stock=4)
    stock = Stock.objects.get(variant=variant)
    stock_movement_record(stock=stock, delta=4, reason=StockMovementReason.OPENING)
    response = ops_client.get(reverse("operations:stock-detail", args=[variant.pk]))
    assert response.status_code == 200
    row = re.search(r'<table class="ops-table" data-testid="movements">.*?</table>', response.content.decode(), re.S)
    assert row and "Opening balance" in row.group() and "<td>—</td>" in row.group()


def test_a_stock_page_for_an_id_no_database_can_hold_is_not_found(ops_client):
    assert ops_client.get(reverse("operations:stock-detail", args=[2**64])).status_code == 404


def test_the_low_stock_threshold_is_set_per_variant(ops_client):
    variant = VariantFactory(stock=12)
    url = reverse("operations:stock-detail", args=[variant.pk])
    assert variant.sku not in ops_client.get(reverse("operations:stock-list") + "?low=on").content.decode()
    assert ops_client.post(url, {"threshold": "-1"}).status_code == 400
    assert ops_client.post(url, {"threshold": "12"}).status_code == 302
    assert Stock.objects.get(variant=variant).low_stock_threshold == 12
    assert variant.sku in ops_client.get(reverse("operations:stock-list") + "?low=on").content.decode()
    assert not StockMovement.objects.exists()  # a threshold is not a movement
