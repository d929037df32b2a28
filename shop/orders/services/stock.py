"""Stock held by orders: allocation and release, rows always locked in ascending id order."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shop.catalog.models import Stock
from shop.orders.errors import InsufficientStock
from shop.orders.models import Allocation, Order


def stocks_locked(variant_ids: Iterable[int]) -> dict[int, Stock]:
    """Lock the stock rows of ``variant_ids`` in ascending id order (no deadlocks); by variant id."""
    stocks = Stock.objects.select_for_update().filter(variant_id__in=set(variant_ids)).order_by("id")
    return {stock.variant_id: stock for stock in stocks}


def stocks_locked_by_id(stock_ids: Iterable[int]) -> dict[int, Stock]:
    """Lock the stock rows ``stock_ids`` in ascending id order (the same order as :func:`stocks_locked`); by id."""
    return {stock.pk: stock for stock in Stock.objects.select_for_update().filter(pk__in=set(stock_ids)).order_by("id")}


def stock_allocate(*, quantities: dict[int, int]) -> dict[int, Stock]:
    """Reserve ``quantities`` (variant id → units) inside the caller's transaction.

    All or nothing: raises :class:`InsufficientStock` naming every short variant before
    changing any row. Rows are locked in id order; the increment is an F-expression and the
    ``stock_no_oversell`` constraint refuses anything the check might have missed."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("stock_allocate must run inside a transaction")
    stocks = stocks_locked(quantities)
    shortages = {
        variant_id: stocks[variant_id].quantity_available if variant_id in stocks else 0
        for variant_id, quantity in quantities.items()
        if variant_id not in stocks or stocks[variant_id].quantity_available < quantity
    }
    if shortages:
        raise InsufficientStock(shortages)
    for variant_id, quantity in quantities.items():
        Stock.objects.filter(pk=stocks[variant_id].pk).update(quantity_allocated=F("quantity_allocated") + quantity)
    return stocks


def allocations_release(order: Order) -> None:
    """Give back what the order's lines still hold (it expired or was cancelled)."""
    allocations = list(
        Allocation.objects.select_related("order_line").filter(order_line__order=order, released_at__isnull=True)
    )
    if not allocations:
        return
    stocks_locked(a.order_line.variant_id for a in allocations if a.order_line.variant_id)
    now = timezone.now()
    for allocation in sorted(allocations, key=lambda a: a.stock_id):
        Stock.objects.filter(pk=allocation.stock_id).update(
            quantity_allocated=F("quantity_allocated") - allocation.quantity
        )
        allocation.released_at = now
        allocation.save(update_fields=["released_at"])
