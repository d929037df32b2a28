"""Checkout in GraphQL: thin wrappers over ``shop.checkout.services``."""

from __future__ import annotations

import graphene
from django.utils.translation import get_language

from shop.checkout import services
from shop.checkout.errors import CheckoutErrorCode as Code
from shop.checkout.graphql.types import Checkout, CheckoutError, Payment
from shop.checkout.selectors import checkout_get_for_user
from shop.core.errors import ApplicationError
from shop.core.graphql.errors import mutation_errors
from shop.core.graphql.ids import decode_global_id
from shop.orders.graphql.types import Order

MAX_INPUT_LINES = 100


def _line_at_fault(item: ApplicationError) -> dict:
    """The checkout line and variant a ``CheckoutLineError`` names, as global ids."""
    line_id = getattr(item, "line_id", None)
    variant_id = getattr(item, "variant_id", None)
    return {
        "line_id": graphene.Node.to_global_id("CheckoutLine", line_id) if line_id else None,
        "variant_id": graphene.Node.to_global_id("ProductVariant", variant_id) if variant_id else None,
    }


# ``ApplicationError`` → ``errors`` (with the line and variant at fault) instead of raising.
checkout_errors = mutation_errors(Code, extra=_line_at_fault)


def _checkout_for(info, token) -> object:
    checkout = checkout_get_for_user(token=token, user=info.context.user)
    if checkout is None:
        raise ApplicationError("No checkout has this token.", code=Code.NOT_FOUND, field="token")
    return checkout


def _line_inputs(lines) -> list[services.LineInput]:
    if lines is None or len(lines) == 0:
        raise ApplicationError("Give at least one line.", code=Code.REQUIRED, field="lines")
    if len(lines) > MAX_INPUT_LINES:
        raise ApplicationError(f"At most {MAX_INPUT_LINES} lines.", code=Code.TOO_MANY_LINES, field="lines")
    return [
        services.LineInput(
            variant_id=decode_global_id(line.variant_id, expected_type="ProductVariant", field="lines"),
            quantity=line.quantity,
        )
        for line in lines
    ]


class CheckoutLineInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True, description="1 to the per-line cap (20 by default).")


class CheckoutCreateInput(graphene.InputObjectType):
    email = graphene.String(description="Required before completion; a signed-in shopper's email by default.")
    lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)


class AddressInput(graphene.InputObjectType):
    full_name = graphene.String(required=True)
    phone = graphene.String(required=True, description="A mainland China mobile number.")
    country_code = graphene.String(description="CN (the shop ships within mainland China).")
    province = graphene.String(required=True, description="In Chinese or English, e.g. 四川省 or Sichuan.")
    city = graphene.String(required=True)
    district = graphene.String(required=True)
    street_address = graphene.String(required=True)
    postal_code = graphene.String(description="Six digits.")


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
            lines=_line_inputs(input.lines),
            email=input.email or "",
            user=info.context.user,
            language_code=get_language() or "en",
        )
        return cls(checkout=checkout, errors=[])


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
        checkout = services.checkout_lines_add(checkout=_checkout_for(info, token), lines=_line_inputs(lines))
        return cls(checkout=checkout, errors=[])


class CheckoutLinesUpdate(graphene.Mutation):
    """Set the quantity of each given variant's line."""

    class Arguments:
        token = graphene.UUID(required=True)
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True)

    checkout = graphene.Field(Checkout)
    errors = graphene.List(graphene.NonNull(CheckoutError), required=True)

    @classmethod
    @checkout_errors
    def mutate(cls, root, info, token, lines):
        checkout = services.checkout_lines_update(checkout=_checkout_for(info, token), lines=_line_inputs(lines))
        return cls(checkout=checkout, errors=[])


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
        checkout = services.checkout_line_delete(checkout=_checkout_for(info, token), line_id=pk)
        return cls(checkout=checkout, errors=[])


class CheckoutEmailUpdate(graphene.Mutation):
    class Arguments:
        token = graphene.UUID(required=True)
        email = graphene.String(required=True)

    checkout = graphene.Field(Checkout)
    errors = graphene.List(graphene.NonNull(CheckoutError), required=True)

    @classmethod
    @checkout_errors
    def mutate(cls, root, info, token, email):
        checkout = services.checkout_email_update(checkout=_checkout_for(info, token), email=email)
        return cls(checkout=checkout, errors=[])


class CheckoutShippingAddressUpdate(graphene.Mutation):
    class Arguments:
        token = graphene.UUID(required=True)
        address = AddressInput(required=True)

    checkout = graphene.Field(Checkout)
    errors = graphene.List(graphene.NonNull(CheckoutError), required=True)

    @classmethod
    @checkout_errors
    def mutate(cls, root, info, token, address):
        checkout = services.checkout_shipping_address_update(checkout=_checkout_for(info, token), address=dict(address))
        return cls(checkout=checkout, errors=[])


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
