"""How finance pages write amounts, rates and basis points (the documents have their own cells)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template

from shop.core.money import MINOR_UNITS, round_half_up_to

register = template.Library()


@register.filter
def minor(value: int | None, currency: str = "CNY") -> str:
    """Minor units as an amount with thousands separators and the currency: ``123456`` → ``1,234.56 CNY``."""
    if value is None or value == "":
        return ""
    places = MINOR_UNITS.get(currency, 2)
    return f"{Decimal(int(value)).scaleb(-places):,.{places}f} {currency}"


@register.filter
def rate(value: Fraction | None) -> str:
    """An exact weight as a percentage with four decimals: ``Fraction(1033, 10000)`` → ``10.3300%``."""
    if not value:
        return ""
    return f"{round_half_up_to(Fraction(value) * 100, places=4)}%"


@register.filter
def bp(value: int | None) -> str:
    """Basis points as a percentage: ``6000`` → ``60%``, ``1033`` → ``10.33%``."""
    if value is None:
        return ""
    percent = Decimal(int(value)) / 100
    return f"{percent.normalize():f}%"


@register.filter
def get_item(mapping: dict, key):
    """``mapping[key]`` in a template (None when missing)."""
    return mapping.get(key) if mapping else None
