"""Statement exports as byte generators: CSV (UTF-8 with BOM), XLSX (XlsxWriter, constant memory), PDF
(reportlab), and a ZIP of a whole period. Lines are read in chunks, so memory stays flat however long the
statement; XLSX and PDF are assembled in a temporary file and streamed from it. Every spreadsheet cell of text
is safe from formula injection (``cells``)."""

from __future__ import annotations

from shop.royalties.exports.csv_format import (
    SETTLEMENT_HEADERS,
    csv_chunks,
    settlement_csv_chunks,
    settlement_preview_csv_chunks,
)
from shop.royalties.exports.pdf_format import pdf_chunks
from shop.royalties.exports.statement import (
    CHUNK,
    HEADERS,
    STREAM_BLOCK,
    SUMMARY,
    StatementExport,
    StatementLine,
    statement_export_for,
    statement_lines_of,
)
from shop.royalties.exports.xlsx_format import xlsx_chunks
from shop.royalties.exports.zip_archive import period_zip_chunks

GENERATORS = {"csv": csv_chunks, "xlsx": xlsx_chunks, "pdf": pdf_chunks}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}

__all__ = [
    "CHUNK",
    "CONTENT_TYPES",
    "GENERATORS",
    "HEADERS",
    "SETTLEMENT_HEADERS",
    "STREAM_BLOCK",
    "SUMMARY",
    "StatementExport",
    "StatementLine",
    "csv_chunks",
    "pdf_chunks",
    "period_zip_chunks",
    "settlement_csv_chunks",
    "settlement_preview_csv_chunks",
    "statement_export_for",
    "statement_lines_of",
    "xlsx_chunks",
]
