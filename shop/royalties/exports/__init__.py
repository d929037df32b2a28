"""Statement exports as byte generators: CSV (UTF-8 with BOM), XLSX (openpyxl write-only), PDF (reportlab),
and a ZIP of a whole period. Lines are read with ``.iterator(chunk_size)``, so memory stays flat however long
the statement; XLSX and PDF are assembled in a temporary file and streamed from it.
"""

from __future__ import annotations

from shop.royalties.exports.csv_format import (
    SETTLEMENT_HEADERS,
    csv_chunks,
    settlement_csv_chunks,
    settlement_preview_csv_chunks,
)
from shop.royalties.exports.pdf_format import (
    pdf_chunks,
)
from shop.royalties.exports.statement import (
    CHUNK,
    HEADERS,
    KIND_LABELS,
    STREAM_BLOCK,
    SUMMARY,
    StatementExport,
    statement_export_for,
)
from shop.royalties.exports.xlsx_format import (
    xlsx_chunks,
)
from shop.royalties.exports.zip_archive import (
    period_zip_chunks,
)

__all__ = [
    "CHUNK",
    "HEADERS",
    "KIND_LABELS",
    "SETTLEMENT_HEADERS",
    "STREAM_BLOCK",
    "SUMMARY",
    "StatementExport",
    "csv_chunks",
    "pdf_chunks",
    "period_zip_chunks",
    "settlement_csv_chunks",
    "settlement_preview_csv_chunks",
    "statement_export_for",
    "xlsx_chunks",
]
