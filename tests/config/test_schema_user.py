"""``me { orders }`` costs the same queries for a page of 1 and of 50 orders, with what an order history shows."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from shop.checkout.services import checkout_complete
from shop.orders.services import order_mark_paid
from tests.factories import UserFactory, make_buyable_product
from tests.shop.checkout.helpers import ready_checkout

pytestmark = pytest.mark.django_db

ME_ORDERS = """
query($first: Int!) { me { email displayName roles orders(first: $first) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node {
    id number status statusDisplay email created paidAt expiresAt
    subtotal { amount currency } shippingPrice { amount } vat { amount } total { amount currency }
    lines {
      id productName variantName sku quantity quantityRefunded unitPrice { amount } totalPrice { amount } vatRateBp
    }
    shippingAddress { fullName province city district }
  } }
} } }
"""
# session, user, the user's roles, the page, its lines (prefetched by the selector), COUNT.
ME_ORDERS_QUERIES = 6


def test_me_orders_cost_the_same_queries_for_1_and_50(django_assert_num_queries):
    shopper = UserFactory(password=None)
    variants = [make_buyable_product(price="50.00", stock=100), make_buyable_product(price="12.50", stock=100)]
    for index in range(51):
        order = checkout_complete(
            checkout_token=ready_checkout(variant=variants[index % 2], quantity=1 + index % 3, user=shopper).token,
            user=shopper,
        ).order
        if index % 2:
            order_mark_paid(order=order)
    client = Client()
    client.force_login(shopper)

    def post(first: int):
        return client.post(
            "/graphql/",
            data=json.dumps({"query": ME_ORDERS, "variables": {"first": first}}),
            content_type="application/json",
        )

    post(1)  # what a first visit does once (sign-in bookkeeping) is not counted
    pages = {}
    for first in (1, 50):
        with django_assert_num_queries(ME_ORDERS_QUERIES):
            response = post(first)
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        pages[first] = body["data"]["me"]["orders"]

    assert len(pages[1]["edges"]) == 1 and pages[1]["totalCount"] == 51
    nodes = [edge["node"] for edge in pages[50]["edges"]]
    assert len(nodes) == 50 and pages[50]["pageInfo"]["hasNextPage"] is True
    assert {node["status"] for node in nodes} == {"PAID", "UNPAID"}
    for node in nodes:
        (line,) = node["lines"]
        assert line["unitPrice"]["amount"] in {"50.00", "12.50"}
        assert node["total"]["amount"] == line["totalPrice"]["amount"]
        assert node["shippingAddress"]["city"]
