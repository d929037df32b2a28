"""List pages run a fixed number of queries, however many products or relics they show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import DesignFactory, LicenceFactory, ProductFactory, RelicFactory, VariantFactory
from tests.shop.storefront.factories import ProductImageFactory, RelicImageFactory

pytestmark = pytest.mark.django_db

# The home page is the most: two shelves of products, each with its images, relics, previews and licensor shares
# (cards name every museum involved), the designers' public credits for both shelves in one, and the museums.
MAX_QUERIES = 14


def _add_products(count: int, *, museum) -> None:
    for _ in range(count):
        relic = RelicFactory(museum=museum)
        RelicImageFactory(relic=relic)
        design = DesignFactory(usages=[(LicenceFactory(relic=relic), 10_000)])
        product = ProductFactory(design=design, is_featured=True)
        VariantFactory(product=product)
        VariantFactory(product=product, stock=0)
        ProductImageFactory(product=product)


def _queries(client, url: str) -> int:
    client.get(url)  # thumbnails are made (and recorded) once, on the first view
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    ["/", "/products/", "/products/?museum=three-gorges&sort=price", "/relics/", "/museums/three-gorges/"],
)
def test_list_pages_do_not_run_a_query_per_item(client, shop, url, django_assert_max_num_queries):
    _add_products(2, museum=shop["chongqing"])
    few = _queries(client, url)

    _add_products(12, museum=shop["chongqing"])
    many = _queries(client, url)

    assert many == few
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)


def test_product_page_query_count_does_not_grow_with_variants_or_relics(client, shop, django_assert_max_num_queries):
    url = reverse("storefront:product-detail", args=["tiger-bell-silk-scarf"])
    few = _queries(client, url)

    scarf = shop["scarf"]
    for _ in range(5):
        VariantFactory(product=scarf)
        ProductImageFactory(product=scarf)
    many = _queries(client, url)

    assert many == few
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)
