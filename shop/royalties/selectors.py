"""Reads of the royalty ledger: balances, statement totals (SQL aggregates), statement lines, access.

Public surface: other apps call the royalties app through this module (reads) and ``services`` (writes and
business rules); besides those they use only its models, error codes and GraphQL types.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from shop.accounts.permissions import user_has_role
from shop.accounts.roles import Role
from shop.collection.models import Licence, Museum, MuseumStaff
from shop.core.money import Money, round_half_up_to
from shop.orders.models import OrderLine, OrderStatus, Refund, RefundLine
from shop.payments.gateways import event_object
from shop.payments.models import Payment, PaymentEvent
from shop.royalties.models import (
    EntryKind,
    PayeeFields,
    PayeeType,
    RoyaltyEntry,
    RoyaltyPeriod,
    RoyaltySettlementLine,
    RoyaltyStatement,
)
from shop.royalties.periods import period_bounds, period_current, period_previous
from shop.royalties.split import DESIGNER, MUSEUM, Payee, line_base

PAID_STATUSES = (
    OrderStatus.PAID,
    OrderStatus.FULFILLED,
    OrderStatus.PARTIALLY_REFUNDED,
    OrderStatus.REFUNDED,
)
_GROUP = ("payee_type", "museum_id", "designer_id", "currency")
# Museums first, then designers, then the platform: the split rule's tie order, which finance reads by.
PAYEE_ORDER = Case(
    When(payee_type=PayeeType.MUSEUM, then=Value(0)),
    When(payee_type=PayeeType.DESIGNER, then=Value(1)),
    default=Value(2),
)


def payee_filter(payee: Payee, prefix: str = "") -> Q:
    return Q(**{f"{prefix}{k}": v for k, v in PayeeFields.payee_columns(payee).items()})


def payees_filter(payees: list[Payee]) -> Q:
    """Entries (or statements) of any of ``payees``; an empty list matches nothing."""
    scope = Q(pk__in=[])
    for payee in payees:
        scope |= payee_filter(payee)
    return scope


def payee_from_row(row: dict) -> Payee:
    return Payee(row["payee_type"], row.get("museum_id") or row.get("designer_id"))


def payee_name(payee: Payee) -> str:
    """A display name: the museum's English name, the designer's display name, or the platform."""
    from shop.accounts.models import User

    if payee.kind == MUSEUM:
        museum = Museum.objects.filter(pk=payee.id).first()
        return f"{museum.name_en} {museum.name_zh}" if museum else payee.key
    if payee.kind == DESIGNER:
        user = User.objects.filter(pk=payee.id).first()
        return str(user) if user else payee.key
    return "Bashu Creative platform 巴蜀文创平台"


def payee_names(payees) -> dict[Payee, str]:
    """``payee_name`` for many payees in two queries (pages list dozens of payees)."""
    from shop.accounts.models import User

    payees = set(payees)
    museums = {
        museum.pk: f"{museum.name_en} {museum.name_zh}"
        for museum in Museum.objects.filter(pk__in=[p.id for p in payees if p.kind == MUSEUM])
    }
    designers = {
        user.pk: str(user) for user in User.objects.filter(pk__in=[p.id for p in payees if p.kind == DESIGNER])
    }
    names = {}
    for payee in payees:
        found = museums if payee.kind == MUSEUM else designers if payee.kind == DESIGNER else None
        names[payee] = payee_name(payee) if found is None else found.get(payee.id, payee.key)
    return names


def payee_exists(payee: Payee) -> bool:
    from shop.accounts.models import User

    if payee.kind == MUSEUM:
        return Museum.objects.filter(pk=payee.id).exists()
    if payee.kind == DESIGNER:
        return User.objects.filter(pk=payee.id).exists()
    return True


def payees_visible_to(user) -> list[Payee] | None:
    """The payees whose statements ``user`` may see: ``None`` means all (finance); may be empty."""
    if user_has_role(user, Role.FINANCE):
        return None
    payees: list[Payee] = []
    if user_has_role(user, Role.MUSEUM_STAFF):
        staff = MuseumStaff.objects.filter(user_id=user.pk).first()
        if staff is not None:
            payees.append(Payee(MUSEUM, staff.museum_id))
    if user_has_role(user, Role.DESIGNER):
        payees.append(Payee(DESIGNER, user.pk))
    return payees


def period_last_closed() -> datetime.date | None:
    return RoyaltyPeriod.objects.aggregate(last=Max("period"))["last"]


@dataclass(frozen=True, slots=True)
class Balance:
    currency: str
    total_minor: int
    pending_minor: int

    @property
    def available_minor(self) -> int:
        return self.total_minor - self.pending_minor


def held_filter(at: datetime.datetime | None = None) -> Q:
    """Entries still in the return window at ``at``: their order is not fulfilled, or was fulfilled less
    than ``ROYALTY_RETURN_WINDOW_DAYS`` ago."""
    window_start = (at or timezone.now()) - datetime.timedelta(days=settings.ROYALTY_RETURN_WINDOW_DAYS)
    return Q(order_line__isnull=False) & (
        Q(order_line__order__fulfilled_at__isnull=True) | Q(order_line__order__fulfilled_at__gt=window_start)
    )


def payee_balance(*, payee: Payee, currency: str, at: datetime.datetime | None = None) -> Balance:
    """What the ledger owes ``payee`` in ``currency``; earnings (and their reversals) on orders not yet
    fulfilled, or fulfilled less than ``ROYALTY_RETURN_WINDOW_DAYS`` ago, are pending, the rest available.
    Payouts and late reversals count at once, so a chargeback nets against later earnings."""
    totals = RoyaltyEntry.objects.filter(payee_filter(payee), currency=currency).aggregate(
        total=Coalesce(Sum("amount_minor"), 0), pending=Coalesce(Sum("amount_minor", filter=held_filter(at)), 0)
    )
    return Balance(currency=currency, total_minor=totals["total"], pending_minor=totals["pending"])


def settlement_lines_paid(qs: QuerySet | None = None) -> QuerySet:
    """Settlement lines annotated with ``paid_minor``: what the payouts recorded against each line add up to."""
    qs = RoyaltySettlementLine.objects.all() if qs is None else qs
    return qs.annotate(paid_minor=Coalesce(-Sum("payouts__amount_minor"), 0))


def settlement_lines_outstanding(*, payee: Payee, currency: str) -> list[RoyaltySettlementLine]:
    """The payee's issued settlement lines not yet fully paid, oldest settlement first."""
    lines = settlement_lines_paid(RoyaltySettlementLine.objects.filter(payee_filter(payee), currency=currency))
    return [
        line
        for line in lines.select_related("settlement").order_by("settlement__period", "id")
        if line.paid_minor < line.amount_minor
    ]


def payee_currencies(payee: Payee) -> set[str]:
    return set(RoyaltyEntry.objects.filter(payee_filter(payee)).values_list("currency", flat=True).distinct())


def statement_totals(*, period: datetime.date, payees: list[Payee] | None = None) -> list[RoyaltyStatement]:
    """Unsaved statements for ``period`` (one per payee and currency with a balance or activity), every total
    a SQL aggregate: opening = Σ entries of earlier periods; royalties, reversals, adjustments, payouts = Σ of
    the period's entries by kind; closing = opening + all four."""
    if payees is not None and not payees:
        return []
    scope = Q() if payees is None else payees_filter(payees)
    base = RoyaltyEntry.objects.filter(scope).order_by()
    opening = {
        tuple(row[k] for k in _GROUP): row["total"]
        for row in base.filter(period__lt=period).values(*_GROUP).annotate(total=Sum("amount_minor"))
    }

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


def _refunded_quantity() -> Subquery:
    return Subquery(
        RefundLine.objects.filter(refund_id=OuterRef("refund_id"), order_line_id=OuterRef("order_line_id"))
        .values("refund_id")
        .annotate(total=Sum("quantity"))
        .values("total")[:1],
        output_field=IntegerField(),
    )


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
)


def statement_lines(*, period: datetime.date, payee: Payee, currency: str | None = None) -> QuerySet:
    """The entries behind a statement, as dicts (``STATEMENT_LINE_FIELDS``), oldest first. Iterate with
    ``.iterator(chunk_size=...)``: a million-line statement is never held in memory."""
    qs = RoyaltyEntry.objects.filter(payee_filter(payee), period=period)
    if currency:
        qs = qs.filter(currency=currency)
    return (
        qs.annotate(refunded_quantity=Coalesce(_refunded_quantity(), Value(0)), payee_key=Value(payee.key))
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


@dataclass(frozen=True, slots=True)
class ReconciliationBreak:
    check: str
    message: str
    order_number: str = ""
    reference: str = ""  # the transfer a payout break is about


def reconciliation_breaks(*, period: datetime.date) -> list[ReconciliationBreak]:
    """Every way the ledger disagrees with the orders and statements of ``period`` (listed, never fixed):
    a paid line without sale entries; a line whose entries do not sum to its base; a refund without
    reversals; a frozen statement whose totals differ from the ledger; a payout without a reference; a
    line of the period's bank settlement not paid exactly by the payouts recorded against it; a bank payout
    booked in the period that pays no settlement line; a lost card dispute the shop could not book as a
    chargeback. (Stripe payouts: ``payouts.stripe_transfer_breaks``.)"""
    start, end = period_bounds(period)
    breaks: list[ReconciliationBreak] = []
    sales = RoyaltyEntry.objects.filter(order_line=OuterRef("pk"), idempotency_key__startswith="sale:")
    missing = (
        OrderLine.objects.filter(order__paid_at__gte=start, order__paid_at__lt=end, order__status__in=PAID_STATUSES)
        .filter(~Exists(sales))
        .values_list("order__number", "id")
    )
    for number, line_id in missing.iterator(chunk_size=2000):
        breaks.append(ReconciliationBreak("missing_entries", f"Paid line {line_id} has no royalty entries.", number))
    sums = (
        RoyaltyEntry.objects.filter(
            idempotency_key__startswith="sale:",
            order_line__order__paid_at__gte=start,
            order_line__order__paid_at__lt=end,
        )
        .values(
            "order_line_id",
            "order_line__order__number",
            "order_line__total_amount",
            "order_line__vat_rate_bp",
            "currency",
        )
        .annotate(total=Sum("amount_minor"), base=Max("base_minor"))
        .order_by()
    )
    for row in sums.iterator(chunk_size=2000):
        gross = Money(row["order_line__total_amount"], row.get("currency") or settings.SHOP_CURRENCY).minor
        expected = line_base(total_minor=gross, vat_rate_bp=row["order_line__vat_rate_bp"])
        if row["total"] != row["base"] or row["base"] != expected:
            breaks.append(
                ReconciliationBreak(
                    "sum_differs",
                    f"Line {row['order_line_id']}: entries sum to {row['total']}, base is {expected}.",
                    row["order_line__order__number"],
                )
            )
    reversals = RoyaltyEntry.objects.filter(refund=OuterRef("pk"))
    for number, refund_id in (
        Refund.objects.filter(created_at__gte=start, created_at__lt=end, order__paid_at__isnull=False)
        .filter(~Exists(reversals))
        .values_list("order__number", "id")
    ):
        breaks.append(ReconciliationBreak("missing_reversals", f"Refund {refund_id} has no reversals.", number))
    if RoyaltyPeriod.objects.filter(period=period).exists():
        expected_totals = {(s.payee_key, s.currency): s for s in statement_totals(period=period)}
        stored = {(s.payee_key, s.currency): s for s in RoyaltyStatement.objects.filter(period=period)}
        fields = ("opening_minor", "royalties_minor", "reversals_minor", "adjustments_minor", "payouts_minor")
        for key in sorted(set(expected_totals) | set(stored)):
            a, b = expected_totals.get(key), stored.get(key)
            if a is None or b is None or any(getattr(a, f) != getattr(b, f) for f in fields):
                breaks.append(
                    ReconciliationBreak("statement_differs", f"Statement {key[0]} {key[1]} differs from the ledger.")
                )
    for entry_id, key in RoyaltyEntry.objects.filter(kind=EntryKind.PAYOUT, period=period, reference="").values_list(
        "id", "idempotency_key"
    ):
        breaks.append(ReconciliationBreak("payout_unreferenced", f"Payout entry {entry_id} ({key}) has no reference."))
    for line in settlement_lines_paid(RoyaltySettlementLine.objects.filter(settlement__period=period)).order_by("id"):
        if line.paid_minor != line.amount_minor:
            check = "settlement_outstanding" if line.paid_minor < line.amount_minor else "settlement_overpaid"
            breaks.append(
                ReconciliationBreak(
                    check,
                    f"Settlement {period:%Y-%m} asks {Money.from_minor(line.amount_minor, line.currency)} for "
                    f"{line.payee}; payouts recorded against it: {Money.from_minor(line.paid_minor, line.currency)}.",
                )
            )
    breaks += _chargebacks_unbooked(start, end)
    unsettled = RoyaltyEntry.objects.filter(
        kind=EntryKind.PAYOUT, period=period, transfer_group="", settlement_line__isnull=True
    ).order_by("id")
    for entry in unsettled:
        breaks.append(
            ReconciliationBreak(
                "payout_unsettled",
                f"Bank payout {entry.id} of {Money.from_minor(-entry.amount_minor, entry.currency)} to {entry.payee} "
                f"({entry.reference}) pays no outstanding settlement line.",
                reference=entry.reference,
            )
        )
    return breaks


def _chargebacks_unbooked(start: datetime.datetime, end: datetime.datetime) -> list[ReconciliationBreak]:
    """Lost disputes received in [start, end) with no chargeback refund: their royalties were never reversed."""
    disputes = [
        event_object(event.payload) or {}
        for event in PaymentEvent.objects.filter(
            type="charge.dispute.closed", received_at__gte=start, received_at__lt=end
        ).order_by("id")
    ]
    lost = [dispute for dispute in disputes if dispute.get("status") == "lost"]
    if not lost:
        return []
    booked = set(
        Refund.objects.filter(idempotency_key__in=[f"chargeback:{d.get('id')}" for d in lost]).values_list(
            "idempotency_key", flat=True
        )
    )
    numbers = dict(
        Payment.objects.filter(intent_id__in=[d.get("payment_intent") for d in lost]).values_list(
            "intent_id", "order__number"
        )
    )
    return [
        ReconciliationBreak(
            "chargeback_unbooked",
            f"Dispute {dispute.get('id')} was lost ({dispute.get('amount')} {str(dispute.get('currency')).upper()} "
            "in minor units) but is not booked as a chargeback: its royalties are not reversed.",
            numbers.get(dispute.get("payment_intent"), ""),
            reference=str(dispute.get("id")),
        )
        for dispute in lost
        if f"chargeback:{dispute.get('id')}" not in booked
    ]


def royalty_totals_by_month(*, payee_type: str, months: int = 12) -> list[dict]:
    """Σ royalties net of reversals per payee per month over the last ``months`` months (the current one
    included), in the shop's currency, for the dashboard charts; SQL-aggregated."""
    columns = {PayeeType.MUSEUM: "museum_id", PayeeType.DESIGNER: "designer_id", PayeeType.PLATFORM: "payee_type"}
    first = period_current()
    for _ in range(months - 1):
        first = period_previous(first)
    return list(
        RoyaltyEntry.objects.filter(
            payee_type=payee_type,
            kind__in=[EntryKind.SALE, EntryKind.REFUND, EntryKind.ADJUSTMENT],
            currency=settings.SHOP_CURRENCY,
            period__gte=first,
        )
        .values("period", columns[payee_type])
        .annotate(total=Sum("amount_minor"))
        .order_by("period")
    )
