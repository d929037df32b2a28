from __future__ import annotations

import graphene

from shop.core.graphql.errors import mutation_errors
from shop.orders.errors import OrderErrorCode
from shop.orders.graphql.mutations.inputs import order_for_customer
from shop.orders.graphql.types import Order, OrderError
from shop.orders.services import order_confirm_receipt


class OrderConfirmReceipt(graphene.Mutation):
    """确认收货 (the order's owner, or a guest with the order's token): every parcel shipped has arrived."""

    class Arguments:
        number = graphene.String(required=True)
        token = graphene.String(description="The order's token, for a guest (from the order's emails).")

    order = graphene.Field(Order)
    errors = graphene.List(graphene.NonNull(OrderError), required=True)

    @classmethod
    @mutation_errors(OrderErrorCode)
    def mutate(cls, root, info, number, token=None):
        order = order_for_customer(number, token, info.context.user)
        order = order_confirm_receipt(order=order, user=info.context.user)
        return cls(order=order, errors=[])
