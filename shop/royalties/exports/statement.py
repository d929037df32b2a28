"""What every statement document shows: the payee, the period, the summary and the rows of its lines."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from shop.core.money import Money
from shop.royalties.models import RoyaltyStatement
from shop.royalties.periods import period_label, period_zone
from shop.royalties.selectors import (
    licence_relic_names,
    payee_name,
    statement_line_quantity,
    statement_line_rate,
    statement_lines,
    statement_list,
)
from shop.royalties.split import Payee

CHUNK = 2000
STREAM_BLOCK = 64 * 1024

HEADERS = [
    "Order 订单号",
    "Date 日期",
    "Type 类型",
    "SKU 货号",
    "Product 商品",
    "Relic(s) 文物",
    "Quantity 数量",
    "Net sales 净销售额",
    "Rate 比例",
    "Amount 金额",
    "Currency 币种",
    "Reference 备注",
]
KIND_LABELS = {
    "sale": "Royalty 版税",
    "refund": "Reversal 退款冲回",
    "chargeback": "Chargeback 拒付冲回",
    "adjustment": "Adjustment 调整",
    "payout": "Payout 付款",
}
SUMMARY = [
    ("Opening balance 期初余额", "opening_minor"),
    ("Royalties 版税收入", "royalties_minor"),
    ("Reversals 退款冲回", "reversals_minor"),
    ("Adjustments 调整", "adjustments_minor"),
    ("Payouts 已付款", "payouts_minor"),
    ("Closing balance 期末余额", "closing_minor"),
]


@dataclass(frozen=True, slots=True)
class StatementExport:
    """What an export needs: the payee, the month and its statement (final, or provisional if still open)."""

    payee: Payee
    period: datetime.date
    statement: RoyaltyStatement
    # Looked up when not given; a ZIP of the whole month loads them once for every statement.
    payee_label: str = ""
    relic_names: dict[int, str] | None = None

    @property
    def currency(self) -> str:
        return self.statement.currency

    @property
    def is_final(self) -> bool:
        return self.statement.pk is not None

    @property
    def status(self) -> str:
        return "Final 已结算" if self.is_final else "Provisional 未结算"

    @property
    def name(self) -> str:
        return self.payee_label or payee_name(self.payee)

    def filename(self, extension: str) -> str:
        return f"royalty-statement-{period_label(self.period)}-{self.payee.key}.{extension}"


def statement_export_for(*, period: datetime.date, payee: Payee) -> StatementExport:
    """The payee's statement for the month (an empty one when it had no balance and no activity)."""
    statements = statement_list(period=period, payees=[payee])
    if statements:
        statement = statements[0]
    else:
        statement = RoyaltyStatement(
            period=period,
            payee_key=payee.key,
            currency=settings.SHOP_CURRENCY,
            opening_minor=0,
            royalties_minor=0,
            reversals_minor=0,
            adjustments_minor=0,
            payouts_minor=0,
            closing_minor=0,
            line_count=0,
        )
    return StatementExport(payee=payee, period=period, statement=statement)


def _decimal(minor: int | None, currency: str) -> Decimal | None:
    return None if minor is None else Money.from_minor(minor, currency).amount


def _rows(export: StatementExport) -> Iterator[list]:
    """The statement's lines as typed values (Decimal amounts, ints, local dates), oldest first."""
    relics = export.relic_names if export.relic_names is not None else licence_relic_names()
    zone = period_zone()
    lines = statement_lines(period=export.period, payee=export.payee, currency=export.currency)
    for row in lines.iterator(chunk_size=CHUNK):
        negative = row["amount_minor"] < 0
        product = f"{row['order_line__product_name_en'] or ''} {row['order_line__product_name_zh'] or ''}".strip()
        base = row["base_minor"]
        yield [
            row["order_line__order__number"] or "",
            timezone.localtime(row["occurred_at"], zone).date(),
            KIND_LABELS[row["refund__kind"] if row["refund__kind"] == "chargeback" else row["kind"]],
            row["order_line__sku"] or "",
            product,
            "; ".join(relics.get(i, str(i)) for i in row["licence_ids"] or []),
            statement_line_quantity(row),
            _decimal(None if base is None else (-base if negative else base), row["currency"]),
            statement_line_rate(row) or "",
            _decimal(row["amount_minor"], row["currency"]),
            row["currency"],
            row["reference"] or row["memo"] or "",
        ]


def _summary(export: StatementExport) -> list[tuple[str, Decimal]]:
    return [(label, _decimal(getattr(export.statement, field), export.currency)) for label, field in SUMMARY]


def _title_rows(export: StatementExport) -> list[list[str]]:
    return [
        ["Royalty statement 版税结算单", period_label(export.period), export.status],
        ["Payee 收款方", export.name, export.payee.key],
    ]


def _stream_file(handle) -> Iterator[bytes]:
    handle.seek(0)
    try:
        while block := handle.read(STREAM_BLOCK):
            yield block
    finally:
        handle.close()
