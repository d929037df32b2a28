from __future__ import annotations

import uuid

import pytest
from graphene import Node

from shop.catalog.models import Stock
from shop.checkout.models import Checkout
from shop.orders.models import Order
from tests.factories import UserFactory, make_buyable_product
from tests.shop.checkout.gql import gql

pytestmark = pytest.mark.django_db

CREATE = """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
  checkout { token quantity totalPrice { amount currency } lines { id variantId quantity unitPrice { amount } } }
  errors { field code message lineId variantId } } }"""
ADD = """mutation($token: UUID!, $lines: [CheckoutLineInput!]!) { checkoutLinesAdd(token: $token, lines: $lines) {
  checkout { lines { quantity } } errors { field code } } }"""
UPDATE = """mutation($token: UUID!, $lines: [CheckoutLineInput!]!) { checkoutLinesUpdate(token: $token, lines: $lines) {
  checkout { lines { quantity } } errors { field code } } }"""
DELETE = """mutation($token: UUID!, $id: ID!) { checkoutLineDelete(token: $token, lineId: $id) {
  checkout { lines { id } } errors { field code } } }"""
ADDRESS = """mutation($token: UUID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(token: $token, address: $address) {
  checkout { shippingAddress { province phone } } errors { field code } } }"""
COMPLETE = """mutation($token: UUID!) { checkoutComplete(token: $token) {
  order { number status total { amount currency } } payment { gateway payUrl }
  errors { field code message lineId variantId } } }"""
QUERY = """query($token: UUID!) { checkout(token: $token) { token email lines { quantity } } }"""

GOOD_ADDRESS = {
    "fullName": "李华",
    "phone": "13800138000",
    "countryCode": "CN",
    "province": "Sichuan",
    "city": "成都市",
    "district": "武侯区",
    "streetAddress": "人民南路四段1号",
    "postalCode": "610041",
}


def _vid(variant) -> str:
    return Node.to_global_id("ProductVariant", variant.pk)


def _create(client, variant, quantity=1, email="g@example.com", token=None) -> dict:
    return gql(
        client,
        CREATE,
        {"input": {"email": email, "lines": [{"variantId": _vid(variant), "quantity": quantity}]}},
        token=token,
    )["data"]["checkoutCreate"]


def test_full_guest_flow_through_graphql(client):
    variant = make_buyable_product(price="99.50", stock=4)
    created = _create(client, variant, 2)
    assert created["errors"] == []
    token = created["checkout"]["token"]
    assert created["checkout"]["totalPrice"] == {"amount": "199.00", "currency": "CNY"}
    added = gql(client, ADD, {"token": token, "lines": [{"variantId": _vid(variant), "quantity": 1}]})
    assert added["data"]["checkoutLinesAdd"]["checkout"]["lines"] == [{"quantity": 3}]
    updated = gql(client, UPDATE, {"token": token, "lines": [{"variantId": _vid(variant), "quantity": 2}]})
    assert updated["data"]["checkoutLinesUpdate"]["checkout"]["lines"] == [{"quantity": 2}]
    address = gql(client, ADDRESS, {"token": token, "address": GOOD_ADDRESS})["data"]["checkoutShippingAddressUpdate"]
    assert address["errors"] == []
    assert address["checkout"]["shippingAddress"] == {"province": "四川省", "phone": "13800138000"}
    result = gql(client, COMPLETE, {"token": token})
    assert "errors" not in result, result
    done = result["data"]["checkoutComplete"]
    assert done["errors"] == []
    assert done["order"]["status"] == "UNPAID"
    assert done["order"]["total"] == {"amount": "199.00", "currency": "CNY"}
    assert Order.objects.get().number == done["order"]["number"]
    again = gql(client, COMPLETE, {"token": token})["data"]["checkoutComplete"]
    assert again["order"]["number"] == done["order"]["number"]


@pytest.mark.parametrize("quantity", [0, -5, 21])
def test_bad_quantities_come_back_as_errors_and_create_nothing(client, quantity):
    variant = make_buyable_product(stock=50)
    result = _create(client, variant, quantity)
    assert result["checkout"] is None
    assert [(e["code"], e["variantId"]) for e in result["errors"]] == [("QUANTITY_OUT_OF_RANGE", _vid(variant))]
    assert not Checkout.objects.exists()


def test_more_than_100_lines_is_refused(client):
    variant = make_buyable_product()
    lines = [{"variantId": _vid(variant), "quantity": 1}] * 101
    result = gql(client, CREATE, {"input": {"email": "g@example.com", "lines": lines}})["data"]["checkoutCreate"]
    assert [e["code"] for e in result["errors"]] == ["TOO_MANY_LINES"]


@pytest.mark.parametrize(
    "bad_id", ["garbage", Node.to_global_id("Product", 1), Node.to_global_id("ProductVariant", 999)]
)
def test_bad_variant_ids_are_errors(client, bad_id):
    result = gql(client, CREATE, {"input": {"email": "g@example.com", "lines": [{"variantId": bad_id, "quantity": 1}]}})
    errors = result["data"]["checkoutCreate"]["errors"]
    assert errors and errors[0]["code"] in {"INVALID", "NOT_FOUND"}


@pytest.mark.parametrize("mutation", [ADD, UPDATE])
def test_unknown_tokens_are_not_found(client, mutation):
    variant = make_buyable_product()
    result = gql(client, mutation, {"token": str(uuid.uuid4()), "lines": [{"variantId": _vid(variant), "quantity": 1}]})
    payload = next(iter(result["data"].values()))
    assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    done = gql(client, COMPLETE, {"token": str(uuid.uuid4())})["data"]["checkoutComplete"]
    assert [e["code"] for e in done["errors"]] == ["NOT_FOUND"]


def test_a_signed_in_shoppers_checkout_is_invisible_to_others(client):
    from shop.accounts.services import access_token_create

    owner, other = UserFactory(), UserFactory()
    variant = make_buyable_product()
    owner_token = access_token_create(user=owner)
    token = _create(client, variant, token=owner_token)["checkout"]["token"]
    assert gql(client, QUERY, {"token": token}, token=owner_token)["data"]["checkout"]["token"] == token
    assert gql(client, QUERY, {"token": token})["data"]["checkout"] is None
    assert gql(client, QUERY, {"token": token}, token=access_token_create(user=other))["data"]["checkout"] is None
    stolen = gql(client, ADD, {"token": token, "lines": [{"variantId": _vid(variant), "quantity": 1}]})
    assert [e["code"] for e in stolen["data"]["checkoutLinesAdd"]["errors"]] == ["NOT_FOUND"]


def test_line_delete_and_bad_address_errors(client):
    variant = make_buyable_product()
    created = _create(client, variant)
    token, line_id = created["checkout"]["token"], created["checkout"]["lines"][0]["id"]
    bad = gql(client, ADDRESS, {"token": token, "address": {**GOOD_ADDRESS, "phone": "12", "postalCode": "1"}})
    codes = {(e["field"], e["code"]) for e in bad["data"]["checkoutShippingAddressUpdate"]["errors"]}
    assert codes == {("phone", "INVALID_PHONE"), ("postalCode", "INVALID_POSTAL_CODE")}
    deleted = gql(client, DELETE, {"token": token, "id": line_id})["data"]["checkoutLineDelete"]
    assert deleted["checkout"]["lines"] == []
    again = gql(client, DELETE, {"token": token, "id": line_id})["data"]["checkoutLineDelete"]
    assert [e["code"] for e in again["errors"]] == ["NOT_FOUND"]


def test_complete_reports_short_stock_on_the_line(client):
    variant = make_buyable_product(stock=2)
    created = _create(client, variant, 2)
    token = created["checkout"]["token"]
    gql(client, ADDRESS, {"token": token, "address": GOOD_ADDRESS})
    Stock.objects.filter(variant=variant).update(quantity_allocated=1)
    done = gql(client, COMPLETE, {"token": token})["data"]["checkoutComplete"]
    assert done["order"] is None
    [error] = done["errors"]
    assert (error["code"], error["lineId"], error["variantId"]) == (
        "INSUFFICIENT_STOCK",
        created["checkout"]["lines"][0]["id"],
        _vid(variant),
    )
