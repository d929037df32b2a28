from __future__ import annotations

import graphene

from shop.checkout import services
from shop.checkout.graphql.mutations.errors import checkout_errors
from shop.checkout.graphql.mutations.inputs import CheckoutLineInput, checkout_for, line_inputs
from shop.checkout.graphql.types import Checkout, CheckoutError


class CheckoutLinesAdd(graphene.Mutation):
    """Add lines; a variant already in the checkout gets the quantities summed."""

    class Arguments:
        token = graphene.UUID(required=True)
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)

    checkout = graphene.Field(Checkout)
    errors = graphene.List(graphene.NonNull(CheckoutError), required=True)

    @classmethod
    @checkout_errors
    def mutate(cls, root, info, token, lines):
        checkout = services.checkout_lines_add(checkout=checkout_for(info, token), lines=line_inputs(lines))
        return cls(checkout=checkout, errors=[])
