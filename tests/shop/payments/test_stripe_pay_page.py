"""The Stripe pay page renders the Payment Element for the payment's intent."""

from __future__ import annotations

import json
import re

import pytest

from shop.orders.models import OrderStatus
from shop.payments.models import Payment
from shop.payments.selectors import payment_pay_url
from shop.payments.services import payment_create_for_order

pytestmark = pytest.mark.django_db


def stripe_config(page: str) -> dict:
    match = re.search(r'<script id="stripe-config" type="application/json">(.*?)</script>', page, re.S)
    assert match, "no Stripe configuration on the page"
    return json.loads(match.group(1))


def test_the_page_configures_the_payment_element_with_the_intent(client, stripe_api, unpaid_order):
    payment = payment_create_for_order(order=unpaid_order)

    response = client.get(payment_pay_url(payment=payment))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'src="https://js.stripe.com/v3/"' in page
    assert 'id="payment-element"' in page
    config = stripe_config(page)
    assert config["publishableKey"] == "pk_test_bashu_0123456789"
    assert config["clientSecret"] == payment.client_secret
    assert config["returnUrl"] == f"http://testserver{payment_pay_url(payment=payment)}"


def test_the_page_creates_the_intent_when_checkout_could_not(client, stripe_api, unpaid_order):
    stripe_api.fail_with = 500
    with pytest.raises(Exception):  # noqa: B017 - any gateway error; checkout logs it and moves on
        payment_create_for_order(order=unpaid_order)
    stripe_api.fail_with = None
    payment = Payment.objects.get(order=unpaid_order)

    response = client.get(payment_pay_url(payment=payment))

    payment.refresh_from_db()
    assert response.status_code == 200
    assert stripe_config(response.content.decode())["clientSecret"] == payment.client_secret != ""
    assert len(stripe_api.intents) == 1


def test_the_return_from_stripe_does_not_claim_the_order_is_paid(client, stripe_api, unpaid_order):
    payment = payment_create_for_order(order=unpaid_order)

    response = client.get(payment_pay_url(payment=payment), {"redirect_status": "succeeded", "payment_intent": "x"})

    page = response.content.decode()
    assert 'data-status="processing"' in page
    assert "stripe-config" not in page
    unpaid_order.refresh_from_db()
    assert unpaid_order.status == OrderStatus.UNPAID


def test_a_paid_order_shows_no_payment_form(client, stripe_api, unpaid_order):
    payment = payment_create_for_order(order=unpaid_order)
    unpaid_order.status = OrderStatus.PAID
    unpaid_order.save(update_fields=["status"])

    page = client.get(payment_pay_url(payment=payment)).content.decode()

    assert 'data-status="succeeded"' in page
    assert "stripe-config" not in page


def test_the_page_says_so_when_stripe_cannot_be_reached(client, stripe_api, unpaid_order):
    stripe_api.fail_with = 500
    with pytest.raises(Exception):  # noqa: B017 - checkout logs it and moves on
        payment_create_for_order(order=unpaid_order)
    payment = Payment.objects.get(order=unpaid_order)

    response = client.get(payment_pay_url(payment=payment))

    assert response.status_code == 503
    assert 'role="alert"' in response.content.decode()
    assert "stripe-config" not in response.content.decode()


def test_a_failed_return_from_stripe_offers_the_form_again(client, stripe_api, unpaid_order):
    payment = payment_create_for_order(order=unpaid_order)

    response = client.get(payment_pay_url(payment=payment), {"redirect_status": "failed"})

    page = response.content.decode()
    assert "The last attempt failed" in page
    assert stripe_config(page)["clientSecret"] == payment.client_secret
