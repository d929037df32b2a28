"""The customer's order page after payment: parcels with tracking links, 确认收货, asking for a return; the
emails' pay link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shop.accounts.roles import Role
from shop.checkout.services import checkout_complete
from shop.orders.models import OrderStatus, ReturnRequest
from shop.orders.services import order_fulfil
from tests.factories import UserFactory, make_buyable_product
from tests.shop.checkout.helpers import ready_checkout
from tests.shop.orders.helpers import SF, lines_of, paid_order

pytestmark = pytest.mark.django_db


def _status(order):
    return reverse("orders:status", args=[order.number])


def test_a_guest_with_the_token_follows_the_parcel_confirms_receipt_and_asks_for_a_return(client):
    order = paid_order(2, 1)
    first, second = lines_of(order)
    parcel = order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
    page = client.get(_status(order), {"token": str(order.checkout_token)}).content.decode()
    assert parcel.tracking_url in page and "SF Express" in page and 'data-testid="confirm-receipt"' in page

    assert client.post(reverse("orders:confirm-receipt", args=[order.number])).status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    page = client.get(_status(order)).content.decode()
    assert 'data-testid="confirm-receipt"' not in page and 'data-testid="request-return"' in page

    form = client.get(reverse("orders:return-request", args=[order.number]))
    assert form.status_code == 200
    response = client.post(
        reverse("orders:return-request", args=[order.number]),
        {f"line_{second.pk}": "1", f"line_{first.pk}": "0", "reason": "The colour is not as pictured"},
    )
    assert response.status_code == 302
    request = ReturnRequest.objects.get()
    assert list(request.lines.values_list("order_line_id", "quantity")) == [(second.pk, 1)]
    page = client.get(_status(order)).content.decode()
    assert 'data-testid="return" data-status="requested"' in page


def test_a_return_request_with_too_many_units_or_no_reason_is_shown_back(client):
    order = paid_order(1)
    order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
    client.get(_status(order), {"token": str(order.checkout_token)})
    client.post(reverse("orders:confirm-receipt", args=[order.number]))
    line = lines_of(order)[0]
    url = reverse("orders:return-request", args=[order.number])
    assert client.post(url, {f"line_{line.pk}": "5", "reason": "x"}).status_code == 400
    assert client.post(url, {f"line_{line.pk}": "1", "reason": ""}).status_code == 400
    assert client.post(url, {f"line_{line.pk}": "0", "reason": "nothing chosen"}).status_code == 400
    assert not ReturnRequest.objects.exists()


@pytest.mark.parametrize("who", ["stranger", "curator", "anonymous"])
def test_only_the_customer_may_act_on_the_order(client, who):
    owner = UserFactory()
    order = paid_order(1, user=owner)
    order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
    if who == "stranger":
        client.force_login(UserFactory())
    elif who == "curator":
        client.force_login(UserFactory(roles=[Role.CURATOR]))
    assert client.post(reverse("orders:confirm-receipt", args=[order.number])).status_code == 404
    assert client.get(reverse("orders:return-request", args=[order.number])).status_code == 404
    assert client.post(reverse("orders:confirm-receipt", args=[order.number]), {"token": "nope"}).status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    if who == "curator":  # staff may look, but the customer's buttons are not theirs
        page = client.get(_status(order)).content.decode()
        assert SF in page and 'data-testid="confirm-receipt"' not in page


def test_the_owner_confirms_receipt_when_signed_in(client):
    owner = UserFactory()
    order = paid_order(1, user=owner)
    order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
    client.force_login(owner)
    client.post(reverse("orders:confirm-receipt", args=[order.number]))
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED


def test_the_emails_pay_link_leads_to_the_gateway_while_unpaid_then_to_the_order(client, settings):
    settings.PAYMENT_GATEWAY = "dummy"
    order = checkout_complete(checkout_token=ready_checkout(variant=make_buyable_product()).token).order
    url = reverse("orders:pay", args=[order.number])
    assert client.get(url).status_code == 404  # without the token: nothing
    response = client.get(url, {"token": str(order.checkout_token)})
    assert response.status_code == 302 and "/pay/dummy/" in response.url
    paid = paid_order(1)
    response = client.get(reverse("orders:pay", args=[paid.number]), {"token": str(paid.checkout_token)})
    assert response.status_code == 302 and response.url == _status(paid)


def test_the_page_of_a_paid_order_not_yet_delivered_runs_a_pinned_number_of_queries(client, django_assert_num_queries):
    """Benchmark guard (bench/checkout.py opens this page twice per paid checkout): the session, the order
    with its lines, parcels (with their lines), returns, timeline and refunds. Nothing is delivered, so
    nothing is returnable and no return window is open: that is read from the parcels, not asked again."""
    order = paid_order(1)
    client.get(_status(order), {"token": str(order.checkout_token)})
    with django_assert_num_queries(7):
        page = client.get(_status(order))
    assert page.status_code == 200 and 'data-testid="request-return"' not in page.content.decode()
