"""Reconciliation: every break between orders, payments, refunds and the ledger in a month."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Sum

from shop.core.money import Money
from shop.orders.models import OrderLine, Refund
from shop.payments.gateways import event_object
from shop.payments.models import Payment, PaymentEvent
from shop.royalties.models import (
    EntryKind,
    RoyaltyEntry,
    RoyaltyPeriod,
    RoyaltyReconciliation,
    RoyaltySettlementLine,
    RoyaltyStatement,
)
from shop.royalties.periods import period_bounds
from shop.royalties.selectors.balances import settlement_lines_paid
from shop.royalties.selectors.payees import PAID_STATUSES, payee_names
from shop.royalties.selectors.statements import statement_totals
from shop.royalties.split import line_base


@dataclass(frozen=True, slots=True)
class ReconciliationBreak:
    check: str
    message: str
    order_number: str = ""
    reference: str = ""  # the transfer a payout break is about


def reconciliation_last_run(*, period: datetime.date) -> RoyaltyReconciliation | None:
    """The latest recorded reconciliation of ``period`` (daily beat or finance's "Check now"): the one state
    every finance page shows."""
    return RoyaltyReconciliation.objects.filter(period=period).order_by("-ran_at", "-id").first()


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
        expected_totals = {(s.payee_key, s.currency): s for s in statement_totals(period=period, carry_forward=False)}
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
    lines = list(settlement_lines_paid(RoyaltySettlementLine.objects.filter(settlement__period=period)).order_by("id"))
    unsettled = list(
        RoyaltyEntry.objects.filter(
            kind=EntryKind.PAYOUT, period=period, transfer_group="", settlement_line__isnull=True
        ).order_by("id")
    )
    names = payee_names([line.payee for line in lines] + [entry.payee for entry in unsettled])
    for line in lines:
        if line.paid_minor != line.amount_minor:
            check = "settlement_outstanding" if line.paid_minor < line.amount_minor else "settlement_overpaid"
            breaks.append(
                ReconciliationBreak(
                    check,
                    f"Settlement {period:%Y-%m} asks {Money.from_minor(line.amount_minor, line.currency)} for "
                    f"{names[line.payee]}; payouts recorded against it: "
                    f"{Money.from_minor(line.paid_minor, line.currency)}.",
                )
            )
    breaks += _chargebacks_unbooked(start, end)
    for entry in unsettled:
        breaks.append(
            ReconciliationBreak(
                "payout_unsettled",
                f"Bank payout {entry.id} of {Money.from_minor(-entry.amount_minor, entry.currency)} to "
                f"{names[entry.payee]} "
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
