"""Reports for the finance dashboard."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, Max, Sum

from shop.collection.models import Licence
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


EARNINGS = (EntryKind.SALE, EntryKind.REFUND, EntryKind.ADJUSTMENT)


def top_products(*, period: datetime.date, limit: int = 10) -> list[dict]:
    """The products whose sales earned the museums and designers most in ``period`` (net of the month's
    reversals and late items), one row per product whatever its variants: ``product_id`` (None for a line whose
    variant is gone), names as sold, ``lines`` and ``total`` (minor units). One query."""
    rows = (
        RoyaltyEntry.objects.filter(period=period, kind__in=EARNINGS, order_line__isnull=False)
        .exclude(payee_type=PayeeType.PLATFORM)
        .values("order_line__variant__product_id", "currency")
        .annotate(
            total=Sum("amount_minor"),
            lines=Count("order_line_id", distinct=True),
            name_en=Max("order_line__product_name_en"),
            name_zh=Max("order_line__product_name_zh"),
            slug=Max("order_line__variant__product__slug"),
        )
        .order_by("-total", "order_line__variant__product_id")[:limit]
    )
    return [{**row, "product_id": row.pop("order_line__variant__product_id")} for row in rows]


def top_relics(*, period: datetime.date, limit: int = 10) -> list[dict]:
    """The relics whose licensed designs earned the museums and designers most in ``period``: each line's
    royalties count for every relic it used. ``slug``, ``name_en``, ``name_zh``, ``museum_en``, ``museum_zh``,
    ``total`` (minor units), ``currency``. Two queries (the period's sums per licence set, the relics)."""
    groups = list(
        RoyaltyEntry.objects.filter(period=period, kind__in=EARNINGS, order_line__isnull=False)
        .exclude(payee_type=PayeeType.PLATFORM)
        .values_list("licence_ids", "currency")
        .annotate(total=Sum("amount_minor"))
        .order_by()
    )
    relics = {
        licence_id: relic
        for licence_id, *relic in Licence.objects.filter(
            pk__in={licence_id for licence_ids, _, _ in groups for licence_id in licence_ids or []}
        ).values_list(
            "id", "relic__slug", "relic__name_en", "relic__name_zh", "relic__museum__name_en", "relic__museum__name_zh"
        )
    }
    sums: dict[tuple[str, str], int] = {}
    for licence_ids, currency, total in groups:
        for slug in {relics[i][0] for i in licence_ids or [] if i in relics}:  # a relic counts once per line
            sums[(slug, currency)] = sums.get((slug, currency), 0) + total
    details = {relic[0]: relic for relic in relics.values()}
    ranked = sorted(sums.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [
        {
            "slug": slug,
            "name_en": details[slug][1],
            "name_zh": details[slug][2],
            "museum_en": details[slug][3],
            "museum_zh": details[slug][4],
            "currency": currency,
            "total": total,
        }
        for (slug, currency), total in ranked
    ]
