"""What the order mutations take and look up: line inputs, the order a number names for staff or for its
customer, parcels and returns by id. Lookups that find nothing raise ``NOT_FOUND`` (never a leak)."""

from __future__ import annotations

import graphene

from shop.core.errors import ApplicationError, ErrorCode
from shop.core.graphql.ids import decode_global_id
from shop.orders.models import Fulfillment, Order, ReturnRequest
from shop.orders.selectors import order_get_for_guest, order_get_for_user

MAX_INPUT_LINES = 100


class OrderLineQuantityInput(graphene.InputObjectType):
    line_id = graphene.ID(required=True, description="An `OrderLine` id.")
    quantity = graphene.Int(required=True)


class ReturnReceiveLineInput(graphene.InputObjectType):
    line_id = graphene.ID(required=True, description="An `OrderLine` id of the return.")
    quantity = graphene.Int(required=True, description="Units that came back (0 or more).")
    restock = graphene.Boolean(required=True, description="Whether they go back on sale.")


def line_pairs(lines) -> list[tuple[int, int]]:
    """``(order line pk, quantity)`` per input line; at most 100; ids decoded (a bad one is INVALID)."""
    lines = lines or []
    if len(lines) > MAX_INPUT_LINES:
        raise ApplicationError(f"At most {MAX_INPUT_LINES} lines.", code=ErrorCode.INVALID, field="lines")
    return [(decode_global_id(line.line_id, expected_type="OrderLine", field="lines"), line.quantity) for line in lines]


def order_for_staff(number: str, user) -> Order:
    order = order_get_for_user(number=(number or "")[:20], user=user)
    if order is None:
        raise ApplicationError(f"No order {(number or '')[:20]}.", code=ErrorCode.NOT_FOUND, field="number")
    return order


def order_for_customer(number: str, token: str | None, user) -> Order:
    """The order if ``user`` owns it, or ``token`` is its token (a guest); NOT_FOUND otherwise (staff act in
    the back office, not as the customer)."""
    number = (number or "").strip().upper()[:20]
    order = None
    if user is not None and user.is_authenticated:
        order = Order.objects.filter(number=number, user=user).first()
    if order is None and token:
        order = order_get_for_guest(number=number, token=token[:64])
    if order is None:
        raise ApplicationError(f"No order {number} of yours.", code=ErrorCode.NOT_FOUND, field="number")
    return order


def fulfillment_by_id(value: str) -> Fulfillment:
    pk = decode_global_id(value, expected_type="Fulfillment")
    fulfillment = Fulfillment.objects.filter(pk=pk).first()
    if fulfillment is None:
        raise ApplicationError("No such parcel.", code=ErrorCode.NOT_FOUND, field="id")
    return fulfillment


def return_by_id(value: str) -> ReturnRequest:
    pk = decode_global_id(value, expected_type="ReturnRequest")
    request = ReturnRequest.objects.filter(pk=pk).first()
    if request is None:
        raise ApplicationError("No such return.", code=ErrorCode.NOT_FOUND, field="id")
    return request
