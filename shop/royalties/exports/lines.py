"""A statement's lines as every document reads them: the type of each entry (sale, reversal, late item…),
the period a late item corrects, the refund that takes what remains of its line, and the cells that repeat.

``StatementLineReader.line`` builds one ``StatementLine`` per entry (XLSX, PDF, pages); ``csv_lines`` goes from the
same rows straight to CSV text, because a million-line CSV is timed against PostgreSQL's own COPY (tests hold the
two paths equal).
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from shop.royalties.exports.cells import CsvFields, MinorTexts, Rate, csv_field, rate_of
from shop.royalties.line_types import DOCUMENT_LABELS, line_type
from shop.royalties.models import EntryKind
from shop.royalties.periods import period_label

SALE, REVERSAL, ADJUSTMENT, PAYOUT = "sale", "reversal", "adjustment", "payout"  # the subtotals
GROUPS = {EntryKind.SALE: SALE, EntryKind.REFUND: REVERSAL, EntryKind.ADJUSTMENT: ADJUSTMENT, EntryKind.PAYOUT: PAYOUT}
# A line's notes in English and Chinese: documents show both (joined by a space), pages and the API the reader's.
NOTE_REMAINDER_NAMES = ("Last refund of the line: reverses exactly what remains", "该行末次退款：冲回剩余金额")
NOTE_LATE_NAMES = ("{period} was closed: booked in this month", "{period} 已结账，计入本月")
NOTE_REMAINDER = " ".join(NOTE_REMAINDER_NAMES)
NOTE_LATE = " ".join(NOTE_LATE_NAMES)


def _in(names: tuple[str, str], language: str | None) -> str:
    """A note in ``language`` (``en``, ``zh-hans``…), or in both for a document (None)."""
    if language is None:
        return " ".join(names)
    return names[1] if language.lower().startswith("zh") else names[0]


class StatementLine(NamedTuple):
    """One line of a statement, typed for the documents (amounts in minor units)."""

    order_number: str
    day: datetime.date
    type_code: str  # a key of LINE_TYPE_NAMES
    type_label: str  # bilingual, for documents
    corrects: str
    sku: str
    product: str
    relics: str
    quantity: int | None
    net_minor: int | None
    rate: Rate | None
    amount_minor: int
    currency: str
    note: str
    group: str  # SALE, REVERSAL, ADJUSTMENT or PAYOUT: the subtotal it counts in
    entry_id: int
    order_line_id: int | None
    remainder: bool  # a refund that completed its line: it reverses exactly what remains
    reference: str  # a payout's transfer reference
    licence_ids: tuple[int, ...]


class StatementLineReader:
    """Turns ``statement_rows`` tuples (in ``StatementRow`` order) into ``StatementLine``s, parsing each
    distinct licence list and product name once (a statement repeats a few hundred of them over up to
    millions of lines)."""

    def __init__(self, relic_names: dict[int, str]) -> None:
        self.relic_names = relic_names
        self._licences: dict[str | None, tuple[tuple[int, ...], str]] = {None: ((), "")}
        # (licences, product names, weight) → (licence ids, relic names, product, rate): the part of a line
        # that repeats for every sale of a product.
        self._blocks: dict[tuple, tuple] = {}
        self._csv_blocks: dict[tuple, tuple] = {}
        self._csv_days: dict = {}
        self._csv_labels = _CsvLabels()

    def licences(self, text: str | None) -> tuple[tuple[int, ...], str]:
        found = self._licences.get(text)
        if found is None:
            ids = tuple(int(i) for i in (text or "").strip("[]").split(",") if i.strip())
            names = "; ".join(self.relic_names.get(i, f"#{i}") for i in ids)
            found = self._licences[text] = (ids, names)
        return found

    def block(self, licences: str | None, name_en: str | None, name_zh: str | None, weight: str | None) -> tuple:
        """(licence ids, relic names, product name, rate): what repeats on every line of one product."""
        key = (licences, name_en, name_zh, weight)
        found = self._blocks.get(key)
        if found is None:
            licence_ids, relics = self.licences(licences)
            product = " ".join(n for n in (name_en, name_zh) if n)
            found = self._blocks[key] = (licence_ids, relics, product, rate_of(weight))
        return found

    @staticmethod
    def notes(
        corrected, reference: str, refunded_through: int | None, line_quantity: int | None, language: str | None = None
    ):
        """(corrects, remainder, note): the period a late item corrects, whether a refund completed its line
        (it reverses exactly what remains), and the note saying both and any transfer reference: in both
        languages for a document, in ``language`` for a page or the API."""
        remainder = refunded_through is not None and refunded_through == line_quantity
        if corrected is None and not remainder and not reference:
            return "", False, ""
        notes = []
        corrects = ""
        if corrected is not None:
            if corrected.__class__ is str:  # SQLite returns dates as text
                corrected = datetime.date.fromisoformat(corrected)
            corrects = period_label(corrected)
            notes.append(_in(NOTE_LATE_NAMES, language).format(period=corrects))
        if remainder:
            notes.append(_in(NOTE_REMAINDER_NAMES, language))
        if reference:
            notes.append(reference)
        return corrects, remainder, "; ".join(notes)

    def line(self, raw: tuple) -> StatementLine:
        """One line: the row unpacked once, built positionally, what repeats from the caches."""
        (
            entry_id,
            kind,
            refund_kind,
            amount,
            currency,
            base,
            weight,
            licences,
            day,
            corrected,
            reference,
            _memo,
            order_line_id,
            order_number,
            sku,
            name_en,
            name_zh,
            line_quantity,
            refunded,
            refunded_through,
        ) = raw
        has_line = order_line_id is not None
        code = line_type(kind, refund_kind, has_line)
        licence_ids, relics, product, rate = self.block(licences, name_en, name_zh, weight)
        if day.__class__ is str:  # SQLite returns the local date as text
            day = datetime.date.fromisoformat(day)
        corrects, remainder, note = self.notes(corrected, reference, refunded_through, line_quantity)
        return _new_line(
            StatementLine,
            (
                order_number or "",
                day,
                code,
                DOCUMENT_LABELS[code],
                corrects,
                sku or "",
                product,
                relics,
                -refunded if refunded else line_quantity,
                None if base is None else (-base if amount < 0 else base),
                rate,
                amount,
                currency,
                note,
                GROUPS[kind],
                entry_id,
                order_line_id,
                remainder,
                reference,
                licence_ids,
            ),
        )

    def csv_lines(self, chunk: list[tuple], *, fields: CsvFields, money: MinorTexts) -> tuple[list[str], int]:
        """A chunk of rows straight to CSV text lines (quoted as ``csv.writer`` quotes, every text made safe),
        and the sum of their amounts: the cells ``line`` would give (tests hold the two paths equal), without
        a ``StatementLine`` or a list per row, because a million-line CSV is timed against PostgreSQL's own
        ``COPY``. ``fields`` and ``money`` remember the texts and amounts that repeat."""
        blocks: dict[tuple, str] = self._csv_blocks
        days: dict = self._csv_days
        labels = self._csv_labels
        lines: list[str] = []
        append = lines.append
        total = 0
        for (
            _entry_id,
            kind,
            refund_kind,
            amount,
            currency,
            base,
            weight,
            licences,
            day,
            corrected,
            reference,
            _memo,
            order_line_id,
            order_number,
            sku,
            name_en,
            name_zh,
            line_quantity,
            refunded,
            refunded_through,
        ) in chunk:
            key = (sku, licences, name_en, name_zh, weight)
            block = blocks.get(key)
            if block is None:  # SKU, product, relics: the same for every line of one product
                _, relics, product, rate = self.block(licences, name_en, name_zh, weight)
                rate_text = "" if rate is None else rate.percent_text
                block = blocks[key] = (f"{fields[sku]},{fields[product]},{fields[relics]}", rate_text)
            date = days.get(day)
            if date is None:
                date = days[day] = day if day.__class__ is str else day.isoformat()
            if corrected is None and not reference and refunded_through is None:
                corrects = note = ""
            else:
                corrects, _, note = self.notes(corrected, reference, refunded_through, line_quantity)
                note = fields[note]
            quantity = -refunded if refunded else line_quantity
            total += amount
            # Order numbers are unique: checked each time, not remembered (memory stays flat).
            number = fields.one(order_number)
            label = labels[(kind, refund_kind, order_line_id is not None)]
            net = "" if base is None else money[-base if amount < 0 else base]
            append(
                f"{number},{date},{label},{corrects},{block[0]},{'' if quantity is None else quantity},"
                f"{net},{block[1]},{money[amount]},{currency},{note}\r\n"
            )
        return lines, total


_new_line = tuple.__new__  # builds a StatementLine from a tuple without the keyword machinery


class _CsvLabels(dict):
    """(kind, refund kind, has an order line) → the bilingual label as a CSV field, worked out once."""

    def __missing__(self, key: tuple) -> str:
        label = self[key] = csv_field(DOCUMENT_LABELS[line_type(*key)])
        return label
