"""The lines of a statement as plain tuples, for documents of up to millions of lines.

One query, read in chunks (a server-side cursor on PostgreSQL), with the work done by the database where it
is cheap there: the local date, the payee's weight out of the JSON, the licences as text, and for refund
entries the units this refund took from the line and whether it completed the line's refunds. No JSON is
decoded and no model is built per row, so Python does little more per line than format it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from itertools import islice
from typing import NamedTuple

from django.db import connections
from django.db.models import Case, Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, TextField, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncDate

from shop.orders.models import RefundLine
from shop.royalties.models import EntryKind, PayeeFields, RoyaltyEntry, RoyaltyStatement
from shop.royalties.periods import period_zone
from shop.royalties.selectors.payees import payee_filter
from shop.royalties.split import Payee


class StatementRow(NamedTuple):
    """One ledger entry of a statement, as the query returns it (``statement_rows``)."""

    entry_id: int
    kind: str
    refund_kind: str | None
    amount_minor: int
    currency: str
    base_minor: int | None
    weight: str | None  # the payee's exact weight, "num/den" (None when it has none on the line)
    licence_ids: str | None  # the JSON list as text: "[1, 2]"
    day: datetime.date  # the event's date in Asia/Shanghai
    corrected_period: datetime.date | None
    reference: str
    memo: str
    order_line_id: int | None
    order_number: str | None
    sku: str | None
    product_name_en: str | None
    product_name_zh: str | None
    line_quantity: int | None
    refunded_quantity: int | None  # units this refund took from the line (refund entries only)
    refunded_through: int | None  # units refunded on the line up to and including this refund


STATEMENT_ROW_FIELDS = (
    "id",
    "kind",
    "refund__kind",
    "amount_minor",
    "currency",
    "base_minor",
    "payee_weight",
    "licences_text",
    "day",
    "corrected_period",
    "reference",
    "memo",
    "order_line_id",
    "order_line__order__number",
    "order_line__sku",
    "order_line__product_name_en",
    "order_line__product_name_zh",
    "order_line__quantity",
    "refunded_here",
    "refunded_through",
)
assert len(STATEMENT_ROW_FIELDS) == len(StatementRow._fields)


def refund_units(*, through: bool) -> Case:
    """Units refunded on the entry's line by its refund (or by every refund up to it): only evaluated for
    refund entries, so sales and payouts cost the database nothing here."""
    lines = RefundLine.objects.filter(order_line_id=OuterRef("order_line_id"))
    lines = (
        lines.filter(refund_id__lte=OuterRef("refund_id")) if through else lines.filter(refund_id=OuterRef("refund_id"))
    )
    units = lines.values("order_line_id").annotate(units=Sum("quantity")).values("units")[:1]
    return Case(When(refund_id__isnull=False, then=Subquery(units)), default=None, output_field=IntegerField())


def statement_rows(
    *, period: datetime.date, payee: Payee, currency: str, through_entry_id: int | None = None
) -> QuerySet:
    """The entries of ``payee``'s statement for ``period`` in ``currency`` (up to ``through_entry_id`` when
    given), oldest first, as tuples in ``STATEMENT_ROW_FIELDS`` order (wrap them in :class:`StatementRow`).
    Iterate with ``.iterator(chunk_size=...)``: memory stays flat however long the statement."""
    entries = RoyaltyEntry.objects.filter(payee_filter(payee), period=period, currency=currency)
    if through_entry_id is not None:
        entries = entries.filter(id__lte=through_entry_id)
    return (
        entries.annotate(
            day=TruncDate("occurred_at", tzinfo=period_zone()),
            payee_weight=KT(f"weights__{payee.key}"),
            licences_text=Cast("licence_ids", TextField()),
            refunded_here=refund_units(through=False),
            refunded_through=refund_units(through=True),
        )
        # Oldest first: by id within the statement. Naming the index's leading columns (constant here) lets
        # PostgreSQL read the lines in this order straight from royalty_entry_statement_idx, with no sort.
        .order_by("period", "payee_type", "museum_id", "designer_id", "id")
        .values_list(*STATEMENT_ROW_FIELDS)
    )


def statement_row_chunks(rows: QuerySet, *, size: int) -> Iterator[list[tuple]]:
    """``rows`` (a ``statement_rows`` queryset) as lists of up to ``size`` raw tuples: the driver's values as
    they come (no per-row Django converters, which cost as much as the rest of a CSV export). Dates are
    ``datetime.date`` on PostgreSQL and ISO text on SQLite.

    On PostgreSQL the query runs once, planned for all its rows (in parallel where the planner likes), and
    its rows stream to us ``size`` at a time (psycopg's ``stream`` in libpq's chunked-rows mode) while we write
    the previous ones: a million lines arrive as fast as ``COPY … TO STDOUT`` sends them. A server-side
    cursor would compute each chunk only when asked (the database idle while Python writes, and planned for
    its first rows). While the rows stream, psycopg holds the connection: any other query on it from this
    thread would wait for ever, so load what is needed first, and write anything else (a background export's
    progress) through another connection. Without chunked-rows mode (libpq before 17) a server-side cursor
    does the work."""
    sql, params = rows.query.sql_with_params()
    connection = connections[rows.db]
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            try:
                streamed = cursor.stream(sql, params, size=size)
                first = list(islice(streamed, size))
            except psycopg.NotSupportedError:
                pass
            else:
                try:
                    chunk = first
                    while chunk:
                        yield chunk
                        chunk = list(islice(streamed, size))
                finally:
                    streamed.close()
                return
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(size):
            yield chunk


def statement_snapshot(
    *, period: datetime.date, payee: Payee, currency: str, through_entry_id: int | None = None
) -> tuple[RoyaltyStatement, int]:
    """An unsaved (provisional) statement of an open month counting only entries up to ``through_entry_id``
    (default: the last entry now), and that id: its totals and its lines (``statement_rows`` with the same
    bound) describe the same ledger, however many entries arrive meanwhile. Two queries."""
    if through_entry_id is None:
        through_entry_id = RoyaltyEntry.objects.aggregate(last=Max("id"))["last"] or 0
    entries = RoyaltyEntry.objects.filter(payee_filter(payee), currency=currency, id__lte=through_entry_id)

    def total(condition: Q):
        return Coalesce(Sum("amount_minor", filter=condition), 0)

    sums = entries.filter(period__lte=period).aggregate(
        opening=total(Q(period__lt=period)),
        royalties=total(Q(period=period, kind=EntryKind.SALE)),
        reversals=total(Q(period=period, kind=EntryKind.REFUND)),
        adjustments=total(Q(period=period, kind=EntryKind.ADJUSTMENT)),
        payouts=total(Q(period=period, kind=EntryKind.PAYOUT)),
        lines=Count("id", filter=Q(period=period)),
    )
    movement = sum(sums[k] for k in ("royalties", "reversals", "adjustments", "payouts"))
    statement = RoyaltyStatement(
        period=period,
        payee_key=payee.key,
        currency=currency,
        opening_minor=sums["opening"],
        royalties_minor=sums["royalties"],
        reversals_minor=sums["reversals"],
        adjustments_minor=sums["adjustments"],
        payouts_minor=sums["payouts"],
        closing_minor=sums["opening"] + movement,
        line_count=sums["lines"],
        **PayeeFields.payee_columns(payee),
    )
    return statement, through_entry_id
