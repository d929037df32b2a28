"""``ApplicationError`` → the checkout payload's ``errors``, which also name the line and variant at fault."""

from __future__ import annotations

import graphene

from shop.checkout.errors import CheckoutErrorCode as Code
from shop.core.errors import ApplicationError
from shop.core.graphql.errors import mutation_errors


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
