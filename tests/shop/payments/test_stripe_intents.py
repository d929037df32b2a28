"""PaymentIntents are created through the real stripe library against the local stand-in."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.core.errors import ApplicationError
from shop.orders.models import OrderStatus
from shop.payments.errors import PaymentErrorCode
from shop.payments.models import Payment, PaymentStatus
from shop.payments.services import payment_create_for_order
from tests.shop.payments.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_payment_create_for_order_creates_an_intent_for_the_order_total(stripe_api):
    order = OrderFactory(total_amount=Decimal("1234.56"))

    payment = payment_create_for_order(order=order)

    [call] = stripe_api.calls("POST", "/v1/payment_intents")
    assert call.params == {
        "amount": "123456",
        "currency": "cny",
        "payment_method_types": ["card", "alipay", "wechat_pay"],
        "metadata": {"order_number": order.number, "payment_id": str(payment.pk)},
    }
    assert call.idempotency_key == payment.idempotency_key
    intent = stripe_api.intents[payment.intent_id]
    assert payment.client_secret == intent["client_secret"]
    assert (payment.gateway, payment.status, payment.amount_minor, payment.currency) == (
        "stripe",
        PaymentStatus.PENDING,
        123456,
        "CNY",
    )


def test_payment_create_for_order_twice_returns_the_same_payment_and_intent(stripe_api, unpaid_order):
    first = payment_create_for_order(order=unpaid_order)
    second = payment_create_for_order(order=unpaid_order)

    assert second.pk == first.pk
    assert second.intent_id == first.intent_id
    assert Payment.objects.filter(order=unpaid_order).count() == 1
    assert len(stripe_api.intents) == 1


def test_a_retry_after_stripe_failed_reuses_the_idempotency_key(stripe_api, unpaid_order):
    stripe_api.fail_with = 500
    with pytest.raises(ApplicationError) as failure:
        payment_create_for_order(order=unpaid_order)
    assert failure.value.code == PaymentErrorCode.GATEWAY_UNAVAILABLE
    payment = Payment.objects.get(order=unpaid_order)
    assert payment.intent_id is None

    stripe_api.fail_with = None
    retried = payment_create_for_order(order=unpaid_order)

    assert retried.pk == payment.pk
    assert retried.intent_id in stripe_api.intents
    keys = {call.idempotency_key for call in stripe_api.calls("POST", "/v1/payment_intents")}
    assert keys == {payment.idempotency_key}
    assert len(stripe_api.intents) == 1


def test_the_same_idempotency_key_replays_the_same_intent(stripe_api, unpaid_order):
    """What protects us when our save fails after Stripe answered: the retry gets the same intent."""
    from shop.payments.gateways import get_gateway

    payment = payment_create_for_order(order=unpaid_order)
    again = get_gateway("stripe").create_intent(payment=payment, idempotency_key=payment.idempotency_key)

    assert again.intent_id == payment.intent_id
    assert again.client_secret == payment.client_secret
    assert stripe_api.calls("POST", "/v1/payment_intents")[-1].replayed
    assert len(stripe_api.intents) == 1


def test_a_refused_api_key_is_a_gateway_error_and_no_intent(stripe_api, unpaid_order, settings):
    settings.STRIPE_SECRET_KEY = "rk_wrong"

    with pytest.raises(ApplicationError) as failure:
        payment_create_for_order(order=unpaid_order)

    assert failure.value.code == PaymentErrorCode.GATEWAY_ERROR
    assert stripe_api.intents == {}


@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.CANCELLED, OrderStatus.EXPIRED])
def test_payment_create_for_order_refuses_an_order_not_awaiting_payment(stripe_api, status):
    order = OrderFactory(status=status)

    with pytest.raises(ApplicationError) as failure:
        payment_create_for_order(order=order)

    assert failure.value.code == PaymentErrorCode.ORDER_NOT_PAYABLE
    assert not Payment.objects.filter(order=order).exists()
    assert stripe_api.requests == []


def test_dummy_gateway_creates_a_payment_without_network(dummy_gateway, unpaid_order):
    payment = payment_create_for_order(order=unpaid_order)

    assert payment.gateway == "dummy"
    assert payment.intent_id.startswith("dummy_pi_")
    assert payment.client_secret.startswith(f"{payment.intent_id}_secret_")
    assert payment.amount_minor == 25600


def test_reusing_an_idempotency_key_with_other_parameters_is_a_gateway_error(stripe_api, unpaid_order):
    from shop.payments.gateways import get_gateway

    payment = payment_create_for_order(order=unpaid_order)
    payment.amount_minor += 1

    with pytest.raises(ApplicationError) as failure:
        get_gateway("stripe").create_intent(payment=payment, idempotency_key=payment.idempotency_key)

    assert failure.value.code == PaymentErrorCode.GATEWAY_ERROR
    assert len(stripe_api.intents) == 1
