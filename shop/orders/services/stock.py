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


def stock_allocate(*, quantities: dict[int, int], stock_ids: dict[int, int] | None = None) -> dict[int, int]:
    """Reserve ``quantities`` (variant id → units) inside the caller's transaction; returns variant id →
    stock row id.

    Each row is taken by one conditional write, ``UPDATE … SET quantity_allocated = quantity_allocated + n
    WHERE quantity - quantity_allocated >= n RETURNING id``: PostgreSQL locks the row, re-reads its newest
    version and checks the condition under the lock, so there is no read-then-write window and the lock
    is held from this statement to the caller's COMMIT only. Callers therefore allocate last, after their
    own inserts (a hot row is then held for a few statements, not a whole placement). Several rows are
    written in ascending row id order (``stock_ids`` when the caller has them, else one query), like every
    other stock writer, so concurrent orders queue instead of deadlocking; the ``stock_no_oversell``
    constraint backs the condition.

    All or nothing: when any variant is short, the increments already made are undone and
    :class:`InsufficientStock` names every short variant with its free units."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("stock_allocate must run inside a transaction")
    if stock_ids is None or not quantities.keys() <= stock_ids.keys():
        stock_ids = (
            dict(Stock.objects.filter(variant_id__in=list(quantities)).values_list("variant_id", "pk"))
            if len(quantities) > 1
            else {}
        )
    order = sorted(quantities, key=lambda variant_id: (stock_ids.get(variant_id, 0), variant_id))
    taken: dict[int, int] = {}
    short: list[int] = []
    for variant_id in order:
        quantity = quantities[variant_id]
        row = _allocate_row(variant_id, quantity)
        if row is None:
            short.append(variant_id)
        else:
            taken[variant_id] = row
    if short:
        for variant_id, stock_id in taken.items():
            Stock.objects.filter(pk=stock_id).update(
                quantity_allocated=F("quantity_allocated") - quantities[variant_id]
            )
        free = dict(
            Stock.objects.filter(variant_id__in=short).values_list(
                "variant_id", F("quantity") - F("quantity_allocated")
            )
        )
        raise InsufficientStock({variant_id: max(free.get(variant_id, 0), 0) for variant_id in short})
    return taken


def _allocate_row(variant_id: int, quantity: int) -> int | None:
    """The conditional write of one stock row; its id, or None when it has fewer than ``quantity`` free units
    (or no row). Raw SQL: the ORM's ``update()`` cannot return the row it wrote."""
    connection = transaction.get_connection()
    table = connection.ops.quote_name(Stock._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET quantity_allocated = quantity_allocated + %s "  # noqa: S608 - the model's table
            "WHERE variant_id = %s AND quantity - quantity_allocated >= %s RETURNING id",
            [quantity, variant_id, quantity],
        )
        row = cursor.fetchone()
    return row[0] if row else None


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
