"""Statements and settlements as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from shop.core.money import Money
from shop.royalties.exports.statement import CHUNK, HEADERS, StatementExport, _decimal, _rows, _summary, _title_rows
from shop.royalties.models import RoyaltySettlement
from shop.royalties.periods import period_label
from shop.royalties.selectors import (
    payee_names,
    settlement_lines_paid,
)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_chunks(export: StatementExport) -> Iterator[bytes]:
    """UTF-8 with a BOM (so Excel reads the Chinese), a summary block, then the lines and a totals row."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()
    head = [writer.writerow(row) for row in _title_rows(export)]
    head += [writer.writerow([label, str(value)]) for label, value in _summary(export)]
    head += [writer.writerow([]), writer.writerow(HEADERS)]
    yield "".join(head).encode()
    buffer: list[str] = []
    total_minor = 0
    for row in _rows(export):
        total_minor += Money(row[9], export.currency).minor
        buffer.append(writer.writerow([("" if value is None else value) for value in row]))
        if len(buffer) >= CHUNK:
            yield "".join(buffer).encode()
            buffer.clear()
    buffer.append(
        writer.writerow(["Total 合计", "", "", "", "", "", "", "", "", _decimal(total_minor, export.currency)])
    )
    yield "".join(buffer).encode()


def settlement_preview_csv_chunks(rows) -> Iterator[bytes]:
    """What a settlement issued now would ask for (``payouts.bank_payees_due`` rows): not a file for the bank."""
    writer = csv.writer(_Echo())
    yield ("\ufeff" + writer.writerow(["Preview — not issued 预览（未出具）"])).encode()
    yield writer.writerow(
        [
            "Payee 收款方",
            "Name 名称",
            "Currency 币种",
            "Due 应付",
            "Available 可付",
            "In issued settlements 已出具未付",
            "Pending 待结",
        ]
    ).encode()
    for row in rows:
        minors = (row.due_minor, row.available_minor, row.outstanding_minor, row.pending_minor)
        yield writer.writerow(
            [row.payee.key, row.name, row.currency, *(_decimal(minor, row.currency) for minor in minors)]
        ).encode()


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
    writer = csv.writer(_Echo())
    lines = list(settlement_lines_paid(settlement.lines.all()).order_by("id"))
    names = payee_names(line.payee for line in lines)
    yield "\ufeff".encode()
    rows = [
        ["Bank settlement 银行结算", period_label(settlement.period), f"issued {settlement.issued_at:%Y-%m-%d %H:%M}"],
        [],
        SETTLEMENT_HEADERS,
    ]
    totals: dict[str, int] = {}
    for line in lines:
        totals[line.currency] = totals.get(line.currency, 0) + line.amount_minor
        rows.append(
            [
                line.payee.key,
                names[line.payee],
                line.account_name or "(no bank account on file 未登记账户)",
                line.bank_name,
                line.account_number,
                line.currency,
                _decimal(line.amount_minor, line.currency),
                f"BASHU ROYALTIES {period_label(settlement.period)} {line.payee.key}",
                _decimal(line.paid_minor, line.currency),
            ]
        )
    for currency, total in sorted(totals.items()):
        rows.append(["Total 合计", "", "", "", "", currency, _decimal(total, currency), "", ""])
    yield "".join(writer.writerow(row) for row in rows).encode()
