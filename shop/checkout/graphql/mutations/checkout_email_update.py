from __future__ import annotations

import graphene

from shop.checkout import services
from shop.checkout.graphql.mutations.errors import checkout_errors
from shop.checkout.graphql.mutations.inputs import checkout_for
from shop.checkout.graphql.types import Checkout, CheckoutError


class CheckoutEmailUpdate(graphene.Mutation):
    class Arguments:
        token = graphene.UUID(required=True)
        email = graphene.String(required=True)

    checkout = graphene.Field(Checkout)
    errors = graphene.List(graphene.NonNull(CheckoutError), required=True)

    @classmethod
    @checkout_errors
    def mutate(cls, root, info, token, email):
        checkout = services.checkout_email_update(checkout=checkout_for(info, token), email=email)
        return cls(checkout=checkout, errors=[])
