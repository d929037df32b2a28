"""Reports for the finance dashboard."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Sum

from shop.royalties.models import (
    EntryKind,
    PayeeType,
    RoyaltyEntry,
)
from shop.royalties.periods import period_current, period_previous


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
