"""Money: exact ``Decimal`` amounts with a currency; ledger and gateway amounts in minor units.

Rounding happens in exactly one place, :func:`round_half_up` (halves away from zero); amounts with
decimals (``Money``, shown figures) are rounded through it by :func:`round_half_up_to`. Nothing here
accepts a float.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

BASIS_POINTS = 10_000
MINOR_UNITS = {"CNY": 2, "USD": 2, "EUR": 2, "HKD": 2, "JPY": 0}


def _exponent(currency: str) -> int:
    try:
        return MINOR_UNITS[currency]
    except KeyError:
        raise ValueError(f"Unsupported currency {currency!r}") from None


def round_half_up(value: Decimal | Fraction | int) -> int:
    """Round an exact number to the nearest integer, halves away from zero."""
    if isinstance(value, float):
        raise TypeError("Money is never a float")
    if isinstance(value, Fraction):
        sign = -1 if value < 0 else 1
        numerator, denominator = abs(value.numerator), value.denominator
        whole, remainder = divmod(numerator, denominator)
        return sign * (whole + (1 if 2 * remainder >= denominator else 0))
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def round_half_up_to(value: Decimal | Fraction | int, *, places: int) -> Decimal:
    """``value`` rounded half-up (by :func:`round_half_up`) to ``places`` decimals, with exactly that many
    (``Decimal("1.005")``, 2 → ``Decimal("1.01")``; 0 → ``Decimal("0.00")``)."""
    if isinstance(value, float):
        raise TypeError("Money is never a float")
    scaled = value * 10**places if isinstance(value, Fraction) else Decimal(value).scaleb(places)
    return Decimal(round_half_up(scaled)).scaleb(-places).quantize(Decimal(1).scaleb(-places))


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, float):
            raise TypeError("Money is never a float")
        object.__setattr__(self, "amount", round_half_up_to(self.amount, places=_exponent(self.currency)))

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        return cls(Decimal(minor).scaleb(-_exponent(currency)), currency)

    @property
    def minor(self) -> int:
        return int(self.amount.scaleb(_exponent(self.currency)))

    def _check(self, other: Money) -> None:
        if not isinstance(other, Money) or other.currency != self.currency:
            raise ValueError("Cannot combine amounts in different currencies")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, quantity: int) -> Money:
        if not isinstance(quantity, int):
            raise TypeError("Money multiplies by whole quantities only")
        return Money(self.amount * quantity, self.currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def net_of_vat_minor(gross_minor: int, *, vat_rate_bp: int) -> int:
    """The VAT-exclusive part of a VAT-inclusive amount in minor units, rounded half-up once."""
    return round_half_up(Fraction(gross_minor * BASIS_POINTS, BASIS_POINTS + vat_rate_bp))
