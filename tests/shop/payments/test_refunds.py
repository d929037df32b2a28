"""payment_refund_task: an order refund goes to the gateway once, however often the task runs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.orders.models import OrderStatus
from shop.payments.gateways import GatewayEvent
from shop.payments.models import PaymentStatus
from shop.payments.services import payment_create_for_order, payment_event_process, payment_event_record
from tests.outbox_helpers import outbox_run
from tests.shop.payments.factories import RefundFactory
from worker.tasks.payments import payment_refund_task

pytestmark = pytest.mark.django_db


def pay(payment, event: dict) -> None:
    stored = payment_event_record(
        gateway=payment.gateway, event=GatewayEvent(event_id=event["id"], type=event["type"], payload=event)
    )
    payment_event_process(payment_event_id=stored.pk)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED


@pytest.fixture
def stripe_paid(stripe_api, unpaid_order):
    payment = payment_create_for_order(order=unpaid_order)
    pay(payment, stripe_api.succeed(payment.intent_id))
    return payment


def test_the_refund_task_refunds_at_stripe_once_even_when_run_twice(stripe_api, stripe_paid):
    refund = RefundFactory(order=stripe_paid.order, amount=Decimal("128.00"))

    first = payment_refund_task.apply(kwargs={"refund_id": refund.pk}, throw=True).result
    second = payment_refund_task.apply(kwargs={"refund_id": refund.pk}, throw=True).result

    [call] = stripe_api.calls("POST", "/v1/refunds")
    assert call.params["payment_intent"] == stripe_paid.intent_id
    assert call.params["amount"] == "12800"
    assert call.idempotency_key == f"bashu-refund-{refund.idempotency_key}"
    refund.refresh_from_db()
    assert first == second == refund.gateway_reference
    assert refund.gateway_reference in stripe_api.refunds
    # Stripe confirms with charge.refunded; the payment's refunded amount waits for it.
    stripe_paid.refresh_from_db()
    assert stripe_paid.refunded_minor == 0


def test_a_retry_after_a_lost_answer_gets_the_same_stripe_refund(stripe_api, stripe_paid):
    """The gateway refunded but our save never happened: the retry's same key must not refund twice."""
    from shop.payments.gateways import get_gateway

    refund = RefundFactory(order=stripe_paid.order)
    key = f"bashu-refund-{refund.idempotency_key}"
    lost = get_gateway("stripe").refund(payment=stripe_paid, amount_minor=12800, idempotency_key=key)

    payment_refund_task.apply(kwargs={"refund_id": refund.pk}, throw=True)

    refund.refresh_from_db()
    assert refund.gateway_reference == lost.reference
    assert len(stripe_api.refunds) == 1


def test_the_charge_refunded_event_then_records_the_refund(stripe_api, stripe_paid):
    refund = RefundFactory(order=stripe_paid.order, amount=Decimal("128.00"))
    payment_refund_task.apply(kwargs={"refund_id": refund.pk}, throw=True)

    pay_event = stripe_api.charge_refunded_event(stripe_paid.intent_id)
    stored = payment_event_record(
        gateway="stripe", event=GatewayEvent(event_id=pay_event["id"], type=pay_event["type"], payload=pay_event)
    )
    payment_event_process(payment_event_id=stored.pk)

    stripe_paid.refresh_from_db()
    assert (stripe_paid.refunded_minor, stripe_paid.status) == (12800, PaymentStatus.PARTIALLY_REFUNDED)


def test_a_refund_stripe_refuses_is_not_retried_and_keeps_no_reference(stripe_api, stripe_paid):
    refund = RefundFactory(order=stripe_paid.order, amount=Decimal("128.00"))
    stripe_api.refunds["re_earlier"] = {
        "id": "re_earlier",
        "amount": stripe_paid.amount_minor,
        "payment_intent": stripe_paid.intent_id,
    }

    result = payment_refund_task.apply(kwargs={"refund_id": refund.pk}, throw=True).result

    assert result == ""
    refund.refresh_from_db()
    assert refund.gateway_reference == ""
    assert len(stripe_api.calls("POST", "/v1/refunds")) == 1


def test_the_dummy_gateway_records_the_refund_once(dummy_gateway, unpaid_order):
    from shop.payments.gateways.dummy_gateway import DummyGateway

    payment = payment_create_for_order(order=unpaid_order)
    pay(payment, DummyGateway().outcome_event(payment=payment, succeeded=True).payload)
    refund = RefundFactory(order=payment.order, amount=Decimal("100.00"))

    payment_refund_task.apply(kwargs={"refund_id": refund.pk}, throw=True)
    payment_refund_task.apply(kwargs={"refund_id": refund.pk}, throw=True)

    refund.refresh_from_db()
    assert refund.gateway_reference.startswith("dummy_re_")
    payment.refresh_from_db()
    assert (payment.refunded_minor, payment.status) == (10000, PaymentStatus.PARTIALLY_REFUNDED)


def test_a_refund_on_an_unpaid_order_goes_nowhere(stripe_api, unpaid_order):
    payment_create_for_order(order=unpaid_order)
    refund = RefundFactory(order=unpaid_order)

    assert payment_refund_task.apply(kwargs={"refund_id": refund.pk}, throw=True).result == ""

    assert stripe_api.calls("POST", "/v1/refunds") == []


def test_order_refund_queues_the_gateway_refund_through_the_outbox(
    stripe_api, stripe_paid, django_capture_on_commit_callbacks
):
    """H4's staff refund enqueues payment_refund_task; running the outbox refunds at Stripe."""
    from shop.orders.services import order_refund

    order = stripe_paid.order
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    line = order.lines.get()
    with django_capture_on_commit_callbacks(execute=True):
        refund = order_refund(order=order, lines=[(line.pk, 1)], user=None)
        outbox_run(task_name="worker.tasks.payments.payment_refund_task")
        outbox_run(task_name="worker.tasks.payments.payment_refund_task")

    [call] = stripe_api.calls("POST", "/v1/refunds")
    assert call.params["amount"] == str(int(refund.amount * 100))
    refund.refresh_from_db()
    assert refund.gateway_reference in stripe_api.refunds


def test_an_unreachable_stripe_leaves_the_refund_to_retry_with_the_same_key(stripe_api, stripe_paid):
    from shop.payments.gateways import GatewayUnavailable
    from shop.payments.services import payment_refund_execute

    refund = RefundFactory(order=stripe_paid.order)
    stripe_api.fail_with = 500
    with pytest.raises(GatewayUnavailable):  # the task retries this one with backoff
        payment_refund_execute(refund_id=refund.pk)
    refund.refresh_from_db()
    assert refund.gateway_reference == ""

    stripe_api.fail_with = None
    payment_refund_execute(refund_id=refund.pk)

    refund.refresh_from_db()
    assert refund.gateway_reference in stripe_api.refunds
    assert {c.idempotency_key for c in stripe_api.calls("POST", "/v1/refunds")} == {
        f"bashu-refund-{refund.idempotency_key}"
    }
