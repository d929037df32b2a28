"""Orders in GraphQL: ``order(number)`` (owner or order staff) and ``orderRefund`` (order staff)."""

from __future__ import annotations

import graphene

from shop.orders.graphql.mutations.order_refund import OrderRefund
from shop.orders.graphql.types import Order
from shop.orders.selectors import order_get_for_user


class Query(graphene.ObjectType):
    order = graphene.Field(
        Order,
        number=graphene.String(required=True),
        description="An order by number: its owner and order staff only (others get null).",
    )

    @staticmethod
    def resolve_order(root, info, number: str):
        return order_get_for_user(number=number[:20], user=info.context.user)


class Mutation(graphene.ObjectType):
    order_refund = OrderRefund.Field()
