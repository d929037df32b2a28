from decimal import Decimal

import pytest

from shop.catalog.errors import CatalogErrorCode
from shop.catalog.models import Design
from shop.catalog.services import design_create, product_create, stock_set_quantity, variant_create
from shop.collection.models import LicenceStatus
from shop.core.errors import ApplicationError
from tests.factories import CategoryFactory, DesignFactory, LicenceFactory, UserFactory, VariantFactory

pytestmark = pytest.mark.django_db


def _licence(category, **kwargs):
    return LicenceFactory(categories=[category], **kwargs)


def test_design_create_records_usages_summing_to_10000():
    category = CategoryFactory()
    first, second = _licence(category), _licence(category)
    design = design_create(
        name="Twin motif",
        category=category,
        usages=[(first, 6000), (second, 4000)],
        designer=UserFactory(),
        designer_rate_bp=800,
    )
    assert sorted(design.usages.values_list("weight_bp", flat=True)) == [4000, 6000]


@pytest.mark.parametrize(
    ("weights", "code"),
    [
        ((6000, 3000), CatalogErrorCode.WEIGHTS_DO_NOT_SUM),
        ((6000, 4001), CatalogErrorCode.WEIGHTS_DO_NOT_SUM),
        ((10_000, 0), CatalogErrorCode.RATE_OUT_OF_RANGE),
    ],
)
def test_design_create_refuses_weights_that_do_not_sum(weights, code):
    category = CategoryFactory()
    usages = [(_licence(category), weight) for weight in weights]
    with pytest.raises(ApplicationError) as caught:
        design_create(name="Bad", category=category, usages=usages)
    assert caught.value.code == code
    assert not Design.objects.exists()


def test_design_create_refuses_licence_that_does_not_allow_the_category():
    category, other = CategoryFactory(), CategoryFactory()
    with pytest.raises(ApplicationError) as caught:
        design_create(name="Scarf", category=category, usages=[(_licence(other), 10_000)])
    assert caught.value.code == CatalogErrorCode.CATEGORY_NOT_LICENSED


def test_design_create_refuses_inactive_licence():
    category = CategoryFactory()
    licence = _licence(category, status=LicenceStatus.SUSPENDED)
    with pytest.raises(ApplicationError) as caught:
        design_create(name="Scarf", category=category, usages=[(licence, 10_000)])
    assert caught.value.code == CatalogErrorCode.LICENCE_INACTIVE


def test_design_create_refuses_rates_past_100_percent():
    category = CategoryFactory()
    licence = _licence(category, museum_rate_bp=6000)
    with pytest.raises(ApplicationError) as caught:
        design_create(
            name="Greedy", category=category, usages=[(licence, 10_000)], designer=UserFactory(), designer_rate_bp=4001
        )
    assert caught.value.code == CatalogErrorCode.RATES_EXCEED_TOTAL


def test_design_create_accepts_rates_of_exactly_100_percent():
    category = CategoryFactory()
    licence = _licence(category, museum_rate_bp=6000)
    design = design_create(
        name="Edge", category=category, usages=[(licence, 10_000)], designer=UserFactory(), designer_rate_bp=4000
    )
    assert design.designer_rate_bp == 4000


def test_design_without_designer_cannot_pay_designer_rate():
    category = CategoryFactory()
    with pytest.raises(ApplicationError) as caught:
        design_create(name="Museum own", category=category, usages=[(_licence(category), 10_000)], designer_rate_bp=500)
    assert caught.value.field == "designer_rate_bp"


def test_product_create_refuses_duplicate_slug():
    design = DesignFactory()
    product_create(slug="bronze-mug", name_en="Mug", name_zh="杯", design=design)
    with pytest.raises(ApplicationError) as caught:
        product_create(slug="bronze-mug", name_en="Mug 2", name_zh="杯2", design=design)
    assert caught.value.code == CatalogErrorCode.UNIQUE


@pytest.mark.parametrize("price", [Decimal("0"), Decimal("-1.00"), Decimal("1.001")])
def test_variant_create_refuses_bad_prices(price):
    design = DesignFactory()
    product = product_create(slug="p", name_en="P", name_zh="P", design=design)
    with pytest.raises(ApplicationError):
        variant_create(product=product, sku="SKU-X", price_amount=price)
    assert not product.variants.exists()


def test_variant_create_refuses_float_price():
    product = product_create(slug="p", name_en="P", name_zh="P", design=DesignFactory())
    with pytest.raises(TypeError):
        variant_create(product=product, sku="SKU-X", price_amount=12.5)


def test_stock_cannot_drop_below_allocated():
    variant = VariantFactory(stock=10)
    variant.stock.quantity_allocated = 4
    variant.stock.save()
    with pytest.raises(ApplicationError):
        stock_set_quantity(variant=variant, quantity=3)
    assert stock_set_quantity(variant=variant, quantity=4).quantity == 4
