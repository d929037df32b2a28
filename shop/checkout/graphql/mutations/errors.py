"""``ApplicationError`` → the checkout payload's ``errors``, which also name the line and variant at fault."""

from __future__ import annotations

import functools

import graphene

from shop.checkout.errors import CheckoutErrorCode as Code
from shop.checkout.graphql.types import CheckoutError
from shop.core.errors import ApplicationError
from shop.core.graphql.errors import camel_field


def _error_dict(item: ApplicationError) -> dict:
    code = item.code if item.code in Code.__members__ else Code.INVALID
    line_id = getattr(item, "line_id", None)
    variant_id = getattr(item, "variant_id", None)
    return {
        "field": camel_field(item.field),
        "code": Code(code),
        "message": item.message,
        "line_id": graphene.Node.to_global_id("CheckoutLine", line_id) if line_id else None,
        "variant_id": graphene.Node.to_global_id("ProductVariant", variant_id) if variant_id else None,
    }


def checkout_errors(mutate):
    """``ApplicationError`` → ``errors`` (with the line and variant at fault) instead of raising."""

    @functools.wraps(mutate)
    def wrapper(cls, root, info, **kwargs):
        try:
            return mutate(cls, root, info, **kwargs)
        except ApplicationError as exc:
            items = exc.errors
            return cls(errors=[CheckoutError(**_error_dict(item)) for item in items])

    return wrapper
