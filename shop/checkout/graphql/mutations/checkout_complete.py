from __future__ import annotations

import graphene

from shop.checkout import services
from shop.checkout.graphql.mutations.errors import checkout_errors
from shop.checkout.graphql.types import CheckoutError, Payment
from shop.orders.graphql.types import Order


class CheckoutComplete(graphene.Mutation):
    """Place the order (stock allocated, nothing oversold) and open its payment. Repeating it
    with the same token returns the same order."""

    class Arguments:
        token = graphene.UUID(required=True)

    order = graphene.Field(Order)
    payment = graphene.Field(Payment, description="Null when the gateway could not be reached; pay later.")
    errors = graphene.List(graphene.NonNull(CheckoutError), required=True)

    @classmethod
    @checkout_errors
    def mutate(cls, root, info, token):
        result = services.checkout_complete(checkout_token=token, user=info.context.user)
        return cls(order=result.order, payment=result.payment, errors=[])
