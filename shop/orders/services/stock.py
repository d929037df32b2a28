"""Stock held by orders: allocation and release, rows always locked in ascending id order."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from shop.catalog.models import Stock
from shop.orders.errors import InsufficientStock, InsufficientStockAtCommit
from shop.orders.models import Allocation, Order


def stocks_locked(variant_ids: Iterable[int]) -> dict[int, Stock]:
    """Lock the stock rows of ``variant_ids`` in ascending id order (no deadlocks); by variant id."""
    stocks = Stock.objects.select_for_update().filter(variant_id__in=set(variant_ids)).order_by("id")
    return {stock.variant_id: stock for stock in stocks}


def stocks_locked_by_id(stock_ids: Iterable[int]) -> dict[int, Stock]:
    """Lock the stock rows ``stock_ids`` in ascending id order (the same order as :func:`stocks_locked`); by id."""
    return {stock.pk: stock for stock in Stock.objects.select_for_update().filter(pk__in=set(stock_ids)).order_by("id")}


def stock_allocate(
    *, quantities: dict[int, int], stock_ids: dict[int, int] | None = None, commit: bool = False
) -> dict[int, int]:
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
    :class:`InsufficientStock` names every short variant with its free units.

    With ``commit`` (the caller's last write, in its outermost ``atomic`` block, on PostgreSQL, with every
    row's id in ``stock_ids`` and allocations that reference them already written) the rows are written and
    the transaction committed in **one round trip**: ``UPDATE …; UPDATE …; COMMIT`` sent as one message, so a
    hot row is locked only while PostgreSQL runs the rest of that message, never while a client waits for the
    CPU to send its COMMIT. The condition is then the ``stock_no_oversell`` constraint itself, checked by
    PostgreSQL on the row's newest version under the lock; a short row aborts the transaction and raises
    :class:`InsufficientStockAtCommit` (nothing is committed; the caller reads the free units after its
    rollback). Elsewhere (SQLite, a nested block such as a test's) ``commit`` is ignored: the caller's block
    commits as usual."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("stock_allocate must run inside a transaction")
    if commit and stock_ids is not None and quantities.keys() <= stock_ids.keys() and may_commit_here():
        rows = sorted((stock_ids[variant_id], quantity) for variant_id, quantity in quantities.items())
        _allocate_rows_committing(rows, requested=quantities)
        return {variant_id: stock_ids[variant_id] for variant_id in quantities}
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


def may_commit_here() -> bool:
    """Is the connection in one outermost ``atomic`` block on PostgreSQL, whose exit would COMMIT, with client-side
    parameter binding (Django's default; server-side binding cannot send several statements in one message)?"""
    connection = transaction.get_connection()
    return (
        connection.vendor == "postgresql"
        and connection.settings_dict.get("OPTIONS", {}).get("server_side_binding") is not True
        and len(connection.atomic_blocks) == 1
        and connection.commit_on_exit
        and not connection.needs_rollback
    )


def _allocate_rows_committing(rows: list[tuple[int, int]], *, requested: dict[int, int]) -> float:
    """Add ``rows`` ((stock id, units) in ascending id order) to the allocated units and COMMIT, in one message.
    Returns how long the first row stayed locked, by PostgreSQL's clock: from its write to the end of the
    COMMIT (a ``SELECT clock_timestamp()`` after it, in the same message; the bench probe reports it).

    Sent with client-side binding (Django's default psycopg cursor) as one simple-protocol query: PostgreSQL
    runs the statements in order and stops at the first error, leaving the transaction aborted for the
    caller's ``atomic`` to roll back. After a COMMIT in it, the connection is idle and the ``atomic`` block's
    own commit sends nothing (psycopg skips COMMIT outside a transaction); its on-commit callbacks run."""
    connection = transaction.get_connection()
    table = connection.ops.quote_name(Stock._meta.db_table)
    statements = [
        f"UPDATE {table} SET quantity_allocated = quantity_allocated + %s WHERE id = %s"  # noqa: S608 - the table
        for _ in rows
    ]
    statements[0] += " RETURNING extract(epoch FROM clock_timestamp())"
    sql = "; ".join([*statements, "COMMIT", "SELECT extract(epoch FROM clock_timestamp())"])
    params = [value for stock_id, quantity in rows for value in (quantity, stock_id)]
    released_at = None
    with connection.cursor() as cursor:
        try:
            cursor.execute(sql, params)
        except IntegrityError as exc:
            # A short row (the CHECK constraint), or a row deleted meanwhile (the allocation's foreign key,
            # checked at COMMIT): either way nothing was committed.
            constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None) or ""
            if constraint == "stock_no_oversell" or constraint.startswith("orders_allocation_stock_id"):
                raise InsufficientStockAtCommit(dict(requested)) from None
            raise
        locked_at = cursor.fetchone()
        while cursor.nextset():  # the other UPDATEs and the COMMIT return no rows; the SELECT is last
            released_at = cursor.fetchone() if cursor.description else None
    return float(released_at[0]) - float(locked_at[0]) if locked_at and released_at else 0.0


def stock_free(variant_ids: Iterable[int]) -> dict[int, int]:
    """Free units by variant id, read without locking (a variant without a stock row has 0)."""
    ids = set(variant_ids)
    free = dict(
        Stock.objects.filter(variant_id__in=ids).values_list("variant_id", F("quantity") - F("quantity_allocated"))
    )
    return {variant_id: max(free.get(variant_id, 0), 0) for variant_id in ids}


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
