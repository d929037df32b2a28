"""Cancelling an unpaid order cancels its payment at the gateway; money that arrives anyway goes back whole.

Real paths: the checkout creates the intent at the local Stripe stand-in through the real ``stripe`` library,
``order_cancel`` (the service behind ``orderCancel`` and the back office) publishes ``order.cancelled``, and
the outbox runs the subscribed tasks as a worker would (``tests/outbox_helpers.py``); webhooks are posted
with a computed signature.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from shop.accounts.roles import Role
from shop.checkout.services import checkout_complete
from shop.core.models import OutboxMessage
from shop.orders.models import Order, OrderEventType, OrderStatus, Refund, RefundKind
from shop.orders.selectors import OrderFilter, order_list_staff, order_status_counts
from shop.orders.services import order_cancel
from shop.orders.timeline import order_event_text
from shop.payments.gateways import GatewayUnavailable
from shop.payments.models import Payment, PaymentEvent, PaymentStatus
from shop.payments.selectors import payment_pay_url
from shop.payments.services import payment_cancel_for_order, payment_dummy_complete
from shop.royalties.models import RoyaltyEntry
from tests.factories import UserFactory, make_buyable_product
from tests.outbox_helpers import outbox_pending, outbox_run
from tests.shop.checkout.helpers import ready_checkout
from tests.shop.payments.conftest import post_event

pytestmark = pytest.mark.django_db

CANCEL_TASK = "worker.tasks.payments.payment_cancel_for_order_task"
EVENT_TASK = "worker.tasks.payments.payment_event_process_task"


def _placed() -> tuple[Order, Payment]:
    """An unpaid order of 2 × ¥100 from a real checkout, with its intent at the configured gateway."""
    variant = make_buyable_product(price="100.00", stock=5)
    result = checkout_complete(checkout_token=ready_checkout(variant=variant, quantity=2).token)
    assert result.payment is not None and result.payment.intent_id
    return result.order, result.payment


def _cancelled(*, staff=None) -> tuple[Order, Payment]:
    order, payment = _placed()
    order_cancel(order=order, user=staff or UserFactory(roles=[Role.OPERATIONS]), reason="customer phoned")
    return order, payment


def _late_refunds(order: Order) -> list[Refund]:
    return list(Refund.objects.filter(order=order, kind=RefundKind.LATE_PAYMENT))


def _timeline(order: Order) -> list[str]:
    return [order_event_text(event) for event in order.events.order_by("created_at", "id")]


# ── Stripe ────────────────────────────────────────────────────────────────────────────────────────────


def test_cancelling_an_unpaid_order_cancels_its_stripe_intent_once(stripe_api, client):
    order, payment = _cancelled()

    outbox_run()
    outbox_run()  # a second delivery of everything changes nothing

    [call] = stripe_api.calls("POST", f"/v1/payment_intents/{payment.intent_id}/cancel")
    assert call.idempotency_key == f"bashu-cancel-{payment.token}"
    assert call.status == 200
    assert stripe_api.intents[payment.intent_id]["status"] == "canceled"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED
    assert order.events.filter(type=OrderEventType.PAYMENT_CANCELLED).count() == 1
    with pytest.raises(ValueError, match="canceled"):
        stripe_api.succeed(payment.intent_id)  # the shopper can no longer pay it at Stripe
    page = client.get(payment_pay_url(payment=payment)).content.decode()
    assert "This order was cancelled, so it can no longer be paid." in page
    assert 'id="payment-form"' not in page
    assert _late_refunds(order) == []


def test_the_back_office_and_order_cancel_both_cancel_the_payment(stripe_api, client):
    from shop.accounts.services import access_token_create
    from tests.shop.checkout.gql import gql

    by_page, page_payment = _placed()
    by_api, api_payment = _placed()
    ops = UserFactory(roles=[Role.OPERATIONS])
    client.force_login(ops)
    client.post(reverse("operations:order-cancel", args=[by_page.number]), {"reason": "duplicate"})
    client.logout()
    answer = gql(
        client,
        'mutation($n: String!) { orderCancel(number: $n, reason: "asked") { order { status } errors { code } } }',
        {"n": by_api.number},
        token=access_token_create(user=ops),
    )
    assert answer["data"]["orderCancel"] == {"order": {"status": "CANCELLED"}, "errors": []}

    outbox_run()

    for payment in (page_payment, api_payment):
        payment.refresh_from_db()
        assert payment.status == PaymentStatus.CANCELLED
        assert stripe_api.intents[payment.intent_id]["status"] == "canceled"


def test_the_shopper_cancels_from_the_order_page_and_the_intent_is_cancelled(stripe_api, client):
    order, payment = _placed()
    url = reverse("orders:cancel", args=[order.number])
    assert client.post(url).status_code == 404  # a stranger: no access, nothing changes
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID

    page = client.get(reverse("orders:status", args=[order.number]), {"token": str(order.checkout_token)})
    assert 'data-testid="cancel-order"' in page.content.decode()
    response = client.post(url, {"token": str(order.checkout_token)}, follow=True)
    assert "Your order is cancelled; nothing will be charged." in response.content.decode()
    outbox_run()

    order.refresh_from_db()
    payment.refresh_from_db()
    assert (order.status, payment.status) == (OrderStatus.CANCELLED, PaymentStatus.CANCELLED)
    assert stripe_api.intents[payment.intent_id]["status"] == "canceled"
    assert any("was cancelled before it was paid" in message.body for message in mail.outbox)


def test_a_payment_that_beat_the_cancel_is_refunded_in_full_once(stripe_api, client):
    """The race: the shopper paid in the moment before the cancel reached Stripe, so Stripe refuses the
    cancel; the money is refunded whole (once, whatever arrives after) and operations see it."""
    order, payment = _cancelled()
    paid = stripe_api.succeed(payment.intent_id)  # paid after our cancel was committed, before it was sent

    outbox_run()  # the cancel task meets a succeeded intent

    [cancel] = stripe_api.calls("POST", f"/v1/payment_intents/{payment.intent_id}/cancel")
    assert cancel.status == 400
    [refund] = _late_refunds(order)
    assert (refund.amount, refund.currency, refund.payment_reference) == (Decimal("200.00"), "CNY", payment.intent_id)
    [sent] = stripe_api.calls("POST", "/v1/refunds")
    assert (sent.params["payment_intent"], sent.params["amount"]) == (payment.intent_id, "20000")
    assert sent.idempotency_key == f"bashu-refund-late-payment:{payment.intent_id}"
    refund.refresh_from_db()
    assert refund.gateway_reference in stripe_api.refunds

    # Then Stripe's webhooks arrive: the success (late, and twice) changes nothing; the refund is confirmed.
    assert post_event(client, paid).status_code == 200
    assert post_event(client, paid).json()["duplicate"] is True
    outbox_run()
    assert post_event(client, stripe_api.charge_refunded_event(payment.intent_id)).status_code == 200
    outbox_run()

    assert len(_late_refunds(order)) == 1
    assert len(stripe_api.calls("POST", "/v1/refunds")) == 1
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_minor) == (PaymentStatus.REFUNDED, 20000)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and order.paid_at is None
    assert not RoyaltyEntry.objects.filter(order_line__order=order).exists()
    assert any("arrived after the order was cancelled" in text for text in _timeline(order))
    [email] = [m for m in mail.outbox if "Refund on order" in m.subject]
    assert "had been closed (cancelled, or not paid in time), so we have refunded it in full" in email.body
    # Operations: the order is in the payment issues queue, flagged, with the refund on its page.
    issues = order_list_staff(filters=OrderFilter(payment_issues=True))
    assert [o.number for o in issues] == [order.number]
    assert order_status_counts(filters=OrderFilter()).payment_issues == 1
    ops = UserFactory(roles=[Role.OPERATIONS])
    client.force_login(ops)
    listing = client.get(reverse("operations:order-list"), {"status": "payment_issues"}).content.decode()
    assert order.number in listing and 'data-testid="payment-issue-flag"' in listing
    detail = client.get(reverse("operations:order-detail", args=[order.number])).content.decode()
    assert "Late payment returned" in detail and refund.gateway_reference in detail
    client.logout()
    shopper_page = client.get(payment_pay_url(payment=payment)).content.decode()
    assert "Your payment arrived after this order was cancelled; it is refunded in full." in shopper_page


def test_a_success_webhook_processed_before_the_cancel_is_refunded_and_nothing_is_cancelled(stripe_api, client):
    order, payment = _cancelled()
    assert post_event(client, stripe_api.succeed(payment.intent_id)).status_code == 200

    outbox_run(task_name=EVENT_TASK)  # the webhook's processing gets to the worker first
    event = PaymentEvent.objects.get()
    assert event.error.startswith("LATE_PAYMENT_REFUNDED: INVALID_TRANSITION")
    outbox_run()

    assert stripe_api.calls("POST", f"/v1/payment_intents/{payment.intent_id}/cancel") == []  # nothing open
    [refund] = _late_refunds(order)
    assert refund.amount == Decimal("200.00") and refund.gateway_reference
    assert len(stripe_api.refunds) == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED


def test_a_cancel_stripe_refuses_is_reported_to_operations_not_raised(stripe_api):
    order, payment = _cancelled()
    del stripe_api.intents[payment.intent_id]  # Stripe no longer knows the intent: a 404, no retry helps

    outbox_run()

    assert outbox_pending(task_name=CANCEL_TASK) == []  # handled: reported, not left to fail
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    [problem] = order.events.filter(type=OrderEventType.PAYMENT_PROBLEM)
    assert problem.data["what"] == "cancel" and "GATEWAY_ERROR" in problem.data["message"]
    assert "Payment problem while cancelling the payment" in order_event_text(problem)
    assert [o.number for o in order_list_staff(filters=OrderFilter(payment_issues=True))] == [order.number]


def test_an_unreachable_stripe_is_retried_with_the_same_key(stripe_api):
    from worker.tasks.payments import payment_cancel_for_order_task

    order, payment = _cancelled()
    stripe_api.fail_with = 503
    with pytest.raises(GatewayUnavailable):
        payment_cancel_for_order(order_id=order.pk)
    assert GatewayUnavailable in payment_cancel_for_order_task.autoretry_for  # the task retries with backoff
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert not order.events.filter(type=OrderEventType.PAYMENT_PROBLEM).exists()

    stripe_api.fail_with = None
    outbox_run()

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED
    keys = {call.idempotency_key for call in stripe_api.calls("POST", f"/v1/payment_intents/{payment.intent_id}")}
    assert keys == {f"bashu-cancel-{payment.token}"}


def test_a_late_refund_stripe_refuses_is_reported_on_the_order(stripe_api, client):
    order, payment = _cancelled()
    stripe_api.succeed(payment.intent_id)
    # Someone already refunded it by hand in Stripe's dashboard: our refund is refused.
    stripe_api.refunds["re_by_hand"] = {"id": "re_by_hand", "amount": 20000, "payment_intent": payment.intent_id}

    outbox_run()

    [refund] = _late_refunds(order)
    assert refund.gateway_reference == ""
    [problem] = order.events.filter(type=OrderEventType.PAYMENT_PROBLEM)
    assert problem.data["what"] == "refund"
    assert outbox_pending() == []


def test_stripe_saying_the_intent_was_cancelled_closes_the_payment(stripe_api, client):
    """Cancelled in Stripe's dashboard (or our cancel's answer was lost): the webhook closes the payment."""
    from tests.stripe_stub import event

    order, payment = _placed()
    with stripe_api.lock:
        intent = stripe_api.intents[payment.intent_id]
        intent["status"] = "canceled"
    assert post_event(client, event("payment_intent.canceled", dict(intent))).status_code == 200
    outbox_run(task_name=EVENT_TASK)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED
    assert order.events.filter(type=OrderEventType.PAYMENT_CANCELLED).count() == 1


def test_only_a_cancelled_order_has_its_payment_cancelled(stripe_api):
    order, payment = _placed()
    OutboxMessage.objects.all().delete()

    assert payment_cancel_for_order(order_id=order.pk) == []
    assert stripe_api.calls("POST", f"/v1/payment_intents/{payment.intent_id}/cancel") == []


# ── the dummy gateway ─────────────────────────────────────────────────────────────────────────────────


def test_a_cancelled_orders_dummy_payment_is_cancelled_and_its_pay_page_says_so(dummy_gateway, client):
    _, payment = _cancelled()

    outbox_run()

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED
    url = payment_pay_url(payment=payment)
    page = client.get(url).content.decode()
    assert "This order was cancelled, so it can no longer be paid." in page
    assert 'value="succeed"' not in page
    refused = client.post(url, {"outcome": "succeed"})
    assert refused.status_code == 400
    assert not PaymentEvent.objects.exists()


def test_a_dummy_payment_pressed_before_the_cancel_is_refunded_in_full(dummy_gateway, client):
    order, payment = _placed()
    payment_dummy_complete(payment=payment, succeeded=True)  # pressed; the worker has not processed it yet
    order_cancel(order=order, user=None)

    outbox_run()

    [refund] = _late_refunds(order)
    assert refund.amount == Decimal("200.00") and refund.gateway_reference.startswith("dummy_re_")
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_minor) == (PaymentStatus.REFUNDED, 20000)
    page = client.get(payment_pay_url(payment=payment)).content.decode()
    assert "Your payment arrived after this order was cancelled; it is refunded in full." in page
