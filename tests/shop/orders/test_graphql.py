from __future__ import annotations

import pytest
from django.test import RequestFactory
from graphene import Node

from config import schema as root_schema
from shop.accounts.roles import Role
from shop.accounts.services import access_token_create
from shop.checkout.services import checkout_complete
from shop.core.models import OutboxMessage
from shop.orders.models import OrderStatus, Refund
from shop.orders.services import order_mark_paid
from tests.factories import UserFactory, make_buyable_product
from tests.shop.checkout.gql import gql
from tests.shop.checkout.helpers import ready_checkout

pytestmark = pytest.mark.django_db

ORDER = """query($number: String!) { order(number: $number) { number status email total { amount } lines { sku } } }"""
REFUND = """mutation($number: String!, $lines: [OrderRefundLineInput!]!, $key: String!) {
  orderRefund(number: $number, lines: $lines, reason: "damaged in transit", idempotencyKey: $key) {
  order { status } refund { amount { amount } } errors { field code message } } }"""
ME = """{ me { email displayName roles orders(first: 10) { totalCount edges { node { number status } } } } }"""


def _paid_order(user=None, quantity=2):
    variant = make_buyable_product(price="50.00")
    order = checkout_complete(
        checkout_token=ready_checkout(variant=variant, quantity=quantity, user=user).token, user=user
    ).order
    return order_mark_paid(order=order)


def _token(*roles):
    return access_token_create(user=UserFactory(roles=list(roles)))


def test_owner_sees_their_order_and_strangers_get_null(client):
    owner = UserFactory()
    order = _paid_order(user=owner)
    mine = gql(client, ORDER, {"number": order.number}, token=access_token_create(user=owner))
    assert mine["data"]["order"]["number"] == order.number
    assert mine["data"]["order"]["status"] == "PAID"
    for token in (None, _token(Role.CUSTOMER), _token(Role.DESIGNER), _token(Role.MUSEUM_STAFF)):
        assert gql(client, ORDER, {"number": order.number}, token=token)["data"]["order"] is None


@pytest.mark.parametrize("role", [Role.CURATOR, Role.FINANCE, Role.OPERATIONS])
def test_order_staff_see_any_order(client, role):
    order = _paid_order()
    assert gql(client, ORDER, {"number": order.number}, token=_token(role))["data"]["order"]["number"] == order.number


def _refund_vars(order, quantity=1):
    line = order.lines.get()
    return {
        "number": order.number,
        "lines": [{"lineId": Node.to_global_id("OrderLine", line.pk), "quantity": quantity}],
        "key": f"key-{order.number}-{quantity}",
    }


@pytest.mark.parametrize("roles", [(), (Role.CUSTOMER,), (Role.DESIGNER,), (Role.MUSEUM_STAFF,), (Role.CURATOR,), None])
def test_order_refund_is_refused_to_non_staff_and_writes_nothing(client, roles):
    order = _paid_order()
    before = OutboxMessage.objects.count()
    token = None if roles is None else _token(*roles)
    result = gql(client, REFUND, _refund_vars(order), token=token)["data"]["orderRefund"]
    assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    assert result["refund"] is None and result["order"] is None
    assert not Refund.objects.exists()
    assert OutboxMessage.objects.count() == before
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


@pytest.mark.parametrize("role", [Role.OPERATIONS, Role.FINANCE])
def test_order_staff_refund_by_line_and_quantity(client, role):
    order = _paid_order(quantity=2)
    result = gql(client, REFUND, _refund_vars(order, 1), token=_token(role))["data"]["orderRefund"]
    assert result["errors"] == []
    assert result["refund"]["amount"]["amount"] == "50.00"
    assert result["order"]["status"] == "PARTIALLY_REFUNDED"


@pytest.mark.parametrize(("quantity", "code"), [(0, "INVALID"), (-1, "INVALID"), (3, "REFUND_EXCEEDS_PAID")])
def test_order_refund_with_bad_quantity_is_an_error(client, quantity, code):
    order = _paid_order(quantity=2)
    result = gql(client, REFUND, _refund_vars(order, quantity), token=_token(Role.FINANCE))["data"]["orderRefund"]
    assert [e["code"] for e in result["errors"]] == [code]
    assert not Refund.objects.exists()


def test_order_refund_with_unknown_order_or_line_is_an_error(client):
    order = _paid_order()
    token = _token(Role.FINANCE)
    unknown = gql(client, REFUND, {**_refund_vars(order), "number": "BCNOPE"}, token=token)["data"]["orderRefund"]
    assert [e["code"] for e in unknown["errors"]] == ["NOT_FOUND"]
    bad_line = {"number": order.number, "lines": [{"lineId": "junk", "quantity": 1}], "key": "k"}
    assert gql(client, REFUND, bad_line, token=token)["data"]["orderRefund"]["errors"][0]["code"] == "INVALID"


def _me_schema():
    return root_schema.schema


def test_me_lists_only_the_shoppers_own_orders():
    shopper, other = UserFactory(roles=[Role.CUSTOMER]), UserFactory()
    mine = _paid_order(user=shopper)
    _paid_order(user=other)
    _paid_order()  # a guest's
    request = RequestFactory().post("/graphql/")
    request.user = shopper
    result = _me_schema().execute(ME, context_value=request)
    assert result.errors is None, result.errors
    me = result.data["me"]
    assert me["email"] == shopper.email and me["roles"] == ["customer"]
    assert me["orders"]["totalCount"] == 1
    assert [e["node"]["number"] for e in me["orders"]["edges"]] == [mine.number]


def test_me_is_null_for_guests_and_first_is_capped():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().post("/graphql/")
    request.user = AnonymousUser()
    assert _me_schema().execute(ME, context_value=request).data["me"] is None
    request.user = UserFactory()
    result = _me_schema().execute("{ me { orders(first: 101) { totalCount } } }", context_value=request)
    assert result.errors and "at most 100" in result.errors[0].message


def test_me_orders_refuses_an_oversized_page_with_its_code_and_field(client):
    # A query resolver lets the domain error through to the endpoint, which keeps its code and field.
    body = gql(client, "{ me { orders(first: 500) { totalCount } } }", token=_token())
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "first"}
    assert "500" in body["errors"][0]["message"]
