"""The public collection queries: museums, relics, their images and licences."""

from __future__ import annotations

import json

import pytest
from graphql_relay import to_global_id

from shop.collection.models import LicenceStatus, RelicCategory, Territory
from tests.factories import CategoryFactory, LicenceFactory, MuseumFactory, RelicFactory
from tests.shop.catalog.graphql.imagery_factories import relic_image_create
from tests.shop.core.graphql.client import error_codes, graphql_post

pytestmark = pytest.mark.django_db

RELICS = (
    "query($filter: RelicFilterInput, $first: Int, $after: String) {"
    " relics(filter: $filter, first: $first, after: $after) {"
    " totalCount pageInfo { hasNextPage endCursor } edges { node { slug } } } }"
)


def _relic_slugs(client, **variables) -> list[str]:
    status, body = graphql_post(client, RELICS, variables)
    assert status == 200 and "errors" not in body, body
    return [edge["node"]["slug"] for edge in body["data"]["relics"]["edges"]]


def test_museums_are_listed_with_names_in_the_request_language(client):
    MuseumFactory(slug="chongqing", name_en="Three Gorges Museum", name_zh="三峡博物馆")
    MuseumFactory(slug="sichuan", name_en="Sichuan Museum", name_zh="四川博物院")

    _, english = graphql_post(client, "{ museums { slug name nameZh } }")
    _, chinese = graphql_post(client, "{ museums { name } }", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert english["data"]["museums"] == [
        {"slug": "chongqing", "name": "Three Gorges Museum", "nameZh": "三峡博物馆"},
        {"slug": "sichuan", "name": "Sichuan Museum", "nameZh": "四川博物院"},
    ]
    assert chinese["data"]["museums"] == [{"name": "三峡博物馆"}, {"name": "四川博物院"}]


def test_unknown_museum_and_relic_slugs_are_null(client):
    status, body = graphql_post(client, '{ museum(slug: "nope") { id } relic(slug: "nope") { id } }')

    assert status == 200
    assert body == {"data": {"museum": None, "relic": None}}


def test_museum_lists_its_own_relics_a_page_at_a_time(client):
    museum = MuseumFactory(slug="sichuan")
    for name in ("Cup", "Axe", "Bell"):
        RelicFactory(museum=museum, name_en=name, slug=name.lower())
    RelicFactory(slug="elsewhere")

    _, body = graphql_post(
        client,
        '{ museum(slug: "sichuan") { id relics(first: 2) {'
        " totalCount pageInfo { hasNextPage } edges { node { slug } } } } }",
    )

    museum_data = body["data"]["museum"]
    assert museum_data["id"] == to_global_id("Museum", museum.pk)
    assert museum_data["relics"]["totalCount"] == 3
    assert museum_data["relics"]["pageInfo"]["hasNextPage"] is True
    assert [edge["node"]["slug"] for edge in museum_data["relics"]["edges"]] == ["axe", "bell"]


def test_relics_filter_by_museum_category_period_and_search(client):
    sichuan = MuseumFactory(slug="sichuan")
    RelicFactory(
        museum=sichuan, slug="brick", category=RelicCategory.PORTRAIT_BRICK, period_en="Eastern Han", period_zh="东汉"
    )
    RelicFactory(slug="bronze", category=RelicCategory.BRONZE, name_en="Zun wine vessel", period_en="Shang")

    assert _relic_slugs(client, filter={"museum": "sichuan"}) == ["brick"]
    assert _relic_slugs(client, filter={"category": "PORTRAIT_BRICK"}) == ["brick"]
    assert _relic_slugs(client, filter={"period": "东汉"}) == ["brick"]
    assert _relic_slugs(client, filter={"period": "eastern"}) == ["brick"]
    assert _relic_slugs(client, filter={"search": "wine"}) == ["bronze"]
    assert _relic_slugs(client, filter={"museum": "nowhere"}) == []


def test_relic_images_are_thumbnails_of_the_public_preview_never_the_original(client):
    relic = RelicFactory(slug="mask")
    image = relic_image_create(relic=relic)
    relic_image_create(relic=relic, with_preview=False)  # not yet watermarked: not public

    status, body = graphql_post(
        client,
        '{ relic(slug: "mask") { images { small: url(size: SMALL) card: url large: url(size: LARGE) alt creditLine'
        " rightsStatement rightsStatementUri } } }",
    )

    assert status == 200, body
    [shown] = body["data"]["relic"]["images"]
    preview = image.preview.name
    assert shown["small"] == f"http://testserver/media/thumbs/{preview}.160x160_q85_crop-smart.jpg"
    assert shown["card"] == f"http://testserver/media/thumbs/{preview}.480x480_q85_crop-smart.jpg"
    assert shown["large"] == f"http://testserver/media/thumbs/{preview}.1200x1200_q85.jpg"
    assert shown["rightsStatement"] == "NoC-CR"
    assert shown["rightsStatementUri"] == "http://rightsstatements.org/vocab/NoC-CR/1.0/"
    raw = json.dumps(body)
    assert "originals" not in raw and image.original.name not in raw


def test_a_preview_whose_thumbnails_are_not_rendered_yet_is_served_as_is(client):
    relic = RelicFactory(slug="fresh")
    image = relic_image_create(relic=relic, render_thumbnails=False)

    _, body = graphql_post(client, '{ relic(slug: "fresh") { images { url(size: SMALL) } } }')

    assert body["data"]["relic"]["images"] == [{"url": f"http://testserver/media/{image.preview.name}"}]


def test_relic_licences_show_their_terms_and_licensors(client):
    chongqing, sichuan = MuseumFactory(slug="chongqing"), MuseumFactory(slug="sichuan")
    relic = RelicFactory(museum=chongqing, slug="joint", name_zh="联合")
    scarves = CategoryFactory(slug="scarves")
    LicenceFactory(
        relic=relic,
        reference="LIC-JOINT",
        museum_rate_bp=1200,
        territory=Territory.WORLDWIDE,
        shares=[(chongqing, 6000), (sichuan, 4000)],
        categories=[scarves],
    )
    LicenceFactory(relic=relic, reference="LIC-OLD", status=LicenceStatus.EXPIRED)

    _, body = graphql_post(
        client,
        """{ relic(slug: "joint") { name museum { slug } licences { reference museumRateBp territory status isActive
             validFrom validUntil allowedCategories { slug } licensors { shareBp museum { slug } } } } }""",
    )

    relic_data = body["data"]["relic"]
    assert relic_data["museum"] == {"slug": "chongqing"}
    joint, old = relic_data["licences"]
    assert joint["reference"] == "LIC-JOINT"
    assert (joint["museumRateBp"], joint["territory"], joint["status"]) == (1200, "WORLDWIDE", "ACTIVE")
    assert joint["isActive"] is True and joint["validUntil"] is None
    assert joint["allowedCategories"] == [{"slug": "scarves"}]
    assert joint["licensors"] == [
        {"shareBp": 6000, "museum": {"slug": "chongqing"}},
        {"shareBp": 4000, "museum": {"slug": "sichuan"}},
    ]
    assert (old["status"], old["isActive"]) == ("EXPIRED", False)


def test_relics_page_with_images_and_licences_costs_the_same_queries_for_1_and_40(client, django_assert_num_queries):
    museum = MuseumFactory()
    category = CategoryFactory()
    for _ in range(40):
        relic = RelicFactory(museum=museum)
        relic_image_create(relic=relic)
        LicenceFactory(relic=relic, categories=[category])
    query = """query($first: Int) { relics(first: $first) { totalCount edges { node { slug name museum { name }
        images { url alt }
        licences { reference licensors { shareBp museum { slug } } allowedCategories { slug } } } } } }"""

    # COUNT, page (museum joined), images, licences, licensor shares, allowed categories
    for first in (1, 40):
        with django_assert_num_queries(6):
            status, body = graphql_post(client, query, {"first": first})
        assert status == 200 and len(body["data"]["relics"]["edges"]) == first


@pytest.mark.parametrize(
    "variables, field",
    [
        ({"first": 101}, "first"),
        ({"first": -5}, "first"),
        ({"after": "bogus"}, "after"),
        ({"filter": {"search": "x" * 500}}, "search"),
    ],
)
def test_bad_relic_arguments_are_invalid_errors(client, variables, field):
    status, body = graphql_post(client, RELICS, variables)

    assert status == 200
    assert error_codes(body) == ["INVALID"]
    assert body["errors"][0]["extensions"]["field"] == field


def test_unknown_relic_category_is_refused_by_the_schema(client):
    status, body = graphql_post(client, "{ relics(filter: {category: PORCELAIN_DRAGON}) { totalCount } }")

    assert status == 400
    assert error_codes(body) == ["INVALID"]
    assert "PORCELAIN_DRAGON" in body["errors"][0]["message"]


def test_a_museum_reached_from_many_products_pages_its_relics_once(client, django_assert_num_queries):
    from tests.factories import make_buyable_product

    museum = MuseumFactory(slug="sichuan")
    for _ in range(10):
        make_buyable_product(design__usages=[(LicenceFactory(relic=RelicFactory(museum=museum)), 10_000)])
    query = (
        "{ products(first: 10) { edges { node { museums {"
        " relics(first: 3) { totalCount edges { node { slug } } } } } } } }"
    )

    # page, usages, licensor shares, then the museum's relic page and its COUNT once
    with django_assert_num_queries(5):
        status, body = graphql_post(client, query)

    assert status == 200, body
    pages = [edge["node"]["museums"][0]["relics"] for edge in body["data"]["products"]["edges"]]
    assert len(pages) == 10 and all(page == pages[0] for page in pages)
    assert pages[0]["totalCount"] == 10
