"""The auditor's half of the provenance chain: relic → licence → design → order line → ledger entry → statement
line, readable in both directions with a fixed number of queries whatever the number of entries or lines.

The terms shown for a sale are the order line's snapshot (what the split used): the licences with their
weights, museum rates and licensor shares at the time of sale, and the designer's rate. The licence's and
the design's current terms are shown beside them, so a change since is visible.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Q, QuerySet, Sum

from shop.catalog.models import Design, DesignLicenceUsage, Product
from shop.collection.models import Licence, Relic
from shop.core.money import Money
from shop.orders.models import OrderLine, RefundLine
from shop.royalties.line_types import line_type
from shop.royalties.models import RoyaltyEntry, RoyaltyPeriod
from shop.royalties.selectors.payees import payee_filter, payee_names, payees_filter
from shop.royalties.split import DESIGNER, MUSEUM, Payee, SplitError, line_base, payee_weights


@dataclass(frozen=True, slots=True)
class ShareAtSale:
    museum_id: int
    name: str
    share_bp: int


@dataclass(frozen=True, slots=True)
class UsageAtSale:
    """One licence a sold line used, as the line's snapshot recorded it, and the licence as it is now."""

    licence_id: int
    licence: Licence | None  # with its relic, the relic's museum and today's shares
    weight_bp: int
    museum_rate_bp: int
    shares: list[ShareAtSale]


@dataclass(frozen=True, slots=True)
class EntryOnLine:
    entry: RoyaltyEntry  # with its refund
    payee: Payee
    payee_label: str
    type_code: str
    units: int | None  # units the entry's refund took from the line
    remainder: bool  # the refund completed the line: it reverses exactly what remains
    rate: Fraction | None
    final: bool  # its statement (period, payee) is frozen


@dataclass
class OrderLineAudit:
    line: OrderLine  # with its order
    base_minor: int | None
    designer: Payee | None
    designer_label: str
    designer_rate_bp: int
    design: Design | None  # as it is now, with its designer
    agreement: object | None  # the incubator's agreement of the design, when there is one
    product: Product | None
    usages: list[UsageAtSale]
    entries: list[EntryOnLine] = field(default_factory=list)


def _agreement_relation() -> str | None:
    """Designs have an agreement when the incubator is installed (it owns the model; the shop never imports
    it, and reads it through the design's reverse relation only when that exists)."""
    return "agreement" if any(rel.name == "agreement" for rel in Design._meta.related_objects) else None


def order_line_audit(*, order_line_id: int, payees: list[Payee] | None) -> OrderLineAudit | None:
    """Everything behind a sold line, and every entry it produced for ``payees`` (None: every payee) with the
    statement each is on. None when the line does not exist or none of its entries is one of ``payees``'s.
    Eight queries, however many entries, refunds and licences."""
    line = OrderLine.objects.select_related("order", "variant__product").filter(pk=order_line_id).first()
    if line is None:
        return None
    entries = RoyaltyEntry.objects.filter(order_line_id=line.pk).select_related("refund").order_by("id")
    if payees is not None:
        entries = entries.filter(payees_filter(payees))
    entries = list(entries)
    if payees is not None and not entries:
        return None
    snapshot = line.royalty_snapshot or {}
    usages_raw = snapshot.get("usages", [])
    licence_ids = [usage.get("licence_id") for usage in usages_raw]
    licences = Licence.objects.select_related("relic__museum").prefetch_related("shares__museum")
    licences_by_id = {licence.pk: licence for licence in licences.filter(pk__in=licence_ids)}
    designer_id = snapshot.get("designer_id")
    designer = Payee(DESIGNER, designer_id) if designer_id else None
    museum_ids = {share[0] for usage in usages_raw for share in usage.get("shares", [])}
    names = payee_names(
        [entry.payee for entry in entries] + [Payee(MUSEUM, i) for i in museum_ids] + ([designer] if designer else [])
    )
    relation = _agreement_relation()
    design_id = snapshot.get("design_id") or line.design_id_snapshot
    designs = Design.objects.select_related("designer", *([relation] if relation else []))
    design = designs.filter(pk=design_id).first()
    units_by_refund: dict[int, int] = {}
    for refund_id, units in (
        RefundLine.objects.filter(order_line_id=line.pk)
        .values("refund_id")
        .annotate(units=Sum("quantity"))
        .values_list("refund_id", "units")
        .order_by("refund_id")
    ):
        units_by_refund[refund_id] = units
    closed = set(
        RoyaltyPeriod.objects.filter(period__in={entry.period for entry in entries}).values_list("period", flat=True)
    )
    try:
        weights = payee_weights(snapshot)
        base = line_base(total_minor=Money(line.total_amount, line.currency).minor, vat_rate_bp=line.vat_rate_bp)
    except SplitError:
        weights, base = {}, None
    audit = OrderLineAudit(
        line=line,
        base_minor=base,
        designer=designer,
        designer_label=names.get(designer, "") if designer else "",
        designer_rate_bp=int(snapshot.get("designer_rate_bp") or 0),
        design=design,
        agreement=getattr(design, relation, None) if (design is not None and relation) else None,
        product=line.variant.product if line.variant_id else None,
        usages=[
            UsageAtSale(
                licence_id=usage.get("licence_id"),
                licence=licences_by_id.get(usage.get("licence_id")),
                weight_bp=usage.get("weight_bp", 0),
                museum_rate_bp=usage.get("museum_rate_bp", 0),
                shares=[
                    ShareAtSale(museum_id, names.get(Payee(MUSEUM, museum_id), f"museum-{museum_id}"), share_bp)
                    for museum_id, share_bp in usage.get("shares", [])
                ],
            )
            for usage in usages_raw
        ],
    )
    for entry in entries:
        through = sum(units for refund_id, units in units_by_refund.items() if refund_id <= (entry.refund_id or 0))
        audit.entries.append(
            EntryOnLine(
                entry=entry,
                payee=entry.payee,
                payee_label=names.get(entry.payee, entry.payee.key),
                type_code=line_type(entry.kind, entry.refund.kind if entry.refund else None, True),
                units=units_by_refund.get(entry.refund_id) if entry.refund_id else None,
                remainder=bool(entry.refund_id) and through >= line.quantity,
                rate=weights.get(entry.payee),
                final=entry.period in closed,
            )
        )
    return audit


def _designs_using(relic: Relic) -> QuerySet:
    return DesignLicenceUsage.objects.filter(licence__relic=relic).values("design_id")


def relic_audit(*, slug: str) -> Relic | None:
    """The relic with its museum, its licences (today's shares and museums) and the designs using them
    (with their designer and products): four queries."""
    relic = Relic.objects.select_related("museum").filter(slug=slug).first()
    if relic is None:
        return None
    relic.audit_licences = list(
        Licence.objects.filter(relic=relic).prefetch_related("shares__museum").order_by("valid_from", "reference")
    )
    relic.audit_designs = list(
        Design.objects.filter(pk__in=_designs_using(relic))
        .select_related("designer")
        .prefetch_related("products")
        .order_by("id")
    )
    return relic


def _payees_q(payees: list[Payee], prefix: str) -> Q:
    scope = Q(pk__in=[])
    for payee in payees:
        scope |= payee_filter(payee, prefix=prefix)
    return scope


def relic_order_lines(*, relic: Relic, payees: list[Payee] | None) -> QuerySet:
    """Sold lines of designs made from ``relic`` that paid one of ``payees`` (None: anyone), newest first,
    each annotated with ``earned_minor``: what they earned those payees (the museums and designers when
    None), net of reversals."""
    paid = RoyaltyEntry.objects.all() if payees is None else RoyaltyEntry.objects.filter(payees_filter(payees))
    lines = OrderLine.objects.filter(design_id_snapshot__in=_designs_using(relic), pk__in=paid.values("order_line_id"))
    earned = ~Q(royalty_entries__kind="payout")
    if payees is None:
        earned &= ~Q(royalty_entries__payee_type="platform")
    else:
        earned &= _payees_q(payees, "royalty_entries__")
    return (
        lines.select_related("order")
        .annotate(earned_minor=Sum("royalty_entries__amount_minor", filter=earned))
        .order_by("-order__paid_at", "-id")
    )


def statement_entry_position(*, period: datetime.date, payee: Payee, currency: str, entry_id: int) -> int | None:
    """How many of the statement's lines come before entry ``entry_id`` (None when it is not on it): which page
    of the statement shows it."""
    entries = RoyaltyEntry.objects.filter(payee_filter(payee), period=period, currency=currency)
    if not entries.filter(pk=entry_id).exists():
        return None
    return entries.filter(pk__lt=entry_id).count()
