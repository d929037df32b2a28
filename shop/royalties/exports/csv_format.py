"""Statements and settlements as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese).

Every text cell goes through ``text_safe`` (no cell a spreadsheet would run as a formula); amounts are plain
decimals with the currency's places, rates percentages with four decimals (read as numbers by Excel and
LibreOffice). Rows are written a chunk at a time through one ``csv.writer``: a million lines stream through in
constant memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from shop.royalties.exports.cells import CsvFields, MinorTexts, minor_text, text_safe
from shop.royalties.exports.statement import (
    CLOSING_LABEL,
    FOOTNOTE,
    HEADERS,
    MOVEMENT_LABEL,
    StatementExport,
    statement_row_chunks_of,
    summary_of,
    title_rows,
)
from shop.royalties.models import RoyaltySettlement
from shop.royalties.periods import period_label
from shop.royalties.selectors import payee_names, settlement_lines_paid

BOM = "\ufeff"


class _Sheet:
    """A csv.writer into a buffer that is handed out and emptied: ``rows`` then ``take``."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)

    def rows(self, rows: Iterable[list]) -> None:
        self._writer.writerows(rows)

    def texts(self, rows: Iterable[Iterable[str | None]]) -> None:
        """Rows of text only (titles, labels, names): every cell made safe."""
        self._writer.writerows([text_safe(cell) for cell in row] for row in rows)

    def take(self) -> bytes:
        data = self._buffer.getvalue().encode()
        self._buffer.seek(0)
        self._buffer.truncate()
        return data


def csv_chunks(export: StatementExport) -> Iterator[bytes]:
    """A title block, the summary, the lines, the month's movement (Σ lines) and the closing balance, and the
    rounding note. UTF-8 with a BOM (so Excel reads the Chinese)."""
    sheet = _Sheet()
    currency = export.currency
    sheet.texts(title_rows(export))
    sheet.rows([[]])
    sheet.rows([text_safe(label), minor_text(minor, currency)] for label, minor in summary_of(export))
    sheet.rows([[], HEADERS])
    yield (BOM.encode() + sheet.take())
    fields, money = CsvFields(), MinorTexts(currency)
    movement = 0
    reader = export.reader  # reads the relic names now: nothing may query while the rows stream
    for rows in statement_row_chunks_of(export):
        lines, total = reader.csv_lines(rows, fields=fields, money=money)
        movement += total
        yield "".join(lines).encode()
    blank = [""] * 9
    sheet.rows(
        [
            [MOVEMENT_LABEL, *blank, minor_text(movement, currency), currency, ""],
            [CLOSING_LABEL, *blank, minor_text(export.statement.opening_minor + movement, currency), currency, ""],
            [],
            [FOOTNOTE],
        ]
    )
    yield sheet.take()


def settlement_preview_csv_chunks(rows) -> Iterator[bytes]:
    """What a settlement issued now would ask for (``payouts.bank_payees_due`` rows): not a file for the bank."""
    sheet = _Sheet()
    sheet.rows(
        [
            ["Preview — not issued 预览（未出具）"],
            [
                "Payee 收款方",
                "Name 名称",
                "Currency 币种",
                "Due 应付",
                "Available 可付",
                "In issued settlements 已出具未付",
                "Pending 待结",
            ],
        ]
    )
    for row in rows:
        minors = (row.due_minor, row.available_minor, row.outstanding_minor, row.pending_minor)
        sheet.rows([[row.payee.key, text_safe(row.name), row.currency, *(minor_text(m, row.currency) for m in minors)]])
    yield BOM.encode() + sheet.take()


SETTLEMENT_HEADERS = [
    "Payee 收款方",
    "Name 名称",
    "Account name 户名",
    "Bank 开户行",
    "Account number 账号",
    "Currency 币种",
    "Amount 金额",
    "Remark 附言",
    "Paid so far 已付",
]


def settlement_csv_chunks(settlement: RoyaltySettlement) -> Iterator[bytes]:
    """The bank settlement file of an issued settlement (UTF-8 with BOM): one transfer per line, with the
    bank details frozen at issue, a remark the bank carries to the payee, what is recorded as paid, a total."""
    lines = list(settlement_lines_paid(settlement.lines.all()).order_by("id"))
    names = payee_names(line.payee for line in lines)
    sheet = _Sheet()
    sheet.rows(
        [
            [
                "Bank settlement 银行结算",
                period_label(settlement.period),
                f"issued {settlement.issued_at:%Y-%m-%d %H:%M}",
            ],
            [],
            SETTLEMENT_HEADERS,
        ]
    )
    totals: dict[str, int] = {}
    for line in lines:
        totals[line.currency] = totals.get(line.currency, 0) + line.amount_minor
        sheet.rows(
            [
                [
                    line.payee.key,
                    text_safe(names[line.payee]),
                    text_safe(line.account_name) or "(no bank account on file 未登记账户)",
                    text_safe(line.bank_name),
                    text_safe(line.account_number),
                    line.currency,
                    minor_text(line.amount_minor, line.currency),
                    f"BASHU ROYALTIES {period_label(settlement.period)} {line.payee.key}",
                    minor_text(line.paid_minor, line.currency),
                ]
            ]
        )
    for currency, total in sorted(totals.items()):
        sheet.rows([["Total 合计", "", "", "", "", currency, minor_text(total, currency), "", ""]])
    yield BOM.encode() + sheet.take()
