"""URL converters. ``<id:pk>`` is a row's id: digits the database can hold. A larger number names no row,
and on SQLite the driver refuses it (OverflowError, a 500), so the resolver answers 404 for it instead,
for every page at once."""

from __future__ import annotations

from shop.core.forms import MAX_ROW_ID


class RowIdConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ROW_ID:
            raise ValueError("no row has this id")  # the resolver treats it as no match: 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)
