from __future__ import annotations

import graphene
from django.utils.translation import get_language

from shop.checkout import services
from shop.checkout.graphql.mutations.errors import checkout_errors
from shop.checkout.graphql.mutations.inputs import CheckoutLineInput, line_inputs
from shop.checkout.graphql.types import Checkout, CheckoutError


class CheckoutCreateInput(graphene.InputObjectType):
    email = graphene.String(description="Required before completion; a signed-in shopper's email by default.")
    lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)


class CheckoutCreate(graphene.Mutation):
    """Start a checkout (signed-in shoppers own theirs; guests keep the token)."""

    class Arguments:
        input = CheckoutCreateInput(required=True)

    checkout = graphene.Field(Checkout)
    errors = graphene.List(graphene.NonNull(CheckoutError), required=True)

    @classmethod
    @checkout_errors
    def mutate(cls, root, info, input):
        checkout = services.checkout_create(
            lines=line_inputs(input.lines),
            email=input.email or "",
            user=info.context.user,
            language_code=get_language() or "en",
        )
        return cls(checkout=checkout, errors=[])
