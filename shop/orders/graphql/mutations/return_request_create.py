from __future__ import annotations

import graphene

from shop.core.graphql.errors import mutation_errors
from shop.orders.errors import OrderErrorCode
from shop.orders.graphql.mutations.inputs import OrderLineQuantityInput, line_pairs, order_for_customer
from shop.orders.graphql.types import OrderError, ReturnRequest
from shop.orders.services import return_request_create


class ReturnRequestCreate(graphene.Mutation):
    """Ask to return delivered units (the order's owner, or a guest with its token), within the return window."""

    class Arguments:
        number = graphene.String(required=True)
        lines = graphene.List(graphene.NonNull(OrderLineQuantityInput), required=True)
        reason = graphene.String(required=True)
        token = graphene.String(description="The order's token, for a guest (from the order's emails).")

    return_request = graphene.Field(ReturnRequest)
    errors = graphene.List(graphene.NonNull(OrderError), required=True)

    @classmethod
    @mutation_errors(OrderErrorCode)
    def mutate(cls, root, info, number, lines, reason, token=None):
        order = order_for_customer(number, token, info.context.user)
        request = return_request_create(order=order, lines=line_pairs(lines), reason=reason, user=info.context.user)
        return cls(return_request=request, errors=[])
