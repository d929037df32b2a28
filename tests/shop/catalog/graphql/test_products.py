"""The public product queries: visibility, filters, sorting, paging, languages and bad input."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from graphql_relay import to_global_id

from shop.collection.models import LicenceStatus
from tests.factories import (
    CategoryFactory,
    DesignFactory,
    LicenceFactory,
    MuseumFactory,
    ProductFactory,
    RelicFactory,
    UserFactory,
    VariantFactory,
    make_buyable_product,
)
from tests.shop.catalog.graphql.imagery_factories import product_image_create
from tests.shop.core.graphql.client import error_codes, graphql_post

pytestmark = pytest.mark.django_db

SLUGS = (
    "query($filter: ProductFilterInput, $sortBy: ProductSortingInput, $first: Int, $after: String) {"
    " products(filter: $filter, sortBy: $sortBy, first: $first, after: $after) {"
    " totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { slug } } } }"
)


def _slugs(client, **variables) -> list[str]:
    status, body = graphql_post(client, SLUGS, variables)
    assert status == 200 and "errors" not in body, body
    return [edge["node"]["slug"] for edge in body["data"]["products"]["edges"]]


def test_unpublished_products_are_neither_listed_nor_found(client):
    make_buyable_product(slug="on-sale")
    make_buyable_product(slug="draft", is_published=False)

    assert _slugs(client) == ["on-sale"]
    status, body = graphql_post(client, '{ product(slug: "draft") { slug } }')
    assert status == 200 and body == {"data": {"product": None}}


def test_unknown_product_slug_is_null_without_error(client):
    status, body = graphql_post(client, '{ product(slug: "no-such-thing") { id name } }')

    assert status == 200
    assert body == {"data": {"product": None}}


def test_product_by_slug_has_its_full_shape(client):
    variant = make_buyable_product(slug="bronze-mask-scarf", price="199.00", stock=4, name_en="Mask scarf")
    product_image_create(product=variant.product)

    status, body = graphql_post(
        client,
        """{ product(slug: "bronze-mask-scarf") { id slug name isAvailable thumbnail(size: 100) { url alt }
             pricing { priceRange { start { amount currency } } } variants { sku quantityAvailable }
             museums { slug } design { relics { slug } } } }""",
    )

    product = body["data"]["product"]
    assert status == 200, body
    assert product["id"] == to_global_id("Product", variant.product.pk)
    assert product["isAvailable"] is True
    assert product["pricing"]["priceRange"]["start"] == {"amount": "199.00", "currency": "CNY"}
    assert product["variants"] == [{"sku": variant.sku, "quantityAvailable": 4}]
    assert product["thumbnail"]["url"].startswith("http://testserver/media/thumbs/")
    assert product["thumbnail"]["url"].endswith(".160x160_q85_crop-smart.jpg")
    assert product["thumbnail"]["alt"] == "Mask scarf photo"


def test_product_on_an_expired_licence_is_shown_unavailable(client):
    variant = make_buyable_product(slug="faded")
    usage = variant.product.design.usages.get()
    usage.licence.status = LicenceStatus.EXPIRED
    usage.licence.save()

    _, body = graphql_post(client, '{ product(slug: "faded") { isAvailable } }')

    assert body == {"data": {"product": {"isAvailable": False}}}
    assert _slugs(client, filter={"available": False}) == ["faded"]
    assert _slugs(client, filter={"available": True}) == []


def test_names_follow_the_request_language(client):
    make_buyable_product(slug="cup", name_en="Tea cup", name_zh="茶杯")

    _, english = graphql_post(client, '{ product(slug: "cup") { name nameEn nameZh } }')
    _, chinese = graphql_post(client, '{ product(slug: "cup") { name } }', HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert english["data"]["product"] == {"name": "Tea cup", "nameEn": "Tea cup", "nameZh": "茶杯"}
    assert chinese["data"]["product"] == {"name": "茶杯"}


def test_filter_by_museum_relic_category_and_designer(client):
    sichuan = MuseumFactory(slug="sichuan")
    relic = RelicFactory(museum=sichuan, slug="bronze-mask")
    category = CategoryFactory(slug="scarves")
    designer = UserFactory()
    licence = LicenceFactory(relic=relic, categories=[category])
    design = DesignFactory(category=category, designer=designer, usages=[(licence, 10_000)])
    VariantFactory(product=ProductFactory(slug="mask-scarf", design=design))
    make_buyable_product(slug="other")

    assert _slugs(client, filter={"museum": "sichuan"}) == ["mask-scarf"]
    assert _slugs(client, filter={"relic": "bronze-mask"}) == ["mask-scarf"]
    assert _slugs(client, filter={"category": "scarves"}) == ["mask-scarf"]
    assert _slugs(client, filter={"designer": to_global_id("Designer", designer.pk)}) == ["mask-scarf"]
    assert _slugs(client, filter={"museum": "no-such-museum"}) == []


def test_filter_by_price_and_search(client):
    make_buyable_product(slug="cheap", price="20.00", name_en="Bookmark")
    make_buyable_product(slug="dear", price="500.00", name_en="Bronze lamp")

    assert _slugs(client, filter={"priceGte": "100"}) == ["dear"]
    assert _slugs(client, filter={"priceLte": "20.00"}) == ["cheap"]
    assert _slugs(client, filter={"search": "lamp"}) == ["dear"]


def test_sort_by_price_and_name_both_ways(client):
    make_buyable_product(slug="b", price="30.00", name_en="Beta")
    make_buyable_product(slug="a", price="50.00", name_en="Alpha")
    make_buyable_product(slug="c", price="10.00", name_en="Gamma")

    assert _slugs(client, sortBy={"field": "PRICE", "direction": "ASC"}) == ["c", "b", "a"]
    assert _slugs(client, sortBy={"field": "PRICE", "direction": "DESC"}) == ["a", "b", "c"]
    assert _slugs(client, sortBy={"field": "NAME", "direction": "ASC"}) == ["a", "b", "c"]
    assert _slugs(client, sortBy={"field": "NAME", "direction": "DESC"}) == ["c", "b", "a"]


def test_sort_by_name_follows_the_shoppers_language(client):
    make_buyable_product(slug="apple", name_en="Apple tray", name_zh="苹果托盘")  # píngguǒ
    make_buyable_product(slug="zebra", name_en="Zebra fan", name_zh="斑马扇")  # bānmǎ
    make_buyable_product(slug="mask", name_en="Mask pin", name_zh="面具胸针")  # miànjù
    by_name = {"sortBy": {"field": "NAME", "direction": "ASC"}}

    assert _slugs(client, **by_name) == ["apple", "mask", "zebra"]
    _, body = graphql_post(client, SLUGS, by_name, HTTP_ACCEPT_LANGUAGE="zh-Hans")
    chinese = [edge["node"]["slug"] for edge in body["data"]["products"]["edges"]]
    if connection.vendor == "postgresql":
        assert chinese == ["zebra", "mask", "apple"]  # pinyin: b, m, p
    else:
        assert chinese == ["zebra", "apple", "mask"]  # code points: 斑 < 苹 < 面


def test_default_order_is_newest_first(client):
    now = timezone.now()
    make_buyable_product(slug="old", created_at=now - datetime.timedelta(days=3))
    make_buyable_product(slug="new", created_at=now)

    assert _slugs(client) == ["new", "old"]
    assert _slugs(client, sortBy={"field": "CREATED", "direction": "ASC"}) == ["old", "new"]


def test_pages_follow_the_cursor_without_gaps_or_repeats(client):
    for index in range(5):
        make_buyable_product(slug=f"p{index}", price=f"{10 + index}.00")
    sort = {"field": "PRICE", "direction": "ASC"}

    _, first_page = graphql_post(client, SLUGS, {"first": 2, "sortBy": sort})
    page = first_page["data"]["products"]
    _, second_page = graphql_post(client, SLUGS, {"first": 2, "after": page["pageInfo"]["endCursor"], "sortBy": sort})
    second = second_page["data"]["products"]
    _, last_page = graphql_post(client, SLUGS, {"first": 2, "after": second["pageInfo"]["endCursor"], "sortBy": sort})

    assert [e["node"]["slug"] for e in page["edges"]] == ["p0", "p1"]
    assert page["pageInfo"]["hasNextPage"] is True and page["pageInfo"]["hasPreviousPage"] is False
    assert [e["node"]["slug"] for e in second["edges"]] == ["p2", "p3"]
    assert [e["node"]["slug"] for e in last_page["data"]["products"]["edges"]] == ["p4"]
    assert last_page["data"]["products"]["pageInfo"]["hasNextPage"] is False
    assert page["totalCount"] == second["totalCount"] == 5


def test_a_variant_without_stock_row_has_nothing_available(client):
    product = ProductFactory(slug="no-stock")
    variant = VariantFactory(product=product, price_amount=Decimal("10.00"))
    variant.stock.delete()

    _, body = graphql_post(client, '{ product(slug: "no-stock") { isAvailable variants { quantityAvailable } } }')

    assert body["data"]["product"] == {"isAvailable": False, "variants": [{"quantityAvailable": 0}]}


def test_a_product_without_photo_has_a_null_thumbnail(client):
    make_buyable_product(slug="bare")

    _, body = graphql_post(client, '{ product(slug: "bare") { thumbnail { url } images { url } } }')

    assert body["data"]["product"] == {"thumbnail": None, "images": []}


def test_categories_are_listed_in_position_order(client):
    CategoryFactory(slug="stationery", position=2, name_en="Stationery", name_zh="文具")
    CategoryFactory(slug="tableware", position=1)

    _, body = graphql_post(client, "{ categories { slug name } }", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert [c["slug"] for c in body["data"]["categories"]] == ["tableware", "stationery"]
    assert body["data"]["categories"][1]["name"] == "文具"


BAD_PRODUCT_QUERIES = {
    "first over 100": ("{ products(first: 101) { totalCount } }", "first"),
    "negative first": ("{ products(first: -1) { totalCount } }", "first"),
    "malformed cursor": ('{ products(after: "not-a-cursor") { totalCount } }', "after"),
    "malformed designer id": ('{ products(filter: {designer: "%%%"}) { totalCount } }', "designer"),
    "designer id of another type": (
        '{ products(filter: {designer: "' + to_global_id("Product", 1) + '"}) { totalCount } }',
        "designer",
    ),
    "NaN price": ('{ products(filter: {priceGte: "NaN"}) { totalCount } }', "priceGte"),
    "negative price": ('{ products(filter: {priceLte: "-1"}) { totalCount } }', "priceLte"),
    "price with three decimals": ('{ products(filter: {priceLte: "1.005"}) { totalCount } }', "priceLte"),
    "overlong search": ('{ products(filter: {search: "' + "x" * 101 + '"}) { totalCount } }', "search"),
}


@pytest.mark.parametrize("query, field", BAD_PRODUCT_QUERIES.values(), ids=BAD_PRODUCT_QUERIES.keys())
def test_bad_product_arguments_are_invalid_errors_naming_the_argument(client, query, field):
    make_buyable_product()

    status, body = graphql_post(client, query)

    assert status == 200
    assert body["data"] is None
    assert error_codes(body) == ["INVALID"]
    assert body["errors"][0]["extensions"]["field"] == field


SCHEMA_REFUSED = {
    "price not a number (literal)": ('{ products(filter: {priceGte: "abc"}) { totalCount } }', None),
    "price not a number (variable)": (
        "query($p: Decimal) { products(filter: {priceGte: $p}) { totalCount } }",
        {"p": "abc"},
    ),
    "unknown sort field": ("{ products(sortBy: {field: POPULARITY}) { totalCount } }", None),
    "first not an int": ('{ products(first: "ten") { totalCount } }', None),
    "unknown field": ("{ products { edges { node { secretCost } } } }", None),
    "syntax error": ("{ products(first: ) }", None),
}


@pytest.mark.parametrize("query, variables", SCHEMA_REFUSED.values(), ids=SCHEMA_REFUSED.keys())
def test_documents_the_schema_refuses_are_400_with_invalid_code(client, query, variables):
    status, body = graphql_post(client, query, variables)

    assert status == 400
    assert "data" not in body
    assert error_codes(body) and set(error_codes(body)) == {"INVALID"}


def test_thumbnail_size_must_be_positive(client):
    make_buyable_product(slug="cup")

    status, body = graphql_post(client, '{ product(slug: "cup") { slug thumbnail(size: 0) { url } } }')

    assert status == 200
    assert body["data"]["product"] == {"slug": "cup", "thumbnail": None}
    assert error_codes(body) == ["INVALID"]
