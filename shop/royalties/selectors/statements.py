"""Statements: per-payee monthly totals (SQL aggregates) and the lines behind them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from shop.collection.models import Licence
from shop.core.money import round_half_up_to
from shop.royalties.models import (
    EntryKind,
    PayeeFields,
    RoyaltyEntry,
    RoyaltyPeriod,
    RoyaltyStatement,
)
from shop.royalties.selectors.balances import Balance, payee_balance, payee_currencies, period_last_closed
from shop.royalties.selectors.payees import _GROUP, PAYEE_ORDER, payee_filter, payees_filter
from shop.royalties.selectors.statement_rows import refund_units
from shop.royalties.split import Payee


def statement_totals(
    *, period: datetime.date, payees: list[Payee] | None = None, carry_forward: bool = True
) -> list[RoyaltyStatement]:
    """Unsaved statements for ``period`` (one per payee and currency with a balance or activity), every total
    a SQL aggregate: opening = Σ entries of earlier periods; royalties, reversals, adjustments, payouts = Σ of
    the period's entries by kind; closing = opening + all four.

    With ``carry_forward`` the opening is the closing of the last closed period's frozen statements plus the
    entries of the open months since: the same sum, because nothing is ever booked into a closed month and a
    closed month has a statement for every payee with a balance; it reads one month's statements instead of
    the whole history (a close summed every entry ever booked). Reconciliation passes ``False`` and sums the
    ledger itself, its independent check of the frozen statements."""
    if payees is not None and not payees:
        return []
    scope = Q() if payees is None else payees_filter(payees)
    base = RoyaltyEntry.objects.filter(scope).order_by()
    opening: dict[tuple, int] = {}
    earlier = base.filter(period__lt=period)
    previous = (
        RoyaltyPeriod.objects.filter(period__lt=period).order_by("-period").values_list("period", flat=True).first()
        if carry_forward
        else None
    )
    if previous is not None:
        for row in RoyaltyStatement.objects.filter(scope, period=previous).values(*_GROUP, "closing_minor"):
            key = tuple(row[k] for k in _GROUP)
            opening[key] = opening.get(key, 0) + row["closing_minor"]
        earlier = earlier.filter(period__gt=previous)
    for row in earlier.values(*_GROUP).annotate(total=Sum("amount_minor")):
        key = tuple(row[k] for k in _GROUP)
        opening[key] = opening.get(key, 0) + row["total"]

    def by_kind(kind: str):
        return Coalesce(Sum("amount_minor", filter=Q(kind=kind)), 0)

    activity = {
        tuple(row[k] for k in _GROUP): row
        for row in base.filter(period=period)
        .values(*_GROUP)
        .annotate(
            royalties=by_kind(EntryKind.SALE),
            reversals=by_kind(EntryKind.REFUND),
            adjustments=by_kind(EntryKind.ADJUSTMENT),
            payouts=by_kind(EntryKind.PAYOUT),
            lines=Count("id"),
        )
    }
    statements = []
    for group in sorted(set(opening) | set(activity), key=lambda g: (Payee(g[0], g[1] or g[2]).tie_rank, g[3])):
        row = activity.get(group, {})
        open_minor = opening.get(group, 0)
        if not row and not open_minor:
            continue
        payee = Payee(group[0], group[1] or group[2])
        amounts = {k: row.get(k, 0) for k in ("royalties", "reversals", "adjustments", "payouts")}
        statements.append(
            RoyaltyStatement(
                period=period,
                payee_key=payee.key,
                currency=group[3],
                opening_minor=open_minor,
                royalties_minor=amounts["royalties"],
                reversals_minor=amounts["reversals"],
                adjustments_minor=amounts["adjustments"],
                payouts_minor=amounts["payouts"],
                closing_minor=open_minor + sum(amounts.values()),
                line_count=row.get("lines", 0),
                **PayeeFields.payee_columns(payee),
            )
        )
    return statements


def statement_list(*, period: datetime.date, payees: list[Payee] | None = None) -> list[RoyaltyStatement]:
    """Statements of ``period`` for ``payees`` (all when None): the frozen ones of a closed period, else
    provisional ones computed now (unsaved, ``pk`` None)."""
    if RoyaltyPeriod.objects.filter(period=period).exists():
        qs = RoyaltyStatement.objects.filter(period=period).order_by(
            PAYEE_ORDER, "museum_id", "designer_id", "currency"
        )
        return list(qs if payees is None else qs.filter(payees_filter(payees)))
    return statement_totals(period=period, payees=payees)


@dataclass(frozen=True, slots=True)
class PayeeSummary:
    """What a payee sees of their royalties: balances per currency and their statements, newest first."""

    payee: Payee
    balances: list[Balance]
    statements: list[RoyaltyStatement]  # frozen ones (pk set) and provisional ones of open months


def payee_summary(*, payee: Payee, months: int = 24) -> PayeeSummary:
    """The payee's balances and up to ``months`` statements: every closed month's frozen statement and a
    provisional one for each open month holding entries."""
    balances = [payee_balance(payee=payee, currency=c) for c in sorted(payee_currencies(payee))]
    frozen = list(RoyaltyStatement.objects.filter(payee_filter(payee)).order_by("-period", "currency")[:months])
    last_closed = period_last_closed()
    open_periods = RoyaltyEntry.objects.filter(payee_filter(payee))
    if last_closed is not None:
        open_periods = open_periods.filter(period__gt=last_closed)
    provisional = [
        statement
        for period in sorted(set(open_periods.values_list("period", flat=True)), reverse=True)
        for statement in statement_totals(period=period, payees=[payee])
    ]
    return PayeeSummary(payee=payee, balances=balances, statements=(provisional + frozen)[:months])


STATEMENT_LINE_FIELDS = (
    "id",
    "kind",
    "amount_minor",
    "currency",
    "base_minor",
    "weights",
    "licence_ids",
    "occurred_at",
    "reference",
    "memo",
    "corrected_period",
    "order_line__order__number",
    "order_line__sku",
    "order_line__product_name_en",
    "order_line__product_name_zh",
    "order_line__quantity",
    "refunded_quantity",
    "refund__kind",
    "payee_key",
    "order_line_id",
    "refunded_through",
)


def statement_lines(*, period: datetime.date, payee: Payee, currency: str | None = None) -> QuerySet:
    """The entries behind a statement, as dicts (``STATEMENT_LINE_FIELDS``), oldest first. Iterate with
    ``.iterator(chunk_size=...)``: a million-line statement is never held in memory. A refund's units on its
    line (``refunded_quantity``: this refund's; ``refunded_through``: up to and including it) are the documents'
    own subqueries (``statement_rows``), so every line's type and note follow from the row, no query each."""
    qs = RoyaltyEntry.objects.filter(payee_filter(payee), period=period)
    if currency:
        qs = qs.filter(currency=currency)
    return (
        qs.annotate(
            refunded_quantity=Coalesce(refund_units(through=False), Value(0)),
            refunded_through=refund_units(through=True),
            payee_key=Value(payee.key),
        )
        .order_by("id")
        .values(*STATEMENT_LINE_FIELDS)
    )


def statement_line_quantity(row: dict) -> int | None:
    """Units a statement line stands for: the line's quantity for a sale, minus the units refunded for a
    reversal (or a late one booked as an adjustment); None for a payout."""
    if row["order_line__quantity"] is None:
        return None
    if row["refunded_quantity"]:
        return -row["refunded_quantity"]
    return row["order_line__quantity"]


def statement_line_rate(row: dict) -> str | None:
    """The statement's payee's exact share of the line's net sales, in percent; None when it has none."""
    weight = weight_of(row["weights"], Payee.parse(row["payee_key"]))
    return rate_percent(weight) if weight else None


def licence_relic_names() -> dict[int, str]:
    """Licence id → "relic name (中文名)", for statement lines (licences are few; loaded once per export)."""
    return {
        licence_id: f"{name_en} {name_zh}".strip()
        for licence_id, name_en, name_zh in Licence.objects.values_list("id", "relic__name_en", "relic__name_zh")
    }


def rate_percent(weight: Fraction) -> str:
    """A payee's exact weight shown as a percentage with four decimals (display only: "6.8000%")."""
    return f"{round_half_up_to(weight * 100, places=4)}%"


def weight_of(weights: dict, payee: Payee) -> Fraction:
    raw = (weights or {}).get(payee.key)
    if not raw:
        return Fraction(0)
    return Fraction(raw)
