"""Property tests of the split rule (DESIGN.md), thousands of cases each."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shop.royalties.split import (
    DESIGNER,
    MUSEUM,
    PLATFORM,
    Payee,
    SplitError,
    allocate,
    allocate_reversal,
    line_base,
    payee_weights,
    refund_base,
    refund_sequence,
)

MANY = settings(max_examples=2000, deadline=None)


def _parts(draw, total: int, count: int) -> list[int]:
    """``count`` positive integers summing to ``total``."""
    cuts = sorted(draw(st.lists(st.integers(1, total - 1), min_size=count - 1, max_size=count - 1, unique=True)))
    edges = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(edges)]


@st.composite
def snapshots(draw):
    usage_count = draw(st.integers(1, 4))
    weights = _parts(draw, 10_000, usage_count)
    usages = []
    museum_part = 0
    for index, weight in enumerate(weights):
        museum_ids = draw(st.lists(st.integers(1, 6), min_size=1, max_size=3, unique=True))
        shares = _parts(draw, 10_000, len(museum_ids))
        rate = draw(st.integers(0, 10_000))
        museum_part += weight * rate
        usages.append(
            {
                "licence_id": index + 1,
                "weight_bp": weight,
                "museum_rate_bp": rate,
                "shares": [{"museum_id": m, "share_bp": s} for m, s in zip(museum_ids, shares, strict=True)],
            }
        )
    # The designer rate that keeps the platform's share non-negative (a design is refused otherwise).
    max_designer = (10_000 * 10_000 - museum_part) // 10_000
    has_designer = draw(st.booleans())
    designer_rate = draw(st.integers(0, max_designer)) if has_designer else 0
    return {"designer_id": 99 if has_designer else None, "designer_rate_bp": designer_rate, "usages": usages}


@st.composite
def refund_parts(draw, quantity: int):
    """A sequence of partial refunds of a line, completing it or not."""
    parts, left = [], quantity
    while left and draw(st.booleans()) | (len(parts) == 0):
        part = draw(st.integers(1, left))
        parts.append(part)
        left -= part
    return parts


def _complete(parts: list[int], quantity: int) -> list[int]:
    rest = quantity - sum(parts)
    return [*parts, rest] if rest else parts


bases = st.integers(0, 10**9) | st.integers(0, 50)


@MANY
@given(snapshots())
def test_weights_are_exact_and_sum_to_one(snapshot):
    weights = payee_weights(snapshot)
    assert sum(weights.values()) == 1
    assert all(w > 0 for w in weights.values())
    expected_designer = Fraction(snapshot["designer_rate_bp"], 10_000)
    assert weights.get(Payee(DESIGNER, 99), Fraction(0)) == expected_designer


@MANY
@given(snapshots(), bases)
def test_allocation_sums_to_base_exactly_and_none_is_negative(snapshot, base):
    amounts = allocate(base, payee_weights(snapshot))
    assert sum(amounts.values()) == base
    assert all(amount >= 0 for amount in amounts.values())


@MANY
@given(snapshots(), bases)
def test_no_payee_receives_more_than_its_exact_share_rounded_up(snapshot, base):
    weights = payee_weights(snapshot)
    for payee, amount in allocate(base, weights).items():
        exact = base * weights[payee]
        assert math.floor(exact) <= amount <= math.ceil(exact)


@MANY
@given(snapshots(), bases)
def test_allocation_is_deterministic_whatever_the_input_order(snapshot, base):
    weights = payee_weights(snapshot)
    reversed_weights = dict(reversed(list(weights.items())))
    first = allocate(base, weights)
    assert allocate(base, reversed_weights) == first
    assert list(allocate(base, reversed_weights)) == list(first)


@MANY
@given(snapshots(), bases, st.integers(1, 30), st.data())
def test_refunds_in_any_sequence_respect_every_hard_property(snapshot, base, quantity, data):
    weights = payee_weights(snapshot)
    paid = allocate(base, weights)
    parts = data.draw(refund_parts(quantity))
    splits = refund_sequence(base=base, quantity=quantity, weights=weights, paid=paid, refunds=parts)
    reversed_so_far = dict.fromkeys(paid, 0)
    for split in splits:
        assert sum(split.reversals.values()) == split.base
        assert split.base >= 0
        for payee, amount in split.reversals.items():
            assert amount >= 0
            reversed_so_far[payee] += amount
            assert reversed_so_far[payee] <= paid[payee]


@MANY
@given(snapshots(), bases, st.integers(1, 30), st.data())
def test_a_fully_refunded_line_nets_to_zero_for_every_payee(snapshot, base, quantity, data):
    weights = payee_weights(snapshot)
    paid = allocate(base, weights)
    parts = _complete(data.draw(refund_parts(quantity)), quantity)
    splits = refund_sequence(base=base, quantity=quantity, weights=weights, paid=paid, refunds=parts)
    assert splits[-1].completing
    for payee in paid:
        assert paid[payee] - sum(split.reversals[payee] for split in splits) == 0
    assert sum(split.base for split in splits) == base


@MANY
@given(snapshots(), bases, st.integers(1, 30), st.data())
def test_refund_sequence_is_deterministic(snapshot, base, quantity, data):
    weights = payee_weights(snapshot)
    paid = allocate(base, weights)
    parts = data.draw(refund_parts(quantity))
    first = refund_sequence(base=base, quantity=quantity, weights=weights, paid=paid, refunds=parts)
    again = refund_sequence(base=base, quantity=quantity, weights=weights, paid=paid, refunds=parts)
    assert first == again


@MANY
@given(bases, st.integers(2, 30), st.integers(1, 29))
def test_a_single_partial_refund_takes_the_half_up_share_of_base(base, quantity, units):
    units = min(units, quantity - 1)
    taken = refund_base(base=base, quantity=quantity, refunded_quantity=0, refunded_base=0, refund_quantity=units)
    exact = Fraction(base * units, quantity)
    assert taken == math.floor(exact + Fraction(1, 2))


def test_partial_refunds_never_take_more_than_remains():
    # base 2 fen, 4 units refunded one at a time: half-up gives 1, 1, then the cap gives 0, completing 0.
    weights = {Payee(PLATFORM): Fraction(1)}
    splits = refund_sequence(base=2, quantity=4, weights=weights, paid={Payee(PLATFORM): 2}, refunds=[1, 1, 1, 1])
    assert [split.base for split in splits] == [1, 1, 0, 0]


def test_ties_go_to_museums_by_id_then_designer_then_platform():
    third = Fraction(1, 3)
    weights = {Payee(PLATFORM): third, Payee(DESIGNER, 1): third, Payee(MUSEUM, 5): third}
    assert allocate(1, weights) == {Payee(MUSEUM, 5): 1, Payee(DESIGNER, 1): 0, Payee(PLATFORM): 0}
    assert allocate(2, weights) == {Payee(MUSEUM, 5): 1, Payee(DESIGNER, 1): 1, Payee(PLATFORM): 0}
    two_museums = {Payee(MUSEUM, 9): Fraction(1, 2), Payee(MUSEUM, 2): Fraction(1, 2)}
    assert allocate(1, two_museums) == {Payee(MUSEUM, 2): 1, Payee(MUSEUM, 9): 0}


def test_worked_example_from_a_real_line():
    # 128.00 CNY incl. 13% VAT → base 11327 fen; licence 10% to a museum held 60/40; designer 8%.
    snapshot = {
        "designer_id": 7,
        "designer_rate_bp": 800,
        "usages": [
            {
                "licence_id": 1,
                "weight_bp": 10_000,
                "museum_rate_bp": 1000,
                "shares": [{"museum_id": 1, "share_bp": 6000}, {"museum_id": 2, "share_bp": 4000}],
            }
        ],
    }
    base = line_base(total_minor=12800, vat_rate_bp=1300)
    assert base == 11327
    amounts = allocate(base, payee_weights(snapshot))
    # exact: 679.62, 453.08, 906.16, 9288.14 → floors 679+453+906+9288 = 11326; one unit to the largest remainder.
    assert amounts == {Payee(MUSEUM, 1): 680, Payee(MUSEUM, 2): 453, Payee(DESIGNER, 7): 906, Payee(PLATFORM): 9288}


def test_reversal_capped_payee_passes_the_unit_to_the_next():
    weights = {Payee(MUSEUM, 1): Fraction(1, 2), Payee(PLATFORM): Fraction(1, 2)}
    # The museum has only 0 left; a refund of 1 must come wholly from the platform.
    assert allocate_reversal(1, weights, {Payee(MUSEUM, 1): 0, Payee(PLATFORM): 3}) == {
        Payee(MUSEUM, 1): 0,
        Payee(PLATFORM): 1,
    }


@pytest.mark.parametrize(
    "snapshot",
    [
        {"designer_id": None, "designer_rate_bp": 0, "usages": []},
        {"designer_id": None, "designer_rate_bp": 500, "usages": [{"weight_bp": 10_000, "museum_rate_bp": 0}]},
        {
            "designer_id": 1,
            "designer_rate_bp": 9000,
            "usages": [{"weight_bp": 10_000, "museum_rate_bp": 2000, "shares": [{"museum_id": 1, "share_bp": 10_000}]}],
        },
        {
            "designer_id": None,
            "designer_rate_bp": 0,
            "usages": [{"weight_bp": 9000, "museum_rate_bp": 2000, "shares": [{"museum_id": 1, "share_bp": 10_000}]}],
        },
        {
            "designer_id": None,
            "designer_rate_bp": 0,
            "usages": [{"weight_bp": 10_000, "museum_rate_bp": 2000, "shares": [{"museum_id": 1, "share_bp": 9000}]}],
        },
    ],
    ids=["no-usages", "rate-without-designer", "over-100pct", "weights-not-10000", "shares-not-10000"],
)
def test_payee_weights_refuses_snapshots_that_cannot_be_paid(snapshot):
    with pytest.raises(SplitError):
        payee_weights(snapshot)


def test_refund_beyond_the_line_is_refused():
    with pytest.raises(SplitError):
        refund_base(base=100, quantity=2, refunded_quantity=1, refunded_base=50, refund_quantity=2)


@pytest.mark.parametrize("key", ["museum-3", "designer-7", "platform"])
def test_payee_key_round_trips(key):
    assert Payee.parse(key).key == key


@pytest.mark.parametrize("key", ["museum", "museum-0", "designer-x", "bank-1", "platform-1", ""])
def test_payee_parse_refuses_malformed_keys(key):
    with pytest.raises(SplitError):
        Payee.parse(key)
