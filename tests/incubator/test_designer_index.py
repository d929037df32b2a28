"""The designers' index (/designers/): every designer with a public page, names as the site shows them, portrait
thumbnail, products on sale, paged; linked from the header, the footer, product pages and designer pages; a fixed
number of queries however many designers."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from incubator import services
from incubator.views.public import DESIGNERS_PER_PAGE
from tests.incubator import images
from tests.incubator.factories import designer_user, make_launched, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def launched(world):
    submission = make_launched(world)
    services.submission_publish(submission=submission, actor=world.curator)
    submission.refresh_from_db()
    return submission


def _cards(html: str) -> list[str]:
    return re.findall(r'<li class="card designer-card" data-testid="designer-card">(.*?)</li>', html, re.S)


def _designer(name: str, name_zh: str = "", *, avatar: bool = False):
    user = designer_user(display_name=name)
    upload = SimpleUploadedFile("me.jpg", images.jpeg_bytes((300, 300)), content_type="image/jpeg") if avatar else None
    services.designer_profile_save(user=user, display_name=name, display_name_zh=name_zh, avatar=upload)
    return user.designer_profile


def _queries(url: str) -> int:
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_index_lists_each_designer_with_names_portrait_products_on_sale_and_a_link(world, launched):
    profile = world.designer.designer_profile
    profile.display_name_zh = "陈设计"
    profile.save()
    zhou = _designer("Zhou Xiaoman", "周小满", avatar=True)

    english = Client().get("/designers/").content.decode()

    cards = _cards(english)
    assert len(cards) == 3  # world's two designers and Zhou
    first = cards[0]  # most products on sale first
    assert f'href="/designers/{profile.slug}/"' in first
    assert profile.display_name in first and '<span class="designer-card-other" lang="zh-Hans">陈设计</span>' in first
    assert "1 product on sale" in first
    zhou_card = next(card for card in cards if zhou.slug in card)
    assert "0 products on sale" in zhou_card
    # The portrait is its pre-rendered small thumbnail, not the upload itself.
    assert re.search(
        r'<img class="avatar avatar-small" src="/media/thumbs/designers/[^"]+\.160x160_[^"]*\.jpg"', zhou_card
    )
    assert "avatar-initial" in first  # no portrait: the initial stands in

    chinese = Client(headers={"accept-language": "zh-hans"}).get("/designers/").content.decode()
    zhou_chinese = next(card for card in _cards(chinese) if zhou.slug in card)
    assert '<span class="card-title">周小满</span>' in zhou_chinese
    assert '<span class="designer-card-other" lang="en">Zhou Xiaoman</span>' in zhou_chinese
    assert "在售商品 0 件" in zhou_chinese and "设计师" in chinese


def test_the_index_leaves_out_inactive_accounts_and_unpublished_products(world, launched):
    gone = _designer("Gone Away")
    gone.user.is_active = False
    gone.user.save()
    services.submission_publish(submission=launched, actor=world.curator, published=False)

    html = Client().get("/designers/").content.decode()

    assert gone.slug not in html
    assert all("0 products on sale" in card for card in _cards(html))


def test_the_index_is_paged_and_a_bad_page_is_not_an_error(world):
    for index in range(DESIGNERS_PER_PAGE + 3):
        _designer(f"Designer {index:02d}")
    total = DESIGNERS_PER_PAGE + 5  # and world's two

    first = Client().get("/designers/").content.decode()
    second = Client().get("/designers/?page=2").content.decode()

    assert len(_cards(first)) == DESIGNERS_PER_PAGE and len(_cards(second)) == 5
    assert f"{total} designers" in first and 'rel="next"' in first and "Page 2 of 2" in second
    for bad in ("abc", "0", "99", "-1"):
        assert Client().get(f"/designers/?page={bad}").status_code == 200


def test_the_index_costs_the_same_queries_for_2_or_24_designers(world, launched):
    few = _queries("/designers/")
    for index in range(22):
        _designer(f"More {index:02d}", f"设计师{index}", avatar=index % 2 == 0)
    assert _queries("/designers/") == few == 2  # the count and the page (anonymous: no session query)


def test_the_header_footer_product_and_designer_pages_link_the_index(world, launched):
    home = Client().get("/").content.decode()
    assert home.count('href="/designers/"') == 2  # header and footer
    product = Client().get(f"/products/{launched.product.slug}/").content.decode()
    assert 'data-testid="all-designers"' in product
    page = Client().get(f"/designers/{world.designer.designer_profile.slug}/").content.decode()
    assert '<a href="/designers/">Designers</a></nav>' in page
