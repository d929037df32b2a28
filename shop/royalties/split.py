"""The split rule (DESIGN.md), as pure functions: no Django, no database, integers and Fractions only.

The rule as implemented, exactly:

1. ``base`` (:func:`line_base`) = ``net_of_vat_minor(total_minor, vat_rate_bp)``: the line's VAT-inclusive
   total after discounts (shipping is never on a line), made VAT-exclusive and rounded half-up once.
2. Weights (:func:`payee_weights`), exact Fractions from the line's ``royalty_snapshot``:
   museum ``m`` gets Σ over usages ``u`` of ``(u.weight_bp/10000) × (u.museum_rate_bp/10000) × (share_bp/10000)``;
   the designer gets ``designer_rate_bp/10000``; the platform gets ``1 − Σ others`` (a snapshot where that is
   negative, whose usage weights or licensor shares do not sum to 10000, or with a designer rate but no
   designer, is refused with :class:`SplitError` rather than paid wrongly). Payees whose weight is zero are left
   out. Payees are ordered museums (by museum id), designer, platform: that order breaks every tie below.
3. Sale (:func:`allocate`): largest remainder in minor units. Each payee first gets ``floor(base × w)``; the
   ``base − Σ floors`` units left over go one each to the payees with the largest fractional remainders,
   ties in payee order. So the amounts sum to ``base``, none is negative, and each is ``floor`` or ``ceil`` of
   the exact share (a leftover unit only ever goes to a payee with a non-zero remainder).
4. Refund ``k`` of ``r_k`` of the line's ``q`` units (:func:`refund_base`), after earlier refunds of ``Q`` units
   that took ``S`` of base: if ``Q + r_k = q`` it completes the line and takes exactly ``base − S``; otherwise it
   takes ``min(round_half_up(base × r_k / q), base − S)`` (the cap only bites when earlier half-up roundings
   already used up the base, e.g. base 2 fen refunded 1 unit of 4 at a time).
5. Reversals of a refund (:func:`allocate_reversal`): each payee may lose at most what it still holds on the
   line, ``left = paid − reversed so far``. A completing refund reverses exactly ``left`` for every payee. A
   partial refund of ``R`` is allocated by capped largest remainder: allocate ``R`` among the uncapped payees
   by their weights (renormalised to the uncapped ones) with rule 3; every payee whose allocation exceeds its
   ``left`` is fixed at its ``left`` and the rest is allocated again among the others; repeat until nobody
   exceeds. Since ``Σ left = base − S ≥ R`` this ends with reversals summing to ``R``, each within
   ``0..left``, so no payee ever gives back more than it was paid and a fully refunded line nets to zero
   for every payee, whatever the sequence of parts.

:func:`refund_sequence` replays rules 4–5 over a line's refunds in order, so the reversals of refund ``k`` are a
function of the line alone (not of the order in which tasks happened to run).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from shop.core.money import BASIS_POINTS, net_of_vat_minor, round_half_up

MUSEUM = "museum"
DESIGNER = "designer"
PLATFORM = "platform"
_KIND_RANK = {MUSEUM: 0, DESIGNER: 1, PLATFORM: 2}


class SplitError(ValueError):
    """A snapshot or a refund that the split rule cannot pay correctly."""


@dataclass(frozen=True, slots=True)
class Payee:
    """Who an entry pays: a museum (by id), a designer (by user id) or the platform."""

    kind: str
    id: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in _KIND_RANK:
            raise SplitError(f"Unknown payee kind {self.kind!r}")
        if (self.kind == PLATFORM) != (self.id is None):
            raise SplitError("The platform has no id; museums and designers need one")

    @property
    def tie_rank(self) -> tuple[int, int]:
        """Tie order: museums by id, then the designer, then the platform."""
        return (_KIND_RANK[self.kind], self.id or 0)

    @property
    def key(self) -> str:
        """``museum-3``, ``designer-7`` or ``platform``: stable, URL-safe, used in idempotency keys."""
        return self.kind if self.id is None else f"{self.kind}-{self.id}"

    @classmethod
    def parse(cls, key: str) -> Payee:
        if key == PLATFORM:
            return cls(PLATFORM)
        kind, _, raw_id = key.partition("-")
        if kind not in (MUSEUM, DESIGNER) or not raw_id.isdigit() or int(raw_id) <= 0:
            raise SplitError(f"“{key}” is not a payee")
        return cls(kind, int(raw_id))

    def __str__(self) -> str:
        return self.key


def _ordered(weights: Mapping[Payee, Fraction]) -> list[Payee]:
    return sorted(weights, key=lambda payee: payee.tie_rank)


def line_base(*, total_minor: int, vat_rate_bp: int) -> int:
    """Rule 1: the royalty base of a line, net of VAT, in minor units (rounded half-up once)."""
    if total_minor < 0:
        raise SplitError("A line total cannot be negative")
    return net_of_vat_minor(total_minor, vat_rate_bp=vat_rate_bp)


def _bp(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= BASIS_POINTS:
        raise SplitError(f"{what} must be an integer between 0 and 10000 basis points (got {value!r})")
    return value


def _share(share: object) -> tuple[int, int]:
    """A licensor share as ``(museum_id, share_bp)``, from ``{"museum_id", "share_bp"}`` or a ``[id, bp]`` pair."""
    if isinstance(share, Mapping):
        museum_id, share_bp = share.get("museum_id"), share.get("share_bp")
    elif isinstance(share, Sequence) and len(share) == 2:
        museum_id, share_bp = share
    else:
        raise SplitError(f"Bad licensor share {share!r}")
    if not isinstance(museum_id, int) or isinstance(museum_id, bool) or museum_id <= 0:
        raise SplitError(f"Bad museum id {museum_id!r}")
    return museum_id, _bp(share_bp, "A licensor share")


def payee_weights(snapshot: Mapping[str, Any]) -> dict[Payee, Fraction]:
    """Rule 2: exact weights per payee from a ``royalty_snapshot``, in tie order, summing to exactly 1."""
    usages = snapshot.get("usages") or []
    if not usages:
        raise SplitError("The snapshot has no licence usages")
    museums: dict[int, Fraction] = {}
    total_weight = 0
    for usage in usages:
        weight = _bp(usage.get("weight_bp"), "A usage weight")
        rate = _bp(usage.get("museum_rate_bp"), "A museum rate")
        total_weight += weight
        shares = [_share(share) for share in usage.get("shares") or []]
        if sum(share_bp for _, share_bp in shares) != BASIS_POINTS:
            raise SplitError(f"Licensor shares of licence {usage.get('licence_id')} do not sum to 10000")
        for museum_id, share_bp in shares:
            museums[museum_id] = museums.get(museum_id, Fraction(0)) + Fraction(
                weight * rate * share_bp, BASIS_POINTS**3
            )
    if total_weight != BASIS_POINTS:
        raise SplitError(f"Usage weights sum to {total_weight}, not 10000")
    designer_id = snapshot.get("designer_id")
    designer_rate = _bp(snapshot.get("designer_rate_bp", 0), "The designer rate")
    if designer_id is None and designer_rate:
        raise SplitError("A designer rate without a designer")
    weights: dict[Payee, Fraction] = {Payee(MUSEUM, mid): w for mid, w in sorted(museums.items()) if w}
    if designer_id is not None and designer_rate:
        weights[Payee(DESIGNER, int(designer_id))] = Fraction(designer_rate, BASIS_POINTS)
    platform = 1 - sum(weights.values(), Fraction(0))
    if platform < 0:
        raise SplitError("Museum and designer rates add up past 100%")
    if platform:
        weights[Payee(PLATFORM)] = platform
    return weights


def allocate(base: int, weights: Mapping[Payee, Fraction]) -> dict[Payee, int]:
    """Rule 3: ``base`` split by largest remainder; sums to ``base``, each amount floor or ceil of its share."""
    if base < 0:
        raise SplitError("Cannot allocate a negative amount")
    if not weights or sum(weights.values(), Fraction(0)) != 1 or any(w < 0 for w in weights.values()):
        raise SplitError("Weights must be non-negative and sum to exactly 1")
    payees = _ordered(weights)
    amounts: dict[Payee, int] = {}
    remainders: list[tuple[Fraction, int, Payee]] = []
    for position, payee in enumerate(payees):
        exact = base * weights[payee]
        floor = exact.numerator // exact.denominator
        amounts[payee] = floor
        remainders.append((exact - floor, position, payee))
    leftover = base - sum(amounts.values())
    # Largest remainder first; equal remainders in payee (tie) order.
    remainders.sort(key=lambda item: (-item[0], item[1]))
    for _, _, payee in remainders[:leftover]:
        amounts[payee] += 1
    return {payee: amounts[payee] for payee in payees}


def refund_base(*, base: int, quantity: int, refunded_quantity: int, refunded_base: int, refund_quantity: int) -> int:
    """Rule 4: how much of ``base`` a refund of ``refund_quantity`` units takes, given earlier refunds."""
    if quantity <= 0 or refund_quantity <= 0:
        raise SplitError("Quantities must be positive")
    if refunded_quantity + refund_quantity > quantity:
        raise SplitError(
            f"Refunding {refund_quantity} more of {quantity} units after {refunded_quantity} exceeds the line"
        )
    remaining = base - refunded_base
    if refunded_quantity + refund_quantity == quantity:
        return remaining
    return min(round_half_up(Fraction(base * refund_quantity, quantity)), remaining)


def allocate_reversal(
    amount: int, weights: Mapping[Payee, Fraction], left: Mapping[Payee, int], *, completing: bool = False
) -> dict[Payee, int]:
    """Rule 5: reversals of a refund of ``amount``, never more than each payee's ``left`` on the line."""
    payees = _ordered(weights)
    if any(left.get(payee, 0) < 0 for payee in payees):
        raise SplitError("A payee cannot hold a negative amount on a line")
    if completing:
        if amount != sum(left.get(payee, 0) for payee in payees):
            raise SplitError("A completing refund must take exactly what remains")
        return {payee: left.get(payee, 0) for payee in payees}
    if amount < 0 or amount > sum(left.get(payee, 0) for payee in payees):
        raise SplitError("A refund cannot take more than remains on the line")
    fixed: dict[Payee, int] = {}
    active = [payee for payee in payees if weights[payee] > 0]
    while True:
        remaining = amount - sum(fixed.values())
        if not active:  # unreachable while Σ left ≥ amount (see rule 5); refuse rather than divide by zero
            raise SplitError("Nothing left on the line to reverse")
        active_total = sum((weights[payee] for payee in active), Fraction(0))
        share = allocate(remaining, {payee: weights[payee] / active_total for payee in active})
        over = [payee for payee in active if share[payee] > left.get(payee, 0)]
        if not over:
            fixed.update(share)
            break
        for payee in over:
            fixed[payee] = left.get(payee, 0)
            active.remove(payee)
    return {payee: fixed.get(payee, 0) for payee in payees}


@dataclass(frozen=True, slots=True)
class RefundSplit:
    quantity: int
    base: int
    completing: bool
    reversals: dict[Payee, int]


def refund_sequence(
    *, base: int, quantity: int, weights: Mapping[Payee, Fraction], paid: Mapping[Payee, int], refunds: Sequence[int]
) -> list[RefundSplit]:
    """Rules 4–5 replayed over a line's refunds (unit counts, in refund order): one split per refund."""
    if sum(paid.values()) != base:
        raise SplitError("What was paid on the line does not sum to its base")
    left = {payee: paid.get(payee, 0) for payee in _ordered(weights)}
    refunded_quantity = refunded_base = 0
    result = []
    for refund_quantity in refunds:
        taken = refund_base(
            base=base,
            quantity=quantity,
            refunded_quantity=refunded_quantity,
            refunded_base=refunded_base,
            refund_quantity=refund_quantity,
        )
        completing = refunded_quantity + refund_quantity == quantity
        reversals = allocate_reversal(taken, weights, left, completing=completing)
        for payee, amount in reversals.items():
            left[payee] -= amount
        refunded_quantity += refund_quantity
        refunded_base += taken
        result.append(RefundSplit(refund_quantity, taken, completing, reversals))
    return result


def weights_to_json(weights: Mapping[Payee, Fraction]) -> dict[str, str]:
    """Weights as ``{"museum-3": "3/400", ...}``: exact, and readable in an export or the admin."""
    return {payee.key: f"{w.numerator}/{w.denominator}" for payee, w in weights.items()}
