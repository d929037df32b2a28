from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.core.money import Money, net_of_vat_minor, round_half_up


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(5, 2), 3),
        (Fraction(-5, 2), -3),
        (Fraction(7, 3), 2),
        (Decimal("2.5"), 3),
        (Decimal("2.49"), 2),
        (4, 4),
    ],
)
def test_round_half_up(value, expected):
    assert round_half_up(value) == expected


def test_round_half_up_refuses_float():
    with pytest.raises(TypeError):
        round_half_up(2.5)


def test_net_of_vat_at_13_percent():
    # 113.00 CNY including 13% VAT is 100.00 net.
    assert net_of_vat_minor(11300, vat_rate_bp=1300) == 10000
    # 1.00 → 100/1.13 = 88.495… → 88 fen.
    assert net_of_vat_minor(100, vat_rate_bp=1300) == 88


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=5000))
def test_net_of_vat_is_within_half_a_fen_of_exact(gross, rate):
    exact = Fraction(gross * 10_000, 10_000 + rate)
    assert abs(net_of_vat_minor(gross, vat_rate_bp=rate) - exact) <= Fraction(1, 2)


def test_money_refuses_mixing_currencies():
    with pytest.raises(ValueError, match="different currencies"):
        Money(Decimal("1"), "CNY") + Money(Decimal("1"), "USD")


def test_money_minor_units_round_trip():
    assert Money.from_minor(12345, "CNY") == Money(Decimal("123.45"), "CNY")
    assert Money(Decimal("123.45"), "CNY").minor == 12345
