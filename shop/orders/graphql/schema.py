"""Orders in GraphQL: ``order(number)`` (owner or order staff), ``orders(filter:)`` (order staff), and the
mutations that ship, deliver, take back, cancel and refund orders."""

from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import roles_required
from shop.core.graphql.connections import connection_args, paginate
from shop.core.graphql.inputs import clean_text, enum_value
from shop.orders.graphql.mutations.fulfillment_mark_delivered import FulfillmentMarkDelivered
from shop.orders.graphql.mutations.fulfillment_update_tracking import FulfillmentUpdateTracking
from shop.orders.graphql.mutations.order_cancel import OrderCancel
from shop.orders.graphql.mutations.order_confirm_receipt import OrderConfirmReceipt
from shop.orders.graphql.mutations.order_fulfill import OrderFulfill
from shop.orders.graphql.mutations.order_refund import OrderRefund
from shop.orders.graphql.mutations.return_receive import ReturnReceive
from shop.orders.graphql.mutations.return_request_create import ReturnRequestCreate
from shop.orders.graphql.mutations.return_request_decide import ReturnRequestDecide
from shop.orders.graphql.types import Order, OrderConnection, OrderStatus
from shop.orders.selectors import ORDER_STAFF_ROLES, OrderFilter, order_get_for_user, order_list_staff


class OrderFilterInput(graphene.InputObjectType):
    status = graphene.Field(OrderStatus)
    search = graphene.String(description="Order number, email, phone or the recipient's name.")
    paid_gte = graphene.Date(description="Paid on or after this day (Asia/Shanghai).")
    paid_lte = graphene.Date(description="Paid on or before this day (Asia/Shanghai).")
    museum = graphene.String(description="Slug of a licensor museum of some line.")
    sku = graphene.String(description="A line's SKU or product name.")
    to_ship = graphene.Boolean(description="Only paid orders with units still to ship.")
    returns_open = graphene.Boolean(description="Only orders with a return awaiting a decision or the parcel.")


class Query(graphene.ObjectType):
    order = graphene.Field(
        Order,
        number=graphene.String(required=True),
        description="An order by number: its owner and order staff only (others get null).",
    )
    orders = graphene.Field(
        OrderConnection,
        filter=OrderFilterInput(),
        **connection_args(),
        description="Every order, newest first (operations; curators and finance read).",
    )

    @staticmethod
    def resolve_order(root, info, number: str):
        return order_get_for_user(number=number[:20], user=info.context.user)

    @staticmethod
    @roles_required(*ORDER_STAFF_ROLES)
    def resolve_orders(root, info, filter=None, first=None, after=None):
        filter = filter or {}
        filters = OrderFilter(
            status=enum_value(filter.get("status")),
            search=clean_text(filter.get("search"), field="search") or "",
            paid_gte=filter.get("paid_gte"),
            paid_lte=filter.get("paid_lte"),
            museum=clean_text(filter.get("museum"), field="museum") or "",
            sku=clean_text(filter.get("sku"), field="sku") or "",
            to_ship=bool(filter.get("to_ship")),
            returns_open=bool(filter.get("returns_open")),
        )
        return paginate(order_list_staff(filters=filters), connection_type=OrderConnection, first=first, after=after)


class Mutation(graphene.ObjectType):
    order_refund = OrderRefund.Field()
    order_fulfill = OrderFulfill.Field()
    fulfillment_update_tracking = FulfillmentUpdateTracking.Field()
    fulfillment_mark_delivered = FulfillmentMarkDelivered.Field()
    order_confirm_receipt = OrderConfirmReceipt.Field()
    order_cancel = OrderCancel.Field()
    return_request_create = ReturnRequestCreate.Field()
    return_request_decide = ReturnRequestDecide.Field()
    return_receive = ReturnReceive.Field()
