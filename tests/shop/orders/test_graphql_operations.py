"""The back office through GraphQL: who may ship, deliver, take back, cancel, refund and adjust stock; the
whole flow; the staff order list, its filters and its fixed query count; concurrent refunds with one key."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connections
from django.test import Client
from graphene import Node

from shop.accounts.roles import Role
from shop.accounts.services import access_token_create
from shop.catalog.models import Stock, StockMovement
from shop.core.models import OutboxMessage
from shop.orders.models import Fulfillment, OrderEvent, OrderStatus, Refund, ReturnRequest
from shop.orders.services import fulfillment_mark_delivered, order_fulfil, return_request_create
from tests.factories import UserFactory
from tests.shop.checkout.gql import gql
from tests.shop.orders.helpers import SF, lines_of, paid_order

pytestmark = pytest.mark.django_db

FULFILL = """mutation($number: String!, $lines: [OrderLineQuantityInput!], $carrier: String!, $tracking: String!) {
  orderFulfill(number: $number, lines: $lines, carrier: $carrier, trackingNumber: $tracking, notifyCustomer: true) {
    order { status fulfillments { id carrier carrierName trackingNumber trackingUrl shippedAt deliveredAt
      lines { lineId quantity } } }
    fulfillment { id } errors { field code message } } }"""
TRACKING = """mutation($id: ID!, $carrier: String!, $tracking: String!) {
  fulfillmentUpdateTracking(id: $id, carrier: $carrier, trackingNumber: $tracking) {
    fulfillment { carrier trackingNumber trackingUrl } errors { field code } } }"""
DELIVERED = """mutation($id: ID!) { fulfillmentMarkDelivered(id: $id) {
  fulfillment { deliveredAt } order { status } errors { field code } } }"""
CONFIRM = """mutation($number: String!, $token: String) { orderConfirmReceipt(number: $number, token: $token) {
  order { status deliveredAt } errors { field code } } }"""
CANCEL = """mutation($number: String!) { orderCancel(number: $number, reason: "asked by phone") {
  order { status } errors { field code } } }"""
RETURN = """mutation($number: String!, $lines: [OrderLineQuantityInput!]!, $token: String) {
  returnRequestCreate(number: $number, lines: $lines, reason: "Wrong colour", token: $token) {
    returnRequest { id status reason lines { lineId quantity } } errors { field code } } }"""
DECIDE = """mutation($id: ID!, $decision: ReturnDecision!, $comment: String) {
  returnRequestDecide(id: $id, decision: $decision, comment: $comment) {
    returnRequest { status decisionComment } errors { field code } } }"""
RECEIVE = """mutation($id: ID!, $lines: [ReturnReceiveLineInput!]!) { returnReceive(id: $id, lines: $lines) {
  returnRequest { status lines { quantityReceived restocked } refund { amount { amount } } }
  errors { field code } } }"""
REFUND = """mutation($number: String!, $lines: [OrderRefundLineInput!]!, $key: String!) {
  orderRefund(number: $number, lines: $lines, reason: "damaged", idempotencyKey: $key) {
    refund { id amount { amount } } errors { field code } } }"""
STOCK = """mutation($variant: ID!, $delta: Int!, $reason: StockAdjustReason!) {
  stockAdjust(variantId: $variant, delta: $delta, reason: $reason, note: "count") {
    stock { sku quantity quantityAllocated quantityAvailable lowStockThreshold } errors { field code } } }"""
ORDERS = """query($filter: OrderFilterInput, $first: Int) { orders(filter: $filter, first: $first) {
  totalCount edges { node { number status } } } }"""


def _token(*roles):
    return access_token_create(user=UserFactory(roles=list(roles)))


def _line_id(line):
    return Node.to_global_id("OrderLine", line.pk)


def _gid(kind, obj):
    return Node.to_global_id(kind, obj.pk)


def _written():
    return (
        Fulfillment.objects.count(),
        ReturnRequest.objects.filter(status__in=["approved", "rejected", "received"]).count(),
        Refund.objects.count(),
        StockMovement.objects.count(),
        OutboxMessage.objects.count(),
        OrderEvent.objects.count(),
        list(Stock.objects.order_by("id").values_list("quantity", "quantity_allocated")),
    )


def _cases():
    """(mutation name, document, variables for a fresh world) of every operations mutation."""

    def fulfill():
        order = paid_order(1)
        return {"number": order.number, "carrier": "sf", "tracking": SF}

    def tracking():
        order = paid_order(1)
        parcel = order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
        return {"id": _gid("Fulfillment", parcel), "carrier": "yto", "tracking": "YT1234567890123"}

    def delivered():
        order = paid_order(1)
        return {"id": _gid("Fulfillment", order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF))}

    def cancel():
        from shop.checkout.services import checkout_complete
        from tests.factories import make_buyable_product
        from tests.shop.checkout.helpers import ready_checkout

        order = checkout_complete(checkout_token=ready_checkout(variant=make_buyable_product()).token).order
        return {"number": order.number}

    def _requested():
        order = paid_order(1)
        fulfillment_mark_delivered(fulfillment=order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF))
        return order, return_request_create(order=order, lines=[(lines_of(order)[0].pk, 1)], reason="Wrong")

    def decide():
        return {"id": _gid("ReturnRequest", _requested()[1]), "decision": "APPROVE", "comment": "ok"}

    def receive():
        order, request = _requested()
        from shop.orders.services import return_request_decide

        return_request_decide(return_request=request, approve=True)
        lines = [{"lineId": _line_id(lines_of(order)[0]), "quantity": 1, "restock": True}]
        return {"id": _gid("ReturnRequest", request), "lines": lines}

    def refund():
        order = paid_order(1)
        return {"number": order.number, "lines": [{"lineId": _line_id(lines_of(order)[0]), "quantity": 1}], "key": "k1"}

    def stock():
        from tests.factories import VariantFactory

        return {"variant": _gid("ProductVariant", VariantFactory(stock=3)), "delta": 2, "reason": "RESTOCK"}

    return {
        "orderFulfill": (FULFILL, fulfill),
        "fulfillmentUpdateTracking": (TRACKING, tracking),
        "fulfillmentMarkDelivered": (DELIVERED, delivered),
        "orderCancel": (CANCEL, cancel),
        "returnRequestDecide": (DECIDE, decide),
        "returnReceive": (RECEIVE, receive),
        "orderRefund": (REFUND, refund),
        "stockAdjust": (STOCK, stock),
    }


CASES = _cases()
REFUSED = {
    "anonymous": None,
    "customer": (Role.CUSTOMER,),
    "designer": (Role.DESIGNER,),
    "museum staff": (Role.MUSEUM_STAFF,),
    "curator": (Role.CURATOR,),
    "finance": (Role.FINANCE,),
}


@pytest.mark.parametrize(
    ("mutation", "who"),
    [(m, w) for m in CASES for w in REFUSED if (m, w) != ("orderRefund", "finance")],  # finance may refund
)
def test_operations_mutations_are_refused_to_other_roles_and_write_nothing(client, mutation, who):
    document, make = CASES[mutation]
    variables = make()
    before = _written()
    token = None if REFUSED[who] is None else _token(*REFUSED[who])
    result = gql(client, document, variables, token=token)["data"][mutation]
    assert [error["code"] for error in result["errors"]] == ["PERMISSION_DENIED"]
    assert all(value is None for key, value in result.items() if key != "errors")
    assert _written() == before


@pytest.mark.parametrize("mutation", CASES)
def test_operations_staff_may_run_every_operations_mutation(client, mutation):
    document, make = CASES[mutation]
    result = gql(client, document, make(), token=_token(Role.OPERATIONS))
    assert "errors" not in result, result
    assert result["data"][mutation]["errors"] == []


def test_ship_track_deliver_return_and_refund_through_graphql(client):
    owner = UserFactory()
    order = paid_order(2, 1, user=owner)
    first, second = lines_of(order)
    ops, mine = _token(Role.OPERATIONS), access_token_create(user=owner)

    shipped = gql(
        client,
        FULFILL,
        {
            "number": order.number,
            "lines": [{"lineId": _line_id(first), "quantity": 2}],
            "carrier": "sf",
            "tracking": SF,
        },
        token=ops,
    )["data"]["orderFulfill"]
    assert shipped["errors"] == []
    assert shipped["order"]["status"] == "PARTIALLY_FULFILLED"
    parcel = shipped["order"]["fulfillments"][0]
    assert parcel["trackingUrl"] == f"https://www.sf-express.com/chn/sc/waybill/waybill-detail/{SF}"
    assert parcel["lines"] == [{"lineId": _line_id(first), "quantity": 2}]

    rest = gql(client, FULFILL, {"number": order.number, "carrier": "jd", "tracking": "JDVA12345678901"}, token=ops)
    assert rest["data"]["orderFulfill"]["order"]["status"] == "FULFILLED"
    fixed = gql(client, TRACKING, {"id": parcel["id"], "carrier": "ems", "tracking": "EA123456789CN"}, token=ops)[
        "data"
    ]["fulfillmentUpdateTracking"]
    assert fixed["fulfillment"]["trackingUrl"] == "https://www.ems.com.cn/queryList?mailNum=EA123456789CN"

    stranger = gql(client, CONFIRM, {"number": order.number}, token=_token())["data"]["orderConfirmReceipt"]
    assert [e["code"] for e in stranger["errors"]] == ["NOT_FOUND"]
    confirmed = gql(client, CONFIRM, {"number": order.number}, token=mine)["data"]["orderConfirmReceipt"]
    assert confirmed["order"]["status"] == "DELIVERED" and confirmed["order"]["deliveredAt"]

    asked = gql(
        client, RETURN, {"number": order.number, "lines": [{"lineId": _line_id(second), "quantity": 1}]}, token=mine
    )["data"]["returnRequestCreate"]
    assert asked["errors"] == [] and asked["returnRequest"]["status"] == "REQUESTED"
    return_id = asked["returnRequest"]["id"]
    too_many = gql(
        client, RETURN, {"number": order.number, "lines": [{"lineId": _line_id(second), "quantity": 1}]}, token=mine
    )["data"]["returnRequestCreate"]
    assert [e["code"] for e in too_many["errors"]] == ["RETURN_QUANTITY_EXCEEDED"]

    approved = gql(client, DECIDE, {"id": return_id, "decision": "APPROVE"}, token=ops)["data"]["returnRequestDecide"]
    assert approved["returnRequest"]["status"] == "APPROVED"
    received = gql(
        client,
        RECEIVE,
        {"id": return_id, "lines": [{"lineId": _line_id(second), "quantity": 1, "restock": True}]},
        token=ops,
    )["data"]["returnReceive"]
    assert received["errors"] == []
    assert received["returnRequest"]["status"] == "RECEIVED"
    assert received["returnRequest"]["refund"]["amount"]["amount"] == "100.00"

    seen = gql(
        client,
        """query($n: String!) { order(number: $n) { status returns { status } refunds { amount { amount } }
           events { type text } } }""",
        {"n": order.number},
        token=mine,
    )["data"]["order"]
    assert seen["status"] == "RETURNED" and seen["returns"] == [{"status": "RECEIVED"}]
    assert [refund["amount"]["amount"] for refund in seen["refunds"]] == ["100.00"]
    assert "FULFILLED" in {event["type"] for event in seen["events"]}
    assert "EMAIL_SENT" not in {event["type"] for event in seen["events"]}  # bookkeeping is for staff


def test_a_guest_acts_on_their_order_with_its_token(client):
    order = paid_order(1)
    fulfillment_mark_delivered(fulfillment=order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF))
    variables = {"number": order.number, "lines": [{"lineId": _line_id(lines_of(order)[0]), "quantity": 1}]}
    refused = gql(client, RETURN, {**variables, "token": "00000000-0000-0000-0000-000000000000"})
    assert [e["code"] for e in refused["data"]["returnRequestCreate"]["errors"]] == ["NOT_FOUND"]
    accepted = gql(client, RETURN, {**variables, "token": str(order.checkout_token)})["data"]["returnRequestCreate"]
    assert accepted["errors"] == []


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"carrier": "dhl", "tracking": SF}, "UNKNOWN_CARRIER"),
        ({"carrier": "sf", "tracking": "123"}, "INVALID_TRACKING_NUMBER"),
        ({"carrier": "sf", "tracking": SF, "quantity": 3}, "FULFIL_QUANTITY_EXCEEDED"),
    ],
)
def test_bad_shipments_come_back_coded_and_write_nothing(client, variables, code):
    order = paid_order(2)
    lines = [{"lineId": _line_id(lines_of(order)[0]), "quantity": variables.pop("quantity", 1)}]
    before = _written()
    result = gql(client, FULFILL, {"number": order.number, "lines": lines, **variables}, token=_token(Role.OPERATIONS))
    assert [e["code"] for e in result["data"]["orderFulfill"]["errors"]] == [code]
    assert _written() == before


def test_stock_never_goes_negative_through_graphql(client):
    from tests.factories import VariantFactory

    variant = VariantFactory(stock=3)
    variables = {"variant": _gid("ProductVariant", variant), "delta": -4, "reason": "DAMAGED"}
    result = gql(client, STOCK, variables, token=_token(Role.OPERATIONS))["data"]["stockAdjust"]
    assert [e["code"] for e in result["errors"]] == ["STOCK_NEGATIVE"] and result["stock"] is None
    assert Stock.objects.get(variant=variant).quantity == 3
    ok = gql(client, STOCK, {**variables, "delta": -3}, token=_token(Role.OPERATIONS))["data"]["stockAdjust"]
    assert ok["stock"]["quantity"] == 0 and ok["stock"]["quantityAvailable"] == 0


def test_the_same_refund_key_twice_through_graphql_is_one_refund(client):
    order = paid_order(2)
    variables = {
        "number": order.number,
        "lines": [{"lineId": _line_id(lines_of(order)[0]), "quantity": 1}],
        "key": "same",
    }
    token = _token(Role.OPERATIONS)
    first = gql(client, REFUND, variables, token=token)["data"]["orderRefund"]
    second = gql(client, REFUND, variables, token=token)["data"]["orderRefund"]
    assert first["refund"]["id"] == second["refund"]["id"]
    assert Refund.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_refund_submissions_sent_concurrently_make_one_refund(require_postgres):
    order = paid_order(2)
    token = _token(Role.FINANCE)
    variables = {"number": order.number, "lines": [{"lineId": _line_id(lines_of(order)[0]), "quantity": 1}], "key": "k"}
    barrier = threading.Barrier(2)
    answers = []

    def submit():
        try:
            barrier.wait()
            response = Client().post(
                "/graphql/",
                json.dumps({"query": REFUND, "variables": variables}),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
            answers.append(response.json())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == 2
    assert [answer["data"]["orderRefund"]["errors"] for answer in answers] == [[], []]
    assert answers[0]["data"]["orderRefund"]["refund"]["id"] == answers[1]["data"]["orderRefund"]["refund"]["id"]
    assert Refund.objects.count() == 1
    assert OutboxMessage.objects.filter(event="order.refunded").count() == 3


@pytest.mark.parametrize("role", [Role.OPERATIONS, Role.CURATOR, Role.FINANCE])
def test_order_staff_list_and_filter_orders(client, role):
    shipped, waiting = paid_order(1, email="wang.fang@example.com"), paid_order(2)
    order_fulfil(order=shipped, lines=None, carrier="sf", tracking_number=SF)
    token = _token(role)

    def numbers(filter_):
        data = gql(client, ORDERS, {"filter": filter_, "first": 50}, token=token)["data"]["orders"]
        return {edge["node"]["number"] for edge in data["edges"]}

    assert numbers({}) == {shipped.number, waiting.number}
    assert numbers({"status": "FULFILLED"}) == {shipped.number}
    assert numbers({"toShip": True}) == {waiting.number}
    assert numbers({"search": "wang.fang"}) == {shipped.number}
    assert numbers({"search": waiting.number.lower()}) == {waiting.number}
    assert numbers({"sku": lines_of(waiting)[0].sku}) == {waiting.number}
    assert numbers({"museum": "no-such-museum"}) == set()
    museum = lines_of(waiting)[0].variant.product.design.usages.get().licence.shares.get().museum
    assert numbers({"museum": museum.slug}) == {waiting.number}
    today = shipped.paid_at.astimezone().date().isoformat()
    assert numbers({"paidGte": today, "paidLte": today}) == {shipped.number, waiting.number}
    assert numbers({"paidGte": "2001-01-01", "paidLte": "2001-01-02"}) == set()


@pytest.mark.parametrize("roles", [None, (Role.CUSTOMER,), (Role.DESIGNER,), (Role.MUSEUM_STAFF,)])
def test_the_order_list_is_refused_to_everyone_else(client, roles):
    paid_order(1)
    body = gql(client, ORDERS, {}, token=None if roles is None else _token(*roles))
    assert body["data"]["orders"] is None
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


ORDERS_FULL = """query($first: Int!) { orders(first: $first) { totalCount edges { node {
  number status total { amount } lines { id sku quantity quantityRefunded }
  fulfillments { id carrier trackingNumber trackingUrl shippedAt deliveredAt lines { lineId quantity } }
  returns { id status lines { lineId quantity quantityReceived } refund { amount { amount } } }
  refunds { amount { amount } } events { type text created } } } } }"""
# session, user, roles, the page, COUNT, lines, fulfillments, their lines, returns (with refund), their
# lines, refunds, events.
ORDERS_FULL_QUERIES = 12


def test_the_order_list_costs_the_same_queries_for_1_and_50_orders(django_assert_num_queries):
    ops = UserFactory(roles=[Role.OPERATIONS])
    for index in range(51):
        order = paid_order(1 + index % 2)
        parcel = order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
        if index % 3 == 2:  # the newest has a return too, so a page of 1 asks for everything a page of 50 does
            fulfillment_mark_delivered(fulfillment=parcel)
            return_request_create(order=order, lines=[(lines_of(order)[0].pk, 1)], reason="Too small")
    client = Client()
    client.force_login(ops)

    def post(first):
        return client.post(
            "/graphql/",
            json.dumps({"query": ORDERS_FULL, "variables": {"first": first}}),
            content_type="application/json",
        )

    post(1)
    for first in (1, 50):
        with django_assert_num_queries(ORDERS_FULL_QUERIES):
            body = post(first).json()
        assert "errors" not in body, body
        assert len(body["data"]["orders"]["edges"]) == first
    statuses = {edge["node"]["status"] for edge in body["data"]["orders"]["edges"]}
    assert statuses <= {OrderStatus.FULFILLED.name, OrderStatus.DELIVERED.name}
