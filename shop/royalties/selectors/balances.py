"""Balances: available and held amounts per payee, settlement lines paid and outstanding."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from shop.royalties.models import (
    RoyaltyEntry,
    RoyaltyPeriod,
    RoyaltySettlementLine,
)
from shop.royalties.selectors.payees import payee_filter
from shop.royalties.split import Payee


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
    """Entries still in the return window at ``at``. The window counts from delivery: a sale is payable
    ``ROYALTY_RETURN_WINDOW_DAYS`` after its order was delivered (``delivered_at``: the last parcel
    arrived, confirmed by the customer or staff). An order shipped in full that nobody confirmed counts as
    delivered ``ORDER_AUTO_DELIVERED_DAYS`` after ``fulfilled_at`` (as the beat task will mark it), so a
    late task run never holds money longer. Entries of orders not shipped in full stay held."""
    window_start = (at or timezone.now()) - datetime.timedelta(days=settings.ROYALTY_RETURN_WINDOW_DAYS)
    deemed_start = window_start - datetime.timedelta(days=settings.ORDER_AUTO_DELIVERED_DAYS)
    order = "order_line__order__"
    return Q(order_line__isnull=False) & (
        Q(**{f"{order}delivered_at__gt": window_start})
        | Q(**{f"{order}delivered_at__isnull": True, f"{order}fulfilled_at__isnull": True})
        | Q(**{f"{order}delivered_at__isnull": True, f"{order}fulfilled_at__gt": deemed_start})
    )


def payee_balance(*, payee: Payee, currency: str, at: datetime.datetime | None = None) -> Balance:
    """What the ledger owes ``payee`` in ``currency``; earnings (and their reversals) still in the return
    window after delivery (``held_filter``) are pending, the rest available.
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
