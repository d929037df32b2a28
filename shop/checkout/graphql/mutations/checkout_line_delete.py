from __future__ import annotations

import graphene

from shop.checkout import services
from shop.checkout.graphql.mutations.errors import checkout_errors
from shop.checkout.graphql.mutations.inputs import checkout_for
from shop.checkout.graphql.types import Checkout, CheckoutError
from shop.core.graphql.ids import decode_global_id


class CheckoutLineDelete(graphene.Mutation):
    class Arguments:
        token = graphene.UUID(required=True)
        line_id = graphene.ID(required=True)

    checkout = graphene.Field(Checkout)
    errors = graphene.List(graphene.NonNull(CheckoutError), required=True)

    @classmethod
    @checkout_errors
    def mutate(cls, root, info, token, line_id):
        pk = decode_global_id(line_id, expected_type="CheckoutLine", field="line_id")
        checkout = services.checkout_line_delete(checkout=checkout_for(info, token), line_id=pk)
        return cls(checkout=checkout, errors=[])
