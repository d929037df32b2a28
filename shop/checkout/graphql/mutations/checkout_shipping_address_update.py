from __future__ import annotations

import graphene

from shop.checkout import services
from shop.checkout.graphql.mutations.errors import checkout_errors
from shop.checkout.graphql.mutations.inputs import checkout_for
from shop.checkout.graphql.types import Checkout, CheckoutError


class AddressInput(graphene.InputObjectType):
    full_name = graphene.String(required=True)
    phone = graphene.String(required=True, description="A mainland China mobile number.")
    country_code = graphene.String(description="CN (the shop ships within mainland China).")
    province = graphene.String(required=True, description="In Chinese or English, e.g. 四川省 or Sichuan.")
    city = graphene.String(required=True)
    district = graphene.String(required=True)
    street_address = graphene.String(required=True)
    postal_code = graphene.String(description="Six digits.")


class CheckoutShippingAddressUpdate(graphene.Mutation):
    class Arguments:
        token = graphene.UUID(required=True)
        address = AddressInput(required=True)

    checkout = graphene.Field(Checkout)
    errors = graphene.List(graphene.NonNull(CheckoutError), required=True)

    @classmethod
    @checkout_errors
    def mutate(cls, root, info, token, address):
        checkout = services.checkout_shipping_address_update(checkout=checkout_for(info, token), address=dict(address))
        return cls(checkout=checkout, errors=[])
