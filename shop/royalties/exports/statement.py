"""What every statement document shows: the payee, the period, the summary, the lines and their totals.

Documents are bilingual (English and Chinese side by side) whatever the reader's language: a museum files
them, an auditor reads them, a designer's accountant in either language checks them. The pages around
them follow the reader's language.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from shop.royalties.exports.lines import (
    ADJUSTMENT,
    PAYOUT,
    REVERSAL,
    SALE,
    StatementLine,
    StatementLineReader,
)
from shop.royalties.models import RoyaltyStatement
from shop.royalties.periods import period_label, period_zone
from shop.royalties.selectors import licence_relic_names, payee_currencies, payee_filter, payee_name
from shop.royalties.selectors.statement_rows import statement_row_chunks, statement_rows, statement_snapshot
from shop.royalties.split import Payee

CHUNK = 5000
STREAM_BLOCK = 64 * 1024
PROGRAMME = "Bashu Creative 巴蜀文创 · Two Cities, Two Museums 两城两馆"

HEADERS = [
    "Order 订单号",
    "Date 日期",
    "Type 类型",
    "Corrects 更正期间",
    "SKU 货号",
    "Product 商品",
    "Relic(s) 文物",
    "Quantity 数量",
    "Net sales 净销售额",
    "Rate 比例",
    "Amount 金额",
    "Currency 币种",
    "Note 说明",
]

FOOTNOTE = (
    "Each amount is the payee's share of the line's net sales (VAT excluded) rounded to the fen with the other "
    "payees' shares by the largest-remainder method, so it may differ from net × rate by one fen; the last "
    "refund of a line reverses exactly what remains of it. "
    "金额为收款方按比例分得的净销售额（不含增值税），各方按最大余额法取整至分，故可能与“净额×比例”相差一分；"
    "一行的末次退款冲回其剩余金额。"
)

SUMMARY = [
    ("Opening balance 期初余额", "opening_minor"),
    ("Sales 销售版税", "royalties_minor"),
    ("Reversals 退款冲回", "reversals_minor"),
    ("Late items and adjustments 补记与调整", "adjustments_minor"),
    ("Payouts 已付款", "payouts_minor"),
    ("Movement this month 本月变动", "movement"),
    ("Closing balance 期末余额", "closing_minor"),
]
SUBTOTALS = {
    SALE: "Sales 销售版税",
    REVERSAL: "Reversals 退款冲回",
    ADJUSTMENT: "Late items and adjustments 补记与调整",
    PAYOUT: "Payouts 已付款",
}
MOVEMENT_LABEL = "Movement this month 本月变动 (Σ lines)"
CLOSING_LABEL = "Closing balance 期末余额"


@dataclass
class StatementExport:
    """What an export needs: the payee, the month and its statement (final, or provisional if still open).

    A provisional statement is a snapshot: its totals and lines both stop at ``through_entry_id``, the last
    ledger entry when it was asked for, so a document written later (in the background) still adds up and
    equals the one streamed at that moment."""

    payee: Payee
    period: datetime.date
    statement: RoyaltyStatement
    # Looked up when not given; a ZIP of the whole month loads them once for every statement.
    payee_label: str = ""
    relic_names: dict[int, str] | None = None
    through_entry_id: int | None = None
    as_of: datetime.datetime | None = None
    totals: dict[str, int] = field(default_factory=dict)  # the lines' sums per group, filled while written
    # Told how many lines are written, every ``CHUNK`` lines and at the end (background exports' progress).
    progress: Callable[[int], None] | None = None
    _reader: StatementLineReader | None = field(default=None, repr=False)

    @property
    def currency(self) -> str:
        return self.statement.currency

    @property
    def is_final(self) -> bool:
        return self.statement.pk is not None

    @property
    def status(self) -> str:
        if self.is_final:
            return "Final 已结账"
        as_of = timezone.localtime(self.as_of, period_zone()) if self.as_of else None
        return f"Provisional 未结账 (as of {as_of:%Y-%m-%d %H:%M})" if as_of else "Provisional 未结账"

    @property
    def name(self) -> str:
        return self.payee_label or payee_name(self.payee)

    @property
    def reader(self) -> StatementLineReader:
        """Reads this statement's rows into lines (with the relic names, loaded once)."""
        if self._reader is None:
            if self.relic_names is None:
                self.relic_names = licence_relic_names()
            self._reader = StatementLineReader(self.relic_names)
        return self._reader

    @property
    def line_count(self) -> int:
        return self.statement.line_count

    def filename(self, extension: str) -> str:
        return f"royalty-statement-{period_label(self.period)}-{self.payee.key}.{extension}"


def statement_export_for(
    *,
    period: datetime.date,
    payee: Payee,
    through_entry_id: int | None = None,
    as_of: datetime.datetime | None = None,
) -> StatementExport:
    """The payee's statement for the month: the frozen one of a closed month; otherwise a provisional
    snapshot through ``through_entry_id`` (default: the ledger as it is now), empty when the payee had no
    balance and no activity."""
    frozen = RoyaltyStatement.objects.filter(payee_filter(payee), period=period).order_by("currency").first()
    if frozen is not None:
        return StatementExport(payee=payee, period=period, statement=frozen)
    currencies = sorted(payee_currencies(payee))
    statement, through = statement_snapshot(
        period=period,
        payee=payee,
        currency=currencies[0] if currencies else settings.SHOP_CURRENCY,
        through_entry_id=through_entry_id,
    )
    return StatementExport(
        payee=payee, period=period, statement=statement, through_entry_id=through, as_of=as_of or timezone.now()
    )


def statement_row_chunks_of(export: StatementExport) -> Iterator[list[tuple]]:
    """The statement's rows (``StatementRow`` order) in chunks of ``CHUNK``, oldest first; ``export.progress``
    hears how many lines are written after each chunk is handed back."""
    rows = statement_rows(
        period=export.period, payee=export.payee, currency=export.currency, through_entry_id=export.through_entry_id
    )
    progress = export.progress
    count = 0
    for chunk in statement_row_chunks(rows, size=CHUNK):
        yield chunk
        count += len(chunk)
        if progress is not None:
            progress(count)
    if progress is not None and not count:
        progress(0)


def statement_lines_of(export: StatementExport) -> Iterator[StatementLine]:
    """The statement's lines, oldest first, read in chunks; ``export.totals`` holds each group's sum once
    the last line is read (the documents' subtotal and movement rows)."""
    line_of = export.reader.line
    totals = {SALE: 0, REVERSAL: 0, ADJUSTMENT: 0, PAYOUT: 0}
    export.totals = totals
    for chunk in statement_row_chunks_of(export):
        for raw in chunk:
            line = line_of(raw)
            totals[line[14]] += line[11]  # group, amount_minor
            yield line


def summary_of(export: StatementExport) -> list[tuple[str, int]]:
    """The summary block: opening, each kind, the month's movement and the closing balance (minor units)."""
    statement = export.statement
    movement = statement.closing_minor - statement.opening_minor
    return [
        (label, movement if attribute == "movement" else getattr(statement, attribute)) for label, attribute in SUMMARY
    ]


def title_rows(export: StatementExport) -> list[list[str]]:
    return [
        ["Royalty statement 版税结算单", period_label(export.period), export.status],
        ["Payee 收款方", export.name, export.payee.key],
        ["Currency 币种", export.currency, PROGRAMME],
    ]


def stream_file(handle) -> Iterator[bytes]:
    handle.seek(0)
    try:
        while block := handle.read(STREAM_BLOCK):
            yield block
    finally:
        handle.close()
