"""Courier manifests: a CSV of (order number, carrier, tracking number) rows, each shipping everything its
order still has to ship. Previewed first (every row checked, nothing written), then applied: each good row
is one fulfilment in its own transaction; a row refused then or at the last moment (the order changed in
between) is reported with its reason and changes nothing.

Couriers' exports come as UTF-8 (with or without a BOM) or, from Chinese spreadsheet software, GB18030;
both are read. A first row naming its columns (order / 订单 …) is taken as a header.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from shop.core.errors import ApplicationError, ErrorCode
from shop.orders.models import Fulfillment, Order
from shop.orders.services import order_fulfil, order_shipment_plan

MAX_ROWS = 2000
MAX_BYTES = 1_000_000
_HEADER_WORDS = ("order", "订单", "number", "单号", "carrier", "快递")


@dataclass(frozen=True, slots=True)
class ManifestRow:
    line: int  # in the file, from 1
    number: str
    carrier: str
    tracking_number: str
    problem: str = ""  # set when the row cannot even be read


@dataclass(slots=True)
class RowOutcome:
    row: ManifestRow
    ok: bool
    message: str = ""
    fulfillment: Fulfillment | None = None


@dataclass(slots=True)
class ManifestResult:
    applied: list[RowOutcome] = field(default_factory=list)
    refused: list[RowOutcome] = field(default_factory=list)


def manifest_read(upload) -> str:
    """The uploaded file's text (UTF-8, else GB18030); ``REQUIRED`` without a file, ``INVALID`` when it is too
    big or not text."""
    if upload is None:
        raise ApplicationError(_("Choose the manifest file."), code=ErrorCode.REQUIRED, field="file")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ApplicationError(
            _("The file is larger than %(max)s bytes; split it.") % {"max": f"{MAX_BYTES:,}"},
            code=ErrorCode.INVALID,
            field="file",
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise ApplicationError(_("This is not a CSV text file."), code=ErrorCode.INVALID, field="file")


def manifest_parse(text: str) -> list[ManifestRow]:
    """The rows of a manifest (blank lines skipped, a header row dropped). More than ``MAX_ROWS`` rows is
    ``INVALID``; a row without exactly three columns is kept with its problem, to be reported."""
    rows: list[ManifestRow] = []
    # newline="" lets the csv module split rows itself, so a file saved with bare carriage returns (old Mac
    # spreadsheets) reads like any other.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for line_number, cells in enumerate(reader, start=1):
            _parse_row(rows, line_number, cells)
    except csv.Error:  # a cell over the csv module's size limit, or a stray quote it cannot pair
        raise ApplicationError(
            _("Line %(line)s of the file cannot be read as CSV; check its quotes and cell lengths.")
            % {"line": reader.line_num},
            code=ErrorCode.INVALID,
            field="file",
        ) from None
    if not rows:
        raise ApplicationError(_("The manifest has no rows."), code=ErrorCode.REQUIRED, field="file")
    return rows


def _parse_row(rows: list[ManifestRow], line_number: int, cells: list[str]) -> None:
    """Append the row on ``line_number`` of the file to ``rows`` (nothing for a blank line or the header)."""
    cells = [cell.strip() for cell in cells]
    if not any(cells):
        return
    if not rows and line_number == 1 and any(word in cells[0].lower() for word in _HEADER_WORDS):
        return
    if len(rows) >= MAX_ROWS:
        raise ApplicationError(
            _("A manifest holds at most %(max)s rows; split it.") % {"max": MAX_ROWS},
            code=ErrorCode.INVALID,
            field="file",
        )
    if len(cells) != 3:
        problem = _("Expected 3 columns (order number, carrier, tracking number), found %(n)s.") % {"n": len(cells)}
        rows.append(ManifestRow(line_number, cells[0][:20] if cells else "", "", "", problem=problem))
        return
    rows.append(ManifestRow(line_number, cells[0].upper()[:40], cells[1][:40], cells[2][:60]))


def _duplicates(rows: list[ManifestRow]) -> dict[int, str]:
    """Rows repeating an order number already in the file: by file line, the refusal."""
    first_seen: dict[str, int] = {}
    repeated = {}
    for row in rows:
        if row.number in first_seen:
            repeated[row.line] = _("Order %(number)s is already on line %(line)s of this file.") % {
                "number": row.number,
                "line": first_seen[row.number],
            }
        else:
            first_seen[row.number] = row.line
    return repeated


def _check(rows: list[ManifestRow]):
    """Each row with its order (or None) and its refusal (or "") as things stand, writing nothing."""
    orders = {order.number: order for order in Order.objects.filter(number__in={row.number for row in rows})}
    repeated = _duplicates(rows)
    for row in rows:
        order = orders.get(row.number)
        if row.problem:
            yield row, order, row.problem
        elif order is None:
            yield row, None, _("No order %(number)s.") % {"number": row.number or "—"}
        elif row.line in repeated:
            yield row, order, repeated[row.line]
        else:
            try:
                order_shipment_plan(order=order, lines=None, carrier=row.carrier, tracking_number=row.tracking_number)
            except ApplicationError as exc:
                yield row, order, exc.message
            else:
                yield row, order, ""


def manifest_preview(rows: list[ManifestRow]) -> list[RowOutcome]:
    """Every row, good or with the reason it would be refused; nothing is written."""
    return [RowOutcome(row=row, ok=not problem, message=problem) for row, _order, problem in _check(rows)]


def manifest_apply(*, rows: list[ManifestRow], user) -> ManifestResult:
    """Ship every good row (everything its order has left, customer emailed); report the others."""
    result = ManifestResult()
    for row, order, problem in _check(rows):
        if problem or order is None:
            result.refused.append(RowOutcome(row=row, ok=False, message=problem))
            continue
        try:
            parcel = order_fulfil(
                order=order, lines=None, carrier=row.carrier, tracking_number=row.tracking_number, user=user
            )
        except ApplicationError as exc:
            result.refused.append(RowOutcome(row=row, ok=False, message=exc.message))
        else:
            result.applied.append(RowOutcome(row=row, ok=True, fulfillment=parcel))
    return result
