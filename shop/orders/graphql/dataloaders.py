"""Dataloaders of the order types (see ``shop/core/graphql/dataloaders.py``)."""

from __future__ import annotations

from django.db.models import Prefetch

from shop.core.graphql.dataloaders import RelationLoader
from shop.orders.models import Fulfillment, Order, OrderEvent, ReturnRequest


class OrderLinesLoader(RelationLoader[Order]):
    """An order's lines (already there when the selector that listed the orders prefetched them)."""

    relation, many = "lines", True


class OrderFulfillmentsLoader(RelationLoader[Order]):
    """An order's parcels with their lines, in shipping order."""

    relation, many = "fulfillments", True

    def prefetch(self):
        return Prefetch(
            "fulfillments", queryset=Fulfillment.objects.prefetch_related("lines").order_by("shipped_at", "id")
        )


class OrderReturnsLoader(RelationLoader[Order]):
    """An order's return requests with their lines and refund, oldest first."""

    relation, many = "returns", True

    def prefetch(self):
        return Prefetch(
            "returns",
            queryset=ReturnRequest.objects.select_related("refund")
            .prefetch_related("lines")
            .order_by("created_at", "id"),
        )


class OrderEventsLoader(RelationLoader[Order]):
    """An order's timeline, oldest first (who may see which entries is the resolver's business)."""

    relation, many = "events", True

    def prefetch(self):
        return Prefetch("events", queryset=OrderEvent.objects.order_by("created_at", "id"))


class OrderRefundsLoader(RelationLoader[Order]):
    relation, many = "refunds", True
