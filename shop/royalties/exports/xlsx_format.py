"""Statements as XLSX, written by openpyxl in write-only (streaming) mode."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from shop.royalties.exports.statement import HEADERS, StatementExport, _rows, _stream_file, _summary, _title_rows


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
