"""Dataloaders of the checkout types (see ``shop/core/graphql/dataloaders.py``)."""

from __future__ import annotations

from shop.checkout.models import Checkout, CheckoutLine
from shop.checkout.selectors import checkout_lines
from shop.core.graphql.dataloaders import DataLoader


class CheckoutLinesLoader(DataLoader[Checkout, list[CheckoutLine]]):
    """A checkout's lines with variant, product and stock, read once for ``lines``, ``quantity`` and
    ``totalPrice`` (a checkout is only ever reached alone: by token, or in a mutation's payload)."""

    def batch_load(self, checkouts: list[Checkout]) -> list[list[CheckoutLine]]:
        result = []
        for checkout in checkouts:
            lines = list(checkout_lines(checkout=checkout))
            for line in lines:
                line.checkout = checkout  # the line's prices are in the checkout's currency
            result.append(lines)
        return result
