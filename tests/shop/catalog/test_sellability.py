"""``product_sellability`` / ``variant_sellability``: the one answer to "can this be bought now, and if not, why",
the same on a single object as on annotated or prefetched rows, without a query per row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext

from shop.catalog.models import DesignLicenceUsage, Product, ProductVariant, Stock
from shop.catalog.selectors import (
    Unsellable,
    product_annotate_sellability,
    product_sellability,
    variant_sellability,
)
from shop.collection.models import LicenceStatus
from tests.factories import VariantFactory, make_buyable_product

pytestmark = pytest.mark.django_db


def _unpublished():
    variant = make_buyable_product()
    Product.objects.filter(pk=variant.product_id).update(is_published=False)
    return variant


def _licence_suspended():
    variant = make_buyable_product()
    usage = DesignLicenceUsage.objects.get(design=variant.product.design)
    usage.licence.status = LicenceStatus.SUSPENDED
    usage.licence.save()
    return variant


def _sold_out():
    variant = make_buyable_product(stock=2)
    Stock.objects.filter(variant=variant).update(quantity_allocated=2)
    return variant


CASES = [
    (make_buyable_product, None, 10),
    (_unpublished, Unsellable.UNPUBLISHED, 0),
    (_licence_suspended, Unsellable.LICENCE_INACTIVE, 0),
    (_sold_out, Unsellable.OUT_OF_STOCK, 0),
]


def _annotated(pk: int) -> Product:
    return product_annotate_sellability(Product.objects.filter(pk=pk)).get()


def _prefetched(pk: int) -> Product:
    usages = DesignLicenceUsage.objects.select_related("licence")
    variants = ProductVariant.objects.select_related("stock")
    return (
        Product.objects.select_related("design")
        .prefetch_related(Prefetch("design__usages", queryset=usages), Prefetch("variants", queryset=variants))
        .get(pk=pk)
    )


@pytest.mark.parametrize(("make", "reason", "available"), CASES)
@pytest.mark.parametrize("load", ["plain", "annotated", "prefetched"])
def test_product_sellability_gives_the_same_answer_however_the_row_was_loaded(make, reason, available, load):
    variant = make()
    product = {"plain": Product.objects.get, "annotated": _annotated, "prefetched": _prefetched}[load](
        pk=variant.product_id
    )

    answer = product_sellability(product=product)

    assert answer.reason == reason
    assert answer.is_sellable is (reason is None)
    if reason in (None, Unsellable.OUT_OF_STOCK):
        assert answer.quantity_available == available


@pytest.mark.parametrize(("make", "reason", "available"), CASES)
def test_variant_sellability_agrees_with_the_product(make, reason, available):
    variant = ProductVariant.objects.select_related("product", "stock").get(pk=make().pk)
    assert variant_sellability(variant=variant).reason == reason


def test_a_variant_gone_and_a_quantity_beyond_stock_are_refused_with_their_reason():
    assert variant_sellability(variant=None).reason == Unsellable.VARIANT_GONE
    variant = make_buyable_product(stock=3)
    assert variant_sellability(variant=variant, quantity=3).is_sellable
    too_many = variant_sellability(variant=variant, quantity=4)
    assert (too_many.reason, too_many.quantity_available) == (Unsellable.OUT_OF_STOCK, 3)


def test_a_variant_without_a_stock_row_is_out_of_stock():
    variant = make_buyable_product()
    Stock.objects.filter(variant=variant).delete()
    assert variant_sellability(variant=ProductVariant.objects.get(pk=variant.pk)).reason == Unsellable.OUT_OF_STOCK


@pytest.mark.parametrize("load", [_annotated, _prefetched])
def test_loaded_rows_are_answered_without_a_query(load):
    variant = make_buyable_product()
    VariantFactory(product=variant.product, stock=4)
    product = load(pk=variant.product_id)
    with CaptureQueriesContext(connection) as queries:
        answer = product_sellability(product=product)
        offers = [variant_sellability(variant=v) for v in product.variants.all()] if load is _prefetched else []
    assert answer.quantity_available == 14
    assert [offer.quantity_available for offer in offers] == ([10, 4] if offers else [])
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_a_plain_row_costs_one_query_per_fact_whatever_the_number_of_usages_and_variants():
    variant = make_buyable_product()
    for _ in range(3):
        VariantFactory(product=variant.product, stock=1)
    product = Product.objects.get(pk=variant.product_id)
    with CaptureQueriesContext(connection) as queries:
        assert product_sellability(product=product).quantity_available == 13
    assert len(queries) == 2  # licences active (one EXISTS), free stock (one SUM)
