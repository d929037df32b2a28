"""What a statement line is, in the domain's words: a sale, a reversal, a chargeback, a late sale / refund /
chargeback (an event dated into a month already closed, booked into the first open one), an adjustment or a
payout. Each type has an English and a Chinese name: documents show both, pages the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shop.royalties.models import EntryKind

LINE_TYPE_NAMES = {
    "sale": ("Sale", "销售"),
    "reversal": ("Reversal", "退款冲回"),
    "chargeback": ("Chargeback", "拒付冲回"),
    "late_sale": ("Late sale", "补记销售"),
    "late_refund": ("Late refund", "补记退款"),
    "late_chargeback": ("Late chargeback", "补记拒付"),
    "adjustment": ("Adjustment", "调整"),
    "payout": ("Payout", "付款"),
}
# The same names for pages, translated by gettext (django.po holds the Chinese above).
PAGE_LABELS = {
    "sale": _("Sale"),
    "reversal": _("Reversal"),
    "chargeback": _("Chargeback"),
    "late_sale": _("Late sale"),
    "late_refund": _("Late refund"),
    "late_chargeback": _("Late chargeback"),
    "adjustment": _("Adjustment"),
    "payout": _("Payout"),
}
DOCUMENT_LABELS = {code: f"{en} {zh}" for code, (en, zh) in LINE_TYPE_NAMES.items()}
KIND_TYPES = {
    EntryKind.SALE: "sale",
    EntryKind.REFUND: "reversal",
    EntryKind.ADJUSTMENT: "adjustment",
    EntryKind.PAYOUT: "payout",
}
_SPECIAL = {
    (EntryKind.REFUND, "chargeback", True): "chargeback",
    (EntryKind.ADJUSTMENT, None, True): "late_sale",
    (EntryKind.ADJUSTMENT, "refund", True): "late_refund",
    (EntryKind.ADJUSTMENT, "chargeback", True): "late_chargeback",
}


def line_type(kind: str, refund_kind: str | None, has_order_line: bool) -> str:
    """The type code of an entry: its kind, told apart by its refund's kind and whether it is a late item."""
    return _SPECIAL.get((kind, refund_kind, has_order_line)) or KIND_TYPES[kind]
