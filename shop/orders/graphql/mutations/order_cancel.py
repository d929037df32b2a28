from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import mutation_roles_required
from shop.core.graphql.errors import mutation_errors
from shop.orders.errors import OrderErrorCode
from shop.orders.graphql.mutations.inputs import order_for_staff
from shop.orders.graphql.types import Order, OrderError
from shop.orders.selectors import ORDER_OPERATIONS_ROLES
from shop.orders.services import order_cancel


class OrderCancel(graphene.Mutation):
    """Cancel an order awaiting payment (operations): its stock goes back on sale and the customer is told.
    A paid order is refunded instead (INVALID_TRANSITION)."""

    class Arguments:
        number = graphene.String(required=True)
        reason = graphene.String()

    order = graphene.Field(Order)
    errors = graphene.List(graphene.NonNull(OrderError), required=True)

    @classmethod
    @mutation_errors(OrderErrorCode)
    @mutation_roles_required(*ORDER_OPERATIONS_ROLES)
    def mutate(cls, root, info, number, reason=""):
        order = order_cancel(
            order=order_for_staff(number, info.context.user), user=info.context.user, reason=(reason or "")[:255]
        )
        return cls(order=order, errors=[])
