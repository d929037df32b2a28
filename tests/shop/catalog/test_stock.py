"""Stock adjustments with a reason, an append-only movement history, the low-stock threshold."""

from __future__ import annotations

import pytest

from shop.catalog.models import Stock, StockMovement, StockMovementReason
from shop.catalog.selectors import stock_low
from shop.catalog.services import stock_adjust, stock_set_quantity, variant_create
from shop.core.errors import ApplicationError
from tests.factories import ProductFactory, UserFactory, VariantFactory

pytestmark = pytest.mark.django_db


def _history_adds_up(stock: Stock) -> bool:
    return sum(StockMovement.objects.filter(stock=stock).values_list("delta", flat=True)) == stock.quantity


def test_a_new_variant_opens_its_history_and_every_adjustment_is_kept():
    variant = variant_create(product=ProductFactory(), sku="ADJ-1", price_amount="88.00", stock_quantity=10)
    staff = UserFactory()
    stock_adjust(variant_id=variant.pk, delta=5, reason=StockMovementReason.RESTOCK, user=staff, note="new batch")
    stock_adjust(variant_id=variant.pk, delta=-2, reason=StockMovementReason.DAMAGED, user=staff)
    stock = Stock.objects.get(variant=variant)
    assert stock.quantity == 13
    history = list(
        StockMovement.objects.filter(stock=stock).order_by("id").values_list("delta", "quantity_after", "reason")
    )
    assert history == [(10, 10, "opening"), (5, 15, "restock"), (-2, 13, "damaged")]
    assert _history_adds_up(stock)
    assert StockMovement.objects.filter(stock=stock, user=staff).count() == 2


@pytest.mark.parametrize(
    ("delta", "reason", "code"),
    [
        (-11, StockMovementReason.RECOUNT, "STOCK_NEGATIVE"),
        (0, StockMovementReason.RECOUNT, "INVALID"),
        (True, StockMovementReason.RECOUNT, "INVALID"),
        (5, "shipment", "INVALID"),
        (5, "stolen", "INVALID"),
        (10**6, StockMovementReason.RESTOCK, "INVALID"),
    ],
)
def test_a_bad_adjustment_is_refused_and_changes_nothing(delta, reason, code):
    variant = VariantFactory(stock=10)
    with pytest.raises(ApplicationError) as caught:
        stock_adjust(variant_id=variant.pk, delta=delta, reason=reason)
    assert caught.value.code == code
    assert Stock.objects.get(variant=variant).quantity == 10
    assert not StockMovement.objects.exists()


def test_stock_never_goes_below_what_orders_hold():
    variant = VariantFactory(stock=10)
    Stock.objects.filter(variant=variant).update(quantity_allocated=8)
    with pytest.raises(ApplicationError) as caught:
        stock_adjust(variant_id=variant.pk, delta=-3, reason=StockMovementReason.DAMAGED)
    assert caught.value.code == "STOCK_BELOW_ALLOCATED"
    stock_adjust(variant_id=variant.pk, delta=-2, reason=StockMovementReason.DAMAGED)
    assert Stock.objects.get(variant=variant).quantity == 8


def test_an_unknown_variant_is_not_found():
    with pytest.raises(ApplicationError) as caught:
        stock_adjust(variant_id=999_999, delta=1, reason=StockMovementReason.RESTOCK)
    assert caught.value.code == "NOT_FOUND"


def test_movements_are_append_only():
    variant = VariantFactory(stock=1)
    movement = stock_adjust(variant_id=variant.pk, delta=1, reason=StockMovementReason.RESTOCK).movements.get()
    with pytest.raises(ValueError):
        movement.save()
    with pytest.raises(ValueError):
        movement.delete()


def test_a_recount_in_the_admin_is_kept_as_a_movement():
    variant = variant_create(product=ProductFactory(), sku="ADJ-2", price_amount="88.00", stock_quantity=4)
    stock_set_quantity(variant=variant, quantity=7)
    stock = Stock.objects.get(variant=variant)
    assert StockMovement.objects.filter(stock=stock).first().reason == StockMovementReason.RECOUNT
    assert _history_adds_up(stock)


def test_low_stock_lists_variants_at_or_under_their_threshold():
    plenty, low, custom = VariantFactory(stock=50), VariantFactory(stock=5), VariantFactory(stock=12)
    Stock.objects.filter(variant=custom).update(low_stock_threshold=20)
    Stock.objects.filter(variant=plenty).update(quantity_allocated=44)  # 6 available: above 5
    listed = {stock.variant_id for stock in stock_low()}
    assert low.pk in listed and custom.pk in listed and plenty.pk not in listed
