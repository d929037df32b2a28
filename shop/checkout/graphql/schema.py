"""Checkout in GraphQL: ``checkout(token)`` and the checkout mutations (one per module in ``mutations/``)."""

from __future__ import annotations

import graphene

from shop.checkout.graphql.mutations.checkout_complete import CheckoutComplete
from shop.checkout.graphql.mutations.checkout_create import CheckoutCreate
from shop.checkout.graphql.mutations.checkout_email_update import CheckoutEmailUpdate
from shop.checkout.graphql.mutations.checkout_line_delete import CheckoutLineDelete
from shop.checkout.graphql.mutations.checkout_lines_add import CheckoutLinesAdd
from shop.checkout.graphql.mutations.checkout_lines_update import CheckoutLinesUpdate
from shop.checkout.graphql.mutations.checkout_shipping_address_update import CheckoutShippingAddressUpdate
from shop.checkout.graphql.types import Checkout
from shop.checkout.selectors import checkout_get_for_user


class Query(graphene.ObjectType):
    checkout = graphene.Field(
        Checkout, token=graphene.UUID(required=True), description="A checkout by token (its owner's, or a guest's)."
    )

    @staticmethod
    def resolve_checkout(root, info, token):
        return checkout_get_for_user(token=token, user=info.context.user)


class Mutation(graphene.ObjectType):
    checkout_create = CheckoutCreate.Field()
    checkout_lines_add = CheckoutLinesAdd.Field()
    checkout_lines_update = CheckoutLinesUpdate.Field()
    checkout_line_delete = CheckoutLineDelete.Field()
    checkout_email_update = CheckoutEmailUpdate.Field()
    checkout_shipping_address_update = CheckoutShippingAddressUpdate.Field()
    checkout_complete = CheckoutComplete.Field()
