"""Checkout lines as mutations take them, and the lookup of the checkout a token addresses."""

from __future__ import annotations

import graphene

from shop.checkout import services
from shop.checkout.errors import CheckoutErrorCode as Code
from shop.checkout.selectors import checkout_get_for_user
from shop.core.errors import ApplicationError
from shop.core.graphql.ids import decode_global_id

MAX_INPUT_LINES = 100


class CheckoutLineInput(graphene.InputObjectType):
    variant_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True, description="1 to the per-line cap (20 by default).")


def line_inputs(lines) -> list[services.LineInput]:
    """The service's line inputs: at least one line, at most ``MAX_INPUT_LINES``, variant ids decoded."""
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


def checkout_for(info, token):
    """The checkout ``token`` addresses, if the caller may use it (its owner, or anyone for a guest's)."""
    checkout = checkout_get_for_user(token=token, user=info.context.user)
    if checkout is None:
        raise ApplicationError("No checkout has this token.", code=Code.NOT_FOUND, field="token")
    return checkout
