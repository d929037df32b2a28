"""Payment status changes go through one map (``PAYMENT_TRANSITIONS``); the pay pages and the pay link ask it."""

from __future__ import annotations

import pytest

from shop.orders.models import Order, OrderStatus
from shop.payments.gateways.dummy_gateway import DummyGateway
from shop.payments.models import Payment, PaymentEvent, PaymentStatus
from shop.payments.selectors import payment_pay_url, payment_pay_url_for_order
from shop.payments.services import (
    PAYMENT_TRANSITIONS,
    payment_can_be_paid,
    payment_create_for_order,
    payment_event_process,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(dummy_gateway, unpaid_order):
    return payment_create_for_order(order=unpaid_order)


def _set_status(payment: Payment, status: str) -> Payment:
    Payment.objects.filter(pk=payment.pk).update(status=status)
    return Payment.objects.select_related("order").get(pk=payment.pk)


def _process(payment: Payment, *, succeeded: bool) -> PaymentEvent:
    event = DummyGateway().outcome_event(payment=payment, succeeded=succeeded)
    stored = PaymentEvent.objects.create(
        event_id=event.event_id, gateway=DummyGateway.name, type=event.type, payload=event.payload
    )
    return payment_event_process(payment_event_id=stored.pk)


def test_the_map_names_every_status_and_nothing_leaves_a_final_one():
    assert set(PAYMENT_TRANSITIONS) == set(PaymentStatus.values)
    assert PAYMENT_TRANSITIONS[PaymentStatus.REFUNDED] == frozenset()
    # A cancelled payment leads only to a success the gateway reports anyway (the money is in; see below).
    assert PAYMENT_TRANSITIONS[PaymentStatus.CANCELLED] == frozenset({PaymentStatus.SUCCEEDED})


def test_a_success_for_a_cancelled_payment_still_counts_the_money(payment):
    """Cancelled here (say the shop switched gateways) but paid at the gateway: the money came in, and an
    order still awaiting payment is paid by it."""
    payment = _set_status(payment, PaymentStatus.CANCELLED)

    event = _process(payment, succeeded=True)

    assert event.error == ""
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert Order.objects.get(pk=payment.order_id).status == OrderStatus.PAID


def test_a_failure_for_a_cancelled_payment_changes_nothing(payment):
    payment = _set_status(payment, PaymentStatus.CANCELLED)

    assert _process(payment, succeeded=False).error == ""

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED


def test_a_failed_attempt_can_still_succeed(payment):
    assert _process(payment, succeeded=False).error == ""
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert payment_can_be_paid(payment=payment)

    assert _process(payment, succeeded=True).error == ""
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert not payment_can_be_paid(payment=payment)


@pytest.mark.parametrize(
    ("status", "order_status", "payable"),
    [
        (PaymentStatus.PENDING, OrderStatus.UNPAID, True),
        (PaymentStatus.FAILED, OrderStatus.UNPAID, True),
        (PaymentStatus.CANCELLED, OrderStatus.UNPAID, False),
        (PaymentStatus.PENDING, OrderStatus.EXPIRED, False),
    ],
)
def test_the_pay_page_and_the_pay_link_follow_the_map(client, payment, status, order_status, payable):
    payment = _set_status(payment, status)
    Order.objects.filter(pk=payment.order_id).update(status=order_status)
    order = Order.objects.get(pk=payment.order_id)

    page = client.get(payment_pay_url(payment=payment)).content.decode()

    assert ('value="succeed"' in page) is payable
    assert payment_pay_url_for_order(order=order) == (payment_pay_url(payment=payment) if payable else None)
