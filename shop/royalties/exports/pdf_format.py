"""Statements as PDF (reportlab's platypus): A4 landscape, every column on the page, names wrapped.

Layout by the library, not by hand: a ``LongTable`` whose column widths add up to the frame's width, with
every text cell a ``Paragraph`` that wraps (CJK wrapping breaks anywhere, so even a SKU without spaces
stays in its column) and the header row repeated on each page. Every glyph comes from one embedded
TrueType subset (``shop.core.fonts.pdf_cjk_font``), so each viewer draws the same characters. The document
is reproducible (reportlab's invariant mode): the same statement gives the same bytes, streamed or written
in the background.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from itertools import islice
from xml.sax.saxutils import escape

from django.conf import settings

from shop.core.fonts import pdf_cjk_font
from shop.royalties.exports.cells import minor_text
from shop.royalties.exports.statement import (
    ADJUSTMENT,
    FOOTNOTE,
    PAYOUT,
    PROGRAMME,
    REVERSAL,
    SALE,
    SUBTOTALS,
    StatementExport,
    statement_lines_of,
    stream_file,
    summary_of,
)
from shop.royalties.periods import period_label

# Columns and their widths in mm: 273 mm, the width of A4 landscape less 12 mm margins.
COLUMNS = [
    ("Order 订单号", 23),
    ("Date 日期", 15),
    ("Type 类型", 20),
    ("SKU 货号", 24),
    ("Product 商品", 59),
    ("Relic(s) 文物", 36),
    ("Qty 数量", 11),
    ("Net 净额", 20),
    ("Rate 比例", 15),
    ("Amount 金额", 20),
    ("Note 说明", 30),
]
NUMERIC = {6, 7, 8, 9}  # right-aligned
MARGIN_MM = 12
LETTERHEAD_MM = 24
FOOTER_MM = 12
GROUP_FIELDS = {SALE: "royalties_minor", REVERSAL: "reversals_minor", ADJUSTMENT: "adjustments_minor"}


def _styles(font: str):
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    cell = ParagraphStyle("cell", fontName=font, fontSize=7, leading=8.6, wordWrap="CJK")
    return {
        "cell": cell,
        "number": ParagraphStyle("number", parent=cell, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=cell, textColor=colors.white),
        "head_number": ParagraphStyle("head_number", parent=cell, textColor=colors.white, alignment=TA_RIGHT),
        "title": ParagraphStyle("title", fontName=font, fontSize=14, leading=18, spaceAfter=4),
        "text": ParagraphStyle("text", fontName=font, fontSize=9, leading=12, wordWrap="CJK"),
        "small": ParagraphStyle("small", fontName=font, fontSize=7.5, leading=10, wordWrap="CJK"),
    }


def pdf_chunks(export: StatementExport) -> Iterator[bytes]:
    """The letterhead, the payee and period, the balances, every line (up to ``ROYALTY_PDF_MAX_LINES``; a
    note sends the rest to the CSV/XLSX), subtotals per kind with the opening and closing balances, and the
    rounding note. Page numbers and the file name in every footer."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, LongTable, PageTemplate, Paragraph, Spacer, Table
    from reportlab.platypus import TableStyle as Style

    font = pdf_cjk_font()
    styles = _styles(font)
    width, height = landscape(A4)
    currency = export.currency

    def para(text: str, style: str = "cell") -> Paragraph:
        return Paragraph(escape(text), styles[style])

    def letterhead(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#7a1f1f"))
        canvas.rect(0, height - LETTERHEAD_MM * mm, width, LETTERHEAD_MM * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(font, 15)
        canvas.drawString(MARGIN_MM * mm, height - 11 * mm, export.name[:90])
        canvas.setFont(font, 9.5)
        canvas.drawString(MARGIN_MM * mm, height - 18 * mm, PROGRAMME)
        canvas.drawRightString(
            width - MARGIN_MM * mm, height - 11 * mm, f"Royalty statement 版税结算单  {period_label(export.period)}"
        )
        canvas.restoreState()
        footer(canvas, doc)

    def running_head(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.HexColor("#7a1f1f"))
        canvas.drawString(
            MARGIN_MM * mm,
            height - 8 * mm,
            f"{export.name[:80]} · Royalty statement 版税结算单 {period_label(export.period)}",
        )
        canvas.restoreState()
        footer(canvas, doc)

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(MARGIN_MM * mm, 6 * mm, export.filename("pdf"))
        canvas.drawRightString(width - MARGIN_MM * mm, 6 * mm, f"Page {doc.page} · 第 {doc.page} 页")
        canvas.restoreState()

    frame_width = width - 2 * MARGIN_MM * mm
    first = Frame(
        MARGIN_MM * mm,
        FOOTER_MM * mm,
        frame_width,
        height - (LETTERHEAD_MM + 4 + FOOTER_MM) * mm,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    later = Frame(
        MARGIN_MM * mm,
        FOOTER_MM * mm,
        frame_width,
        height - (12 + FOOTER_MM) * mm,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stream_file once streamed
    document = BaseDocTemplate(
        handle,
        pagesize=landscape(A4),
        title=export.filename("pdf"),
        author=PROGRAMME,
        subject="Royalty statement 版税结算单",
        invariant=1,
        initialFontName=font,  # else every page names Helvetica, a font the PDF does not embed
        pageTemplates=[
            PageTemplate(id="first", frames=[first], onPage=letterhead, autoNextPageTemplate="later"),
            PageTemplate(id="later", frames=[later], onPage=running_head),
        ],
    )

    story: list = [
        para(f"Royalty statement 版税结算单 — {period_label(export.period)} — {export.status}", "title"),
        para(f"Payee 收款方: {export.name} ({export.payee.key}) · Currency 币种: {currency}", "text"),
        Spacer(1, 3 * mm),
    ]
    balances = [
        [para(label, "text"), para(f"{minor_text(minor, currency)} {currency}", "number")]
        for label, minor in summary_of(export)
    ]
    summary = Table(balances, colWidths=[70 * mm, 40 * mm], hAlign="LEFT")
    summary.setStyle(
        Style(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("LINEABOVE", (0, -2), (-1, -2), 0.5, colors.grey),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    story += [summary, Spacer(1, 5 * mm)]

    header = [para(label, "head_number" if index in NUMERIC else "head") for index, (label, _) in enumerate(COLUMNS)]
    rows: list[list] = [header]
    limit = settings.ROYALTY_PDF_MAX_LINES
    lines = statement_lines_of(export)
    for line in islice(lines, limit):
        type_text = f"{line.type_label} → {line.corrects}" if line.corrects else line.type_label
        rows.append(
            [
                para(line.order_number),
                para(line.day.isoformat()),
                para(type_text),
                para(line.sku),
                para(line.product),
                para(line.relics),
                para("" if line.quantity is None else str(line.quantity), "number"),
                para("" if line.net_minor is None else minor_text(line.net_minor, line.currency), "number"),
                para("" if line.rate is None else line.rate.percent_text, "number"),
                para(minor_text(line.amount_minor, line.currency), "number"),
                para(line.note),
            ]
        )
    shown = len(rows) - 1
    statement = export.statement
    totals = [(SUBTOTALS[group], getattr(statement, attribute)) for group, attribute in GROUP_FIELDS.items()]
    totals.append((SUBTOTALS[PAYOUT], statement.payouts_minor))
    movement = statement.closing_minor - statement.opening_minor
    totals += [
        ("Movement this month 本月变动", movement),
        ("Opening balance 期初余额", statement.opening_minor),
        ("Closing balance 期末余额", statement.closing_minor),
    ]
    first_total = len(rows)
    for label, minor in totals:
        rows.append([para(label), *[""] * 8, para(minor_text(minor, currency), "number"), para(currency)])
    table = LongTable(rows, colWidths=[w * mm for _, w in COLUMNS], repeatRows=1)
    table.setStyle(
        Style(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#7a1f1f")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEBELOW", (0, 1), (-1, first_total - 1), 0.25, colors.HexColor("#d9d0c1")),
                ("LINEABOVE", (0, first_total), (-1, first_total), 0.8, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("SPAN", (0, first_total), (8, first_total)),
                *[("SPAN", (0, r), (8, r)) for r in range(first_total + 1, len(rows))],
            ]
        )
    )
    story.append(table)
    remaining = statement.line_count - shown
    if remaining > 0:
        story += [
            Spacer(1, 3 * mm),
            para(
                f"… {remaining:,} more lines are not printed here: see the CSV or XLSX of this statement. "
                f"其余 {remaining:,} 行明细见本结算单的 CSV 或 XLSX 文件。（小计与余额包括全部明细。）",
                "text",
            ),
        ]
    story += [Spacer(1, 3 * mm), para(FOOTNOTE, "small")]
    document.build(story)
    lines.close()
    yield from stream_file(handle)
