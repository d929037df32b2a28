"""Dataloaders of the order types (see ``shop/core/graphql/dataloaders.py``)."""

from __future__ import annotations

from shop.core.graphql.dataloaders import RelationLoader
from shop.orders.models import Order


class OrderLinesLoader(RelationLoader[Order]):
    """An order's lines (already there when the selector that listed the orders prefetched them)."""

    relation, many = "lines", True
