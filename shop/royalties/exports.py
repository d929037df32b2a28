"""Statement exports as byte generators: CSV (UTF-8 with BOM), XLSX (openpyxl write-only), PDF (reportlab),
and a ZIP of a whole period. Lines are read with ``.iterator(chunk_size)``, so memory stays flat however long
the statement; XLSX and PDF are assembled in a temporary file and streamed from it.
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from shop.core.money import Money
from shop.royalties.models import RoyaltySettlement, RoyaltyStatement
from shop.royalties.periods import period_label, period_zone
from shop.royalties.selectors import (
    licence_relic_names,
    payee_name,
    payee_names,
    settlement_lines_paid,
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


def _stream_file(handle) -> Iterator[bytes]:
    handle.seek(0)
    try:
        while block := handle.read(STREAM_BLOCK):
            yield block
    finally:
        handle.close()


def xlsx_chunks(export: StatementExport) -> Iterator[bytes]:
    """A workbook in openpyxl's write-only mode (rows go to disk as written): a Summary sheet and a Lines
    sheet with typed cells (dates, integers, numbers with two decimals) and a totals row (a SUM formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet("Summary 汇总")
    lines = workbook.create_sheet("Lines 明细")
    bold = Font(bold=True)

    def cell(sheet, value, *, money=False, strong=False):
        item = WriteOnlyCell(sheet, value=value)
        if money:
            item.number_format = "#,##0.00"
        if strong:
            item.font = bold
        return item

    for row in _title_rows(export):
        summary.append([cell(summary, row[0], strong=True), *row[1:]])
    summary.append([])
    for label, value in _summary(export):
        summary.append([label, cell(summary, value, money=True)])
    lines.append([cell(lines, header, strong=True) for header in HEADERS])
    count = 0
    for row in _rows(export):
        row[7] = cell(lines, row[7], money=True) if row[7] is not None else None
        row[9] = cell(lines, row[9], money=True)
        row[1] = cell(lines, row[1])
        row[1].number_format = "yyyy-mm-dd"
        lines.append(row)
        count += 1
    last = count + 1
    lines.append(
        [
            cell(lines, "Total 合计", strong=True),
            *[None] * 8,
            cell(lines, f"=SUM(J2:J{last})" if count else 0, money=True, strong=True),
        ]
    )
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _stream_file once streamed
    workbook.save(handle)
    yield from _stream_file(handle)


def pdf_chunks(export: StatementExport) -> Iterator[bytes]:
    """A letterhead statement: the payee's name in English and Chinese, bilingual headings (reportlab's
    built-in CID font STSong-Light for Chinese), the summary, the lines, page numbers. Lines beyond
    ``ROYALTY_PDF_MAX_LINES`` are left to the CSV/XLSX (a note says so), keeping the PDF printable."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    width, height = A4
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _stream_file once streamed
    pdf = canvas.Canvas(handle, pagesize=A4)
    pdf.setTitle(export.filename("pdf"))
    page = 1
    columns = [
        (15, "Order 订单"),
        (45, "Date 日期"),
        (68, "SKU"),
        (95, "Product 商品"),
        (150, "Qty"),
        (175, "Net 净额"),
    ]
    columns += [(200, "Rate 比例"), (225, "Amount 金额")]

    def footer():
        pdf.setFont(font, 8)
        pdf.setFillColor(colors.grey)
        pdf.drawCentredString(width / 2, 10 * mm, f"Page {page} · 第 {page} 页")
        pdf.drawString(15 * mm, 10 * mm, export.filename("pdf"))
        pdf.setFillColor(colors.black)

    def table_header(y):
        pdf.setFont(font, 8)
        for x, label in columns:
            pdf.drawString(x * mm, y, label)
        pdf.line(15 * mm, y - 2, width - 15 * mm, y - 2)
        return y - 12

    # Letterhead
    pdf.setFillColor(colors.HexColor("#7a1f1f"))
    pdf.rect(0, height - 28 * mm, width, 28 * mm, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    pdf.setFont(font, 16)
    pdf.drawString(15 * mm, height - 14 * mm, export.name)
    pdf.setFont(font, 10)
    pdf.drawString(15 * mm, height - 21 * mm, "Bashu Creative · 巴蜀文创  —  Two Cities, Two Museums 双城双馆")
    pdf.setFillColor(colors.black)
    pdf.setFont(font, 14)
    y = height - 40 * mm
    pdf.drawString(15 * mm, y, f"Royalty statement 版税结算单  {period_label(export.period)}  ({export.status})")
    y -= 10 * mm
    pdf.setFont(font, 10)
    for label, value in _summary(export):
        pdf.drawString(15 * mm, y, label)
        pdf.drawRightString(110 * mm, y, f"{value:,.2f} {export.currency}")
        y -= 6 * mm
    y -= 4 * mm
    y = table_header(y)
    for shown, row in enumerate(_rows(export)):
        if shown >= settings.ROYALTY_PDF_MAX_LINES:
            pdf.setFont(font, 9)
            pdf.drawString(
                15 * mm, y, f"… {export.statement.line_count - shown} more lines: see the CSV/XLSX 其余明细见表格"
            )
            break
        if y < 20 * mm:
            footer()
            pdf.showPage()
            page += 1
            y = table_header(height - 20 * mm)
            pdf.setFont(font, 8)
        pdf.setFont(font, 7)
        values = [row[0], str(row[1]), row[3], row[4][:28], "" if row[6] is None else str(row[6])]
        values += ["" if row[7] is None else f"{row[7]:,.2f}", row[8], f"{row[9]:,.2f}"]
        for (x, _), value in zip(columns, values, strict=True):
            pdf.drawString(x * mm, y, str(value))
        y -= 10
    footer()
    pdf.showPage()
    pdf.save()
    yield from _stream_file(handle)


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


class _Pipe(io.RawIOBase):
    """An unseekable sink that hands out what was written since the last ``drain``: lets zipfile stream."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def period_zip_chunks(*, period: datetime.date) -> Iterator[bytes]:
    """Every payee's statement of the month as CSV, in one ZIP, streamed (zipfile writes data descriptors
    to an unseekable stream, so nothing is held but the current block)."""
    pipe = _Pipe()
    statements = statement_list(period=period)
    names, relics = payee_names(s.payee for s in statements), licence_relic_names()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for statement in statements:
            export = StatementExport(
                payee=statement.payee,
                period=period,
                statement=statement,
                payee_label=names[statement.payee],
                relic_names=relics,
            )
            with archive.open(export.filename("csv"), mode="w", force_zip64=True) as member:
                for chunk in csv_chunks(export):
                    member.write(chunk)
                    if data := pipe.drain():
                        yield data
        yield pipe.drain()
    yield pipe.drain()
