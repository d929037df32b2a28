from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.core.money import Money, net_of_vat_minor, round_half_up, round_half_up_to


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


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal("1.005"), "CNY", Decimal("1.01")),  # half-to-even would give 1.00
        (Decimal("1.015"), "CNY", Decimal("1.02")),
        (Decimal("-1.005"), "CNY", Decimal("-1.01")),  # halves away from zero, as round_half_up
        (Decimal("1.0049"), "CNY", Decimal("1.00")),
        (Decimal("0"), "CNY", Decimal("0.00")),
        (Decimal("2.5"), "JPY", Decimal("3")),
        (7, "CNY", Decimal("7.00")),
    ],
)
def test_money_rounds_half_up_to_the_currency_minor_unit(amount, currency, expected):
    money = Money(amount, currency)
    assert money.amount == expected
    assert str(money.amount) == str(expected)  # the currency's decimals, never "0E-2"


def test_round_half_up_to_keeps_the_places_asked_for():
    assert str(round_half_up_to(Fraction(2, 3) * 100, places=4)) == "66.6667"
    assert str(round_half_up_to(Decimal("6.8"), places=4)) == "6.8000"
    with pytest.raises(TypeError):
        round_half_up_to(1.005, places=2)
