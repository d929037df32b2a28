"""Statements as PDF (reportlab)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.conf import settings

from shop.royalties.exports.statement import StatementExport, _rows, _stream_file, _summary
from shop.royalties.periods import period_label


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
