"""Shipping parcels: partial and full shipments, carriers and tracking numbers, stock and its history."""

from __future__ import annotations

import pytest

from shop.catalog.models import Stock, StockMovement, StockMovementReason
from shop.core.errors import ApplicationError
from shop.core.models import OutboxMessage
from shop.orders.carriers import CARRIERS, carrier_get, tracking_number_clean
from shop.orders.models import Fulfillment, OrderEvent, OrderEventType, OrderLine, OrderStatus
from shop.orders.services import (
    ORDER_TRANSITIONS,
    fulfillment_update_tracking,
    order_fulfil,
    order_refund,
)
from tests.shop.orders.helpers import SF, lines_of, paid_order

pytestmark = pytest.mark.django_db

S = OrderStatus


def _snapshot(order):
    """Everything a refused fulfilment must leave as it was."""
    return (
        list(Stock.objects.order_by("id").values_list("quantity", "quantity_allocated")),
        list(OrderLine.objects.filter(order=order).order_by("id").values_list("quantity_fulfilled", flat=True)),
        Fulfillment.objects.count(),
        StockMovement.objects.count(),
        OutboxMessage.objects.count(),
        OrderEvent.objects.filter(order=order).count(),
        type(order).objects.get(pk=order.pk).status,
    )


def test_every_status_has_an_entry_in_the_transition_map():
    assert set(ORDER_TRANSITIONS) == set(S.values)
    for targets in ORDER_TRANSITIONS.values():
        assert targets <= set(S.values)


def test_a_partial_shipment_takes_its_units_out_of_stock_and_the_rest_ships_later():
    order = paid_order(2, 1)
    first, second = lines_of(order)
    parcel = order_fulfil(order=order, lines=[(first.pk, 1)], carrier="sf", tracking_number=SF)
    order.refresh_from_db()
    assert order.status == S.PARTIALLY_FULFILLED and order.fulfilled_at is None
    stock = Stock.objects.get(variant_id=first.variant_id)
    assert (stock.quantity, stock.quantity_allocated) == (19, 1)
    movement = StockMovement.objects.get(stock=stock)
    assert (movement.delta, movement.quantity_after, movement.reason, movement.reference) == (
        -1,
        19,
        StockMovementReason.SHIPMENT,
        order.number,
    )
    assert list(parcel.lines.values_list("order_line_id", "quantity")) == [(first.pk, 1)]

    rest = order_fulfil(order=order, lines=None, carrier="ems", tracking_number="EA123456789CN")
    order.refresh_from_db()
    assert order.status == S.FULFILLED and order.fulfilled_at is not None
    assert sorted(rest.lines.values_list("order_line_id", "quantity")) == [(first.pk, 1), (second.pk, 1)]
    assert [line.quantity_fulfilled for line in lines_of(order)] == [2, 1]
    assert Stock.objects.get(variant_id=second.variant_id).quantity_allocated == 0
    assert OutboxMessage.objects.filter(event="order.shipped").count() == 2


def test_the_tracking_url_follows_the_carrier_pattern():
    order = paid_order(1)
    parcel = order_fulfil(order=order, lines=None, carrier="顺丰", tracking_number="sf 1234-5678-90123")
    assert (parcel.carrier, parcel.tracking_number) == ("sf", SF)
    assert parcel.tracking_url == f"https://www.sf-express.com/chn/sc/waybill/waybill-detail/{SF}"
    event = OrderEvent.objects.get(order=order, type=OrderEventType.FULFILLED)
    assert event.data["tracking_number"] == SF


@pytest.mark.parametrize(
    ("carrier", "number", "code"),
    [
        ("dhl", SF, "UNKNOWN_CARRIER"),
        ("", SF, "UNKNOWN_CARRIER"),
        ("sf", "", "REQUIRED"),
        ("sf", "SF12", "INVALID_TRACKING_NUMBER"),
        ("sf", "YT1234567890123", "INVALID_TRACKING_NUMBER"),
        ("ems", "EA123456789", "INVALID_TRACKING_NUMBER"),
        ("jd", "1234567890123", "INVALID_TRACKING_NUMBER"),
        ("sf", "SF" + "1" * 60, "INVALID_TRACKING_NUMBER"),
    ],
)
def test_an_unknown_carrier_or_a_bad_tracking_number_is_refused_and_changes_nothing(carrier, number, code):
    order = paid_order(1)
    before = _snapshot(order)
    with pytest.raises(ApplicationError) as caught:
        order_fulfil(order=order, lines=None, carrier=carrier, tracking_number=number)
    assert caught.value.code == code
    assert _snapshot(order) == before


def test_shipping_more_than_ordered_is_refused_and_changes_nothing():
    order = paid_order(2)
    line = lines_of(order)[0]
    order_fulfil(order=order, lines=[(line.pk, 1)], carrier="sf", tracking_number=SF)
    before = _snapshot(order)
    for quantity in (2, 3):
        with pytest.raises(ApplicationError) as caught:
            order_fulfil(order=order, lines=[(line.pk, quantity)], carrier="sf", tracking_number=SF)
        assert caught.value.code == "FULFIL_QUANTITY_EXCEEDED"
    assert _snapshot(order) == before


@pytest.mark.parametrize("quantity", [0, -1, True])
def test_a_quantity_under_one_is_invalid(quantity):
    order = paid_order(2)
    with pytest.raises(ApplicationError) as caught:
        order_fulfil(order=order, lines=[(lines_of(order)[0].pk, quantity)], carrier="sf", tracking_number=SF)
    assert caught.value.code == "INVALID"


def test_a_line_of_another_order_is_not_found_and_an_unpaid_or_shipped_order_has_nothing_to_ship():
    order, other = paid_order(1), paid_order(1)
    with pytest.raises(ApplicationError) as caught:
        order_fulfil(order=order, lines=[(lines_of(other)[0].pk, 1)], carrier="sf", tracking_number=SF)
    assert caught.value.code == "NOT_FOUND"
    order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
    with pytest.raises(ApplicationError) as caught:
        order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
    assert caught.value.code == "INVALID_TRANSITION"


def test_refunded_units_do_not_ship_and_refunding_the_rest_completes_the_shipment():
    order = paid_order(3)
    line = lines_of(order)[0]
    order_refund(order=order, lines=[(line.pk, 1)], user=None, reason="customer changed their mind")
    order.refresh_from_db()
    assert order.status == S.PARTIALLY_REFUNDED
    with pytest.raises(ApplicationError) as caught:
        order_fulfil(order=order, lines=[(line.pk, 3)], carrier="sf", tracking_number=SF)
    assert caught.value.code == "FULFIL_QUANTITY_EXCEEDED"
    order_fulfil(order=order, lines=[(line.pk, 1)], carrier="sf", tracking_number=SF)
    order.refresh_from_db()
    assert order.status == S.PARTIALLY_FULFILLED
    order_refund(order=order, lines=[(line.pk, 1)], user=None, reason="out of stock at the warehouse")
    order.refresh_from_db()
    assert order.status == S.FULFILLED  # nothing is left to ship
    stock = Stock.objects.get(variant_id=line.variant_id)
    assert (stock.quantity, stock.quantity_allocated) == (19, 0)


def test_tracking_can_be_corrected_until_delivery_and_each_change_is_announced_once():
    order = paid_order(1)
    parcel = order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
    fulfillment_update_tracking(fulfillment=parcel, carrier="sf", tracking_number=SF)  # same values: no change
    assert not OutboxMessage.objects.filter(event="order.tracking_updated").exists()
    updated = fulfillment_update_tracking(fulfillment=parcel, carrier="zto", tracking_number="75123456789012")
    assert (updated.carrier, updated.tracking_number, updated.tracking_version) == ("zto", "75123456789012", 2)
    message = OutboxMessage.objects.get(event="order.tracking_updated")
    assert message.kwargs == {"fulfillment_id": parcel.pk, "version": 2}
    with pytest.raises(ApplicationError) as caught:
        fulfillment_update_tracking(fulfillment=parcel, carrier="zto", tracking_number="75")
    assert caught.value.code == "INVALID_TRACKING_NUMBER"
    assert Fulfillment.objects.get(pk=parcel.pk).tracking_number == "75123456789012"


def test_every_carrier_has_a_tracking_page_and_accepts_a_number_of_its_own_format():
    samples = {
        "sf": "SF1234567890123",
        "ems": "1151238971060",
        "jd": "JDVA12345678901",
        "zto": "75123456789012",
        "yto": "YT1234567890123",
        "sto": "773012345678901",
        "yunda": "4312345678901",
    }
    assert set(samples) == set(CARRIERS)
    for code, number in samples.items():
        carrier = carrier_get(code)
        assert tracking_number_clean(carrier, number) == number
        assert carrier.tracking_url(number).startswith("https://") and number in carrier.tracking_url(number)
