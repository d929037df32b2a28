from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.core.money import Money
from shop.storefront.templatetags.storefront import bcp47, yuan


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("128"), "¥128.00"),
        (Decimal("128.5"), "¥128.50"),
        (Decimal("1288.50"), "¥1,288.50"),
        (Decimal("0.005"), "¥0.01"),
        (Decimal("0.004"), "¥0.00"),
        (Decimal("12345678.90"), "¥12,345,678.90"),
        (Money(Decimal("58.00"), "CNY"), "¥58.00"),
        (99, "¥99.00"),
        ("19.9", "¥19.90"),
        (None, ""),
        ("", ""),
        ("abc", ""),
        (Decimal("NaN"), ""),
    ],
)
def test_yuan_shows_exact_amounts_with_two_decimals(value, shown):
    assert yuan(value) == shown


def test_yuan_refuses_floats():
    with pytest.raises(TypeError):
        yuan(0.1)


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_yuan_round_trips_every_two_decimal_amount(amount):
    assert Decimal(yuan(amount).removeprefix("¥").replace(",", "")) == amount


@pytest.mark.parametrize(("code", "tag"), [("en", "en"), ("zh-hans", "zh-Hans"), ("en-gb", "en-GB"), (None, "en")])
def test_bcp47_language_tags(code, tag):
    assert bcp47(code) == tag
