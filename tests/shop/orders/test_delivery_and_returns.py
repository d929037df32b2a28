"""Delivery (the customer's 确认收货, staff, deemed after ORDER_AUTO_DELIVERED_DAYS) and returns (request,
decision, receipt and its one refund)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from shop.catalog.models import Stock, StockMovement, StockMovementReason
from shop.core.errors import ApplicationError
from shop.core.models import OutboxMessage
from shop.orders.models import (
    DeliveryConfirmation,
    Fulfillment,
    OrderEvent,
    OrderStatus,
    Refund,
    ReturnLine,
    ReturnRequest,
    ReturnStatus,
)
from shop.orders.services import (
    fulfillment_mark_delivered,
    fulfillments_deliver_due,
    order_confirm_receipt,
    order_fulfil,
    order_refund,
    order_returnable,
    return_receive,
    return_request_create,
    return_request_decide,
)
from tests.outbox_helpers import outbox_run
from tests.shop.orders.helpers import SF, lines_of, paid_order

pytestmark = pytest.mark.django_db

S = OrderStatus


def _delivered(*quantities, days_ago: int = 0, **kwargs):
    order = paid_order(*quantities, **kwargs)
    delivered = timezone.now() - datetime.timedelta(days=days_ago)
    parcel = order_fulfil(
        order=order, lines=None, carrier="sf", tracking_number=SF, shipped_at=delivered - datetime.timedelta(days=1)
    )
    fulfillment_mark_delivered(fulfillment=parcel, at=delivered)
    order.refresh_from_db()
    return order


def _state(order):
    return (
        ReturnRequest.objects.count(),
        ReturnLine.objects.count(),
        Refund.objects.count(),
        OutboxMessage.objects.count(),
        OrderEvent.objects.filter(order=order).count(),
        list(Stock.objects.order_by("id").values_list("quantity", "quantity_allocated")),
        type(order).objects.get(pk=order.pk).status,
    )


def test_the_customer_confirms_receipt_of_every_parcel_and_the_order_is_delivered():
    order = paid_order(2)
    line = lines_of(order)[0]
    first = order_fulfil(order=order, lines=[(line.pk, 1)], carrier="sf", tracking_number=SF)
    order_confirm_receipt(order=order)
    order.refresh_from_db()
    assert order.status == S.PARTIALLY_FULFILLED  # one unit still to ship
    first.refresh_from_db()
    assert first.delivery_confirmation == DeliveryConfirmation.CUSTOMER and first.delivered_at is not None
    order_fulfil(order=order, lines=None, carrier="sf", tracking_number="SF1234567890124")
    order_confirm_receipt(order=order)
    order.refresh_from_db()
    assert order.status == S.DELIVERED
    assert order.delivered_at == Fulfillment.objects.filter(order=order).latest("delivered_at").delivered_at
    events_before = OrderEvent.objects.filter(order=order).count()
    order_confirm_receipt(order=order)  # again: nothing changes
    assert OrderEvent.objects.filter(order=order).count() == events_before


def test_confirming_receipt_before_anything_shipped_is_refused():
    order = paid_order(1)
    with pytest.raises(ApplicationError) as caught:
        order_confirm_receipt(order=order)
    assert caught.value.code == "INVALID_TRANSITION"
    order.refresh_from_db()
    assert order.status == S.PAID


def test_staff_mark_a_parcel_delivered_once():
    order = paid_order(1)
    parcel = order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
    fulfillment_mark_delivered(fulfillment=parcel)
    delivered_at = Fulfillment.objects.get(pk=parcel.pk).delivered_at
    fulfillment_mark_delivered(fulfillment=parcel)
    assert Fulfillment.objects.get(pk=parcel.pk).delivered_at == delivered_at
    order.refresh_from_db()
    assert order.status == S.DELIVERED


def test_parcels_nobody_confirmed_are_deemed_delivered_days_after_they_shipped(settings):
    settings.ORDER_AUTO_DELIVERED_DAYS = 10
    old, recent = paid_order(1), paid_order(1)
    shipped = timezone.now() - datetime.timedelta(days=11)
    order_fulfil(order=old, lines=None, carrier="sf", tracking_number=SF, shipped_at=shipped)
    order_fulfil(order=recent, lines=None, carrier="sf", tracking_number=SF)
    assert fulfillments_deliver_due() == 1
    assert fulfillments_deliver_due() == 0  # idempotent
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == S.DELIVERED and recent.status == S.FULFILLED
    parcel = old.fulfillments.get()
    assert parcel.delivered_at == shipped + datetime.timedelta(days=10)
    assert parcel.delivery_confirmation == DeliveryConfirmation.AUTOMATIC
    assert old.delivered_at == parcel.delivered_at


def test_a_return_of_one_line_is_approved_received_restocked_and_refunded_once(settings):
    order = _delivered(2, 1, user=None)
    first, second = lines_of(order)
    request = return_request_create(order=order, lines=[(first.pk, 1)], reason="The scarf's colour is off")
    assert order_returnable(order=order) == {first.pk: 1, second.pk: 1}
    assert OutboxMessage.objects.filter(event="return.requested").count() == 1
    return_request_decide(return_request=request, approve=True, comment="Send it back, please")
    stock = Stock.objects.get(variant_id=first.variant_id)
    on_hand = stock.quantity

    received = return_receive(return_request=request, lines=[(first.pk, 1, True)])
    assert received.status == ReturnStatus.RECEIVED and received.refund is not None
    refund = received.refund
    assert refund.amount == Decimal("100.00") and refund.idempotency_key == f"return:{request.pk}"
    assert list(refund.lines.values_list("order_line_id", "quantity")) == [(first.pk, 1)]
    stock.refresh_from_db()
    assert stock.quantity == on_hand + 1 and stock.quantity_allocated == 0
    movement = StockMovement.objects.filter(stock=stock).first()
    assert (movement.delta, movement.reason) == (1, StockMovementReason.RETURN)
    order.refresh_from_db()
    assert order.status == S.RETURNED
    assert OutboxMessage.objects.filter(event="order.refunded", kwargs={"refund_id": refund.pk}).count() == 3

    with pytest.raises(ApplicationError) as caught:  # received once
        return_receive(return_request=request, lines=[(first.pk, 1, True)])
    assert caught.value.code == "INVALID_TRANSITION"
    assert Refund.objects.count() == 1


def test_the_customer_is_emailed_at_each_step_of_a_return_in_their_language():
    order = _delivered(1, language="zh-hans")
    line = lines_of(order)[0]
    request = return_request_create(order=order, lines=[(line.pk, 1)], reason="尺寸不合适")
    outbox_run(task_name="worker.tasks.orders.return_email_task")
    return_request_decide(return_request=request, approve=True, comment="")
    outbox_run(task_name="worker.tasks.orders.return_email_task")
    return_receive(return_request=request, lines=[(line.pk, 1, False)])
    outbox_run(task_name="worker.tasks.orders.refund_email_task")
    subjects = [message.subject for message in mail.outbox if "退" in message.subject or "退款" in message.subject]
    assert len(subjects) == 3, [m.subject for m in mail.outbox]
    approved = next(m for m in mail.outbox if "批准" in m.subject)
    assert f"R{request.pk}" in approved.body and "重庆市渝中区" in approved.body
    assert f"/orders/{order.number}/?token={order.checkout_token}" in approved.body


def test_a_rejected_return_needs_a_comment_and_frees_the_units_for_another_request():
    order = _delivered(1)
    line = lines_of(order)[0]
    request = return_request_create(order=order, lines=[(line.pk, 1)], reason="Changed my mind")
    assert order_returnable(order=order) == {line.pk: 0}
    with pytest.raises(ApplicationError) as caught:
        return_request_decide(return_request=request, approve=False, comment="  ")
    assert caught.value.code == "REQUIRED"
    return_request_decide(return_request=request, approve=False, comment="Opened and used")
    assert order_returnable(order=order) == {line.pk: 1}
    with pytest.raises(ApplicationError) as caught:
        return_request_decide(return_request=request, approve=True)
    assert caught.value.code == "INVALID_TRANSITION"
    with pytest.raises(ApplicationError) as caught:
        return_receive(return_request=request, lines=[(line.pk, 1, True)])
    assert caught.value.code == "INVALID_TRANSITION"


def test_a_return_outside_the_window_is_refused_and_changes_nothing(settings):
    settings.ORDER_RETURN_WINDOW_DAYS = 15
    order = _delivered(1, days_ago=16)
    before = _state(order)
    with pytest.raises(ApplicationError) as caught:
        return_request_create(order=order, lines=[(lines_of(order)[0].pk, 1)], reason="Too late")
    assert caught.value.code == "RETURN_WINDOW_CLOSED"
    assert _state(order) == before


def test_returning_more_than_was_delivered_is_refused_and_changes_nothing():
    order = paid_order(3)
    line = lines_of(order)[0]
    parcel = order_fulfil(order=order, lines=[(line.pk, 2)], carrier="sf", tracking_number=SF)
    before = _state(order)
    with pytest.raises(ApplicationError) as caught:  # shipped, not delivered yet
        return_request_create(order=order, lines=[(line.pk, 1)], reason="Broken")
    assert caught.value.code == "RETURN_QUANTITY_EXCEEDED"
    fulfillment_mark_delivered(fulfillment=parcel)
    before = _state(order)
    with pytest.raises(ApplicationError) as caught:
        return_request_create(order=order, lines=[(line.pk, 3)], reason="Broken")
    assert caught.value.code == "RETURN_QUANTITY_EXCEEDED"
    assert _state(order) == before
    return_request_create(order=order, lines=[(line.pk, 2)], reason="Broken")
    with pytest.raises(ApplicationError) as caught:  # both delivered units are asked for already
        return_request_create(order=order, lines=[(line.pk, 1)], reason="Broken")
    assert caught.value.code == "RETURN_QUANTITY_EXCEEDED"


@pytest.mark.parametrize(
    ("lines", "reason", "code"),
    [([], "Broken", "REQUIRED"), (None, "", "REQUIRED"), (None, "x" * 501, "INVALID"), ("twice", "Broken", "INVALID")],
)
def test_return_requests_check_their_input(lines, reason, code):
    order = _delivered(1)
    line = lines_of(order)[0]
    if lines is None:
        lines = [(line.pk, 1)]
    elif lines == "twice":
        lines = [(line.pk, 1), (line.pk, 1)]
    with pytest.raises(ApplicationError) as caught:
        return_request_create(order=order, lines=lines, reason=reason)
    assert caught.value.code == code
    assert not ReturnRequest.objects.exists()


def test_receiving_checks_what_came_back_against_what_was_asked():
    order = _delivered(2)
    line = lines_of(order)[0]
    request = return_request_create(order=order, lines=[(line.pk, 1)], reason="Broken")
    return_request_decide(return_request=request, approve=True)
    before = _state(order)
    for lines, code in (
        ([(line.pk, 2, True)], "RETURN_QUANTITY_EXCEEDED"),
        ([(line.pk, 0, True)], "REQUIRED"),
        ([(line.pk + 999, 1, True)], "NOT_FOUND"),
    ):
        with pytest.raises(ApplicationError) as caught:
            return_receive(return_request=request, lines=lines)
        assert caught.value.code == code
    assert _state(order) == before


def test_a_damaged_return_is_refunded_but_stays_out_of_stock():
    order = _delivered(1)
    line = lines_of(order)[0]
    request = return_request_create(order=order, lines=[(line.pk, 1)], reason="Arrived cracked")
    return_request_decide(return_request=request, approve=True)
    on_hand = Stock.objects.get(variant_id=line.variant_id).quantity
    received = return_receive(return_request=request, lines=[(line.pk, 1, False)])
    assert Stock.objects.get(variant_id=line.variant_id).quantity == on_hand
    assert received.refund.amount == Decimal("100.00")
    order.refresh_from_db()
    assert order.status == S.REFUNDED  # every unit of the order is refunded


def test_a_goodwill_refund_meanwhile_caps_the_return_refund_so_nothing_is_paid_twice():
    order = _delivered(1)
    line = lines_of(order)[0]
    request = return_request_create(order=order, lines=[(line.pk, 1)], reason="Arrived cracked")
    return_request_decide(return_request=request, approve=True)
    order_refund(order=order, lines=[(line.pk, 1)], user=None, reason="goodwill before the parcel came back")
    received = return_receive(return_request=request, lines=[(line.pk, 1, False)])
    assert received.refund is None
    assert Refund.objects.count() == 1
