"""The SQL cost of a page of products does not grow with the page."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import (
    CategoryFactory,
    DesignFactory,
    LicenceFactory,
    MuseumFactory,
    ProductFactory,
    RelicFactory,
    UserFactory,
    VariantFactory,
)
from tests.shop.catalog.graphql.imagery_factories import product_image_create, relic_image_create
from tests.shop.core.graphql.client import graphql_post

FULL_SHAPE = """
query Products($first: Int!) {
  products(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id slug name description isAvailable
      category { slug name }
      pricing { priceRange { start { amount currency } stop { amount currency } } }
      thumbnail(size: 400) { url alt }
      variants { id sku name price { amount currency } quantityAvailable }
      design { designer { displayName } relics { slug name period museum { slug name } } }
      museums { slug name }
    } }
  }
}
"""

# COUNT, the page, images, variants with stock, design usages (licence, relic, museum joined),
# licensor shares (with museum joined).
FULL_SHAPE_QUERIES = 6


def _catalogue(count: int, *, relic_images: bool = False) -> None:
    """``count`` products, each on its own design, relic and licence (every other one held jointly
    by two museums), with two variants and a real photo whose thumbnails are rendered."""
    chongqing, sichuan = MuseumFactory(slug="chongqing"), MuseumFactory(slug="sichuan")
    category = CategoryFactory(slug="tableware")
    designer = UserFactory(display_name="Lin Yue")
    for index in range(count):
        relic = RelicFactory(museum=chongqing if index % 2 else sichuan)
        shares = [(chongqing, 6000), (sichuan, 4000)] if index % 2 else None
        licence = LicenceFactory(relic=relic, shares=shares, categories=[category])
        design = DesignFactory(category=category, designer=designer, usages=[(licence, 10_000)])
        product = ProductFactory(design=design)
        VariantFactory(product=product, price_amount=Decimal("88.00"))
        VariantFactory(product=product, price_amount=Decimal("128.50"), stock=0)
        product_image_create(product=product)
        if relic_images:
            relic_image_create(relic=relic)


@pytest.mark.django_db
def test_products_full_shape_costs_the_same_queries_for_1_and_100(client, django_assert_num_queries):
    _catalogue(100)

    with django_assert_num_queries(FULL_SHAPE_QUERIES):
        status, one = graphql_post(client, FULL_SHAPE, {"first": 1})
    with django_assert_num_queries(FULL_SHAPE_QUERIES):
        status_100, hundred = graphql_post(client, FULL_SHAPE, {"first": 100})

    assert (status, status_100) == (200, 200), (one, hundred)
    assert len(one["data"]["products"]["edges"]) == 1
    edges = hundred["data"]["products"]["edges"]
    assert len(edges) == 100
    assert hundred["data"]["products"]["totalCount"] == 100
    for edge in edges:
        node = edge["node"]
        assert node["thumbnail"]["url"].endswith(".480x480_q85_crop-smart.jpg")
        assert [v["price"]["amount"] for v in node["variants"]] == ["88.00", "128.50"]
        assert node["pricing"]["priceRange"]["start"]["amount"] == "88.00"
        assert node["isAvailable"] is True
        assert node["design"]["designer"]["displayName"] == "Lin Yue"
        relic_museum = node["design"]["relics"][0]["museum"]["slug"]
        assert relic_museum in {m["slug"] for m in node["museums"]}
    assert sum(len(edge["node"]["museums"]) == 2 for edge in edges) == 50, "joint licences list both museums"


@pytest.mark.django_db
def test_products_with_relic_images_and_licences_add_a_fixed_number_of_queries(client, django_assert_num_queries):
    _catalogue(30, relic_images=True)
    query = """{ products(first: 30) { edges { node { slug design { relics {
        images { url(size: SMALL) alt }
        licences { reference status licensors { shareBp museum { slug } } allowedCategories { slug } }
    } } } } } }"""

    # page, usages, relic images, licences, licensor shares, allowed categories (no COUNT: not selected)
    with django_assert_num_queries(6):
        status, body = graphql_post(client, query)

    assert status == 200, body
    relic = body["data"]["products"]["edges"][0]["node"]["design"]["relics"][0]
    assert relic["images"][0]["url"].endswith(".160x160_q85_crop-smart.jpg")
    assert relic["licences"][0]["allowedCategories"] == [{"slug": "tableware"}]


@pytest.mark.django_db
def test_products_asking_only_scalars_cost_one_query(client, django_assert_num_queries):
    _catalogue(3)

    with django_assert_num_queries(1):
        status, body = graphql_post(client, "{ products(first: 10) { edges { node { slug name isAvailable } } } }")

    assert status == 200
    assert len(body["data"]["products"]["edges"]) == 3
