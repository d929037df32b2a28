"""Reading statement documents back: CSV sections, XLSX XML, PDF text and drawn objects."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

from django.http import StreamingHttpResponse

from tests.conftest import _skip_or_fail

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+(\.\d+)?%?$")


def body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse), getattr(response, "status_code", response)
    return b"".join(response.streaming_content)


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def statement_sections(rows: list[list[str]]) -> dict:
    """{"summary": {label: Decimal}, "lines": [row], "movement": row, "closing": row}."""
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "Order 订单号")
    summary = {row[0]: Decimal(row[1]) for row in rows[:header_at] if len(row) == 2 and NUMBER.match(row[1])}
    movement_at = next(
        i for i, row in enumerate(rows) if i > header_at and row and row[0].startswith("Movement this month")
    )
    return {
        "summary": summary,
        "header": rows[header_at],
        "lines": rows[header_at + 1 : movement_at],
        "movement": rows[movement_at],
        "closing": rows[movement_at + 1],
    }


def unsafe_cells(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet program would evaluate: they begin with a trigger and are not plain numbers."""
    return [cell for row in rows for cell in row if cell.startswith(TRIGGERS) and not NUMBER.match(cell)]


def xlsx_parts(data: bytes) -> dict[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")}


def pdf_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        _skip_or_fail(f"needs {name} (apt-get install poppler-utils)")
    return path


def pdf_text(path: Path) -> str:
    result = subprocess.run([pdf_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode()


def pdf_fonts(path: Path) -> list[str]:
    listing = subprocess.run([pdf_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603
    return listing.splitlines()[2:]
