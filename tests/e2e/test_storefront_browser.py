"""A shopper browses home → museum → relic → product in English, then switches to Chinese."""

from __future__ import annotations

import io
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter

from shop.collection.models import RelicCategory
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
from tests.shop.storefront.factories import ProductImageFactory, RelicImageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]

# Kept after the run for a human to look at.
SCREENSHOT_EN = Path(tempfile.gettempdir()) / "storefront-product-en.png"
SCREENSHOT_ZH = Path(tempfile.gettempdir()) / "storefront-product-zh.png"


def _mirror(*, ground: str, bronze: str, size: int = 640) -> ContentFile:
    """A bronze-mirror motif: a patinated disc with rings and a knob, on a plain ground."""
    image = Image.new("RGB", (size, size), ground)
    draw = ImageDraw.Draw(image)
    centre, radius = size // 2, size * 2 // 5
    draw.ellipse((centre - radius, centre - radius, centre + radius, centre + radius), fill=bronze)
    for step, width in ((0.92, 6), (0.7, 4), (0.45, 3)):
        r = int(radius * step)
        draw.ellipse((centre - r, centre - r, centre + r, centre + r), outline="#d9c7a0", width=width)
    for angle in range(0, 360, 30):
        draw.pieslice(
            (centre - radius * 0.7, centre - radius * 0.7, centre + radius * 0.7, centre + radius * 0.7),
            angle,
            angle + 6,
            fill="#5d7d6e",
        )
    r = radius // 7
    draw.ellipse((centre - r, centre - r, centre + r, centre + r), fill="#c8a465")
    buffer = io.BytesIO()
    image.filter(ImageFilter.SMOOTH).save(buffer, format="JPEG", quality=88)
    return ContentFile(buffer.getvalue(), name="mirror.jpg")


@pytest.fixture
def catalogue():
    chongqing = MuseumFactory(
        slug="three-gorges",
        name_en="Chongqing China Three Gorges Museum",
        name_zh="重庆中国三峡博物馆",
        city_en="Chongqing",
        city_zh="重庆",
        description_en="Home of the Ba bronzes and the story of the Three Gorges.",
        description_zh="巴人青铜器与三峡历史的家园。",
    )
    MuseumFactory(
        slug="sichuan-museum", name_en="Sichuan Museum", name_zh="四川博物院", city_en="Chengdu", city_zh="成都"
    )
    scarves = CategoryFactory(slug="scarves", name_en="Silk scarves", name_zh="丝巾")
    relic = RelicFactory(
        museum=chongqing,
        slug="tiger-knob-chunyu",
        name_en="Tiger-knob Chunyu Bell",
        name_zh="虎钮錞于",
        period_en="Warring States (475–221 BC)",
        period_zh="战国",
        category=RelicCategory.BRONZE,
        story_en="A war drum of the Ba people, crowned with a crouching tiger.",
        story_zh="巴人的军乐重器，顶上蹲伏着一只猛虎。",
        is_featured=True,
    )
    RelicImageFactory(
        relic=relic,
        preview=_mirror(ground="#efe6d4", bronze="#7b5a35"),
        credit_line="Chongqing China Three Gorges Museum",
    )
    design = DesignFactory(
        category=scarves,
        designer=UserFactory(display_name="Lin Yue 林玥"),
        usages=[(LicenceFactory(relic=relic, categories=[scarves]), 10_000)],
    )
    product = ProductFactory(
        slug="tiger-bell-silk-scarf",
        name_en="Tiger Bell Silk Scarf",
        name_zh="虎钮錞于真丝方巾",
        description_en="Mulberry silk twill, hand-rolled edges, printed with the tiger of the chunyu bell.",
        description_zh="桑蚕丝斜纹，手工卷边，印有虎钮錞于的猛虎纹样。",
        design=design,
        is_featured=True,
    )
    VariantFactory(
        product=product, sku="SCARF-70", name_en="70 × 70 cm", name_zh="70 × 70 厘米", price_amount=Decimal("268.00")
    )
    VariantFactory(
        product=product,
        sku="SCARF-90",
        name_en="90 × 90 cm",
        name_zh="90 × 90 厘米",
        price_amount=Decimal("368.00"),
        stock=3,
    )
    ProductImageFactory(product=product, image=_mirror(ground="#2f5d56", bronze="#a8351f"))
    for number in range(3):
        bookmark = ProductFactory(
            slug=f"bronze-bookmark-{number}",
            name_en=f"Bronze Bookmark {number + 1}",
            name_zh=f"青铜书签 {number + 1}",
            design=design,
        )
        VariantFactory(product=bookmark, price_amount=Decimal("38.00"))
    return product


def test_shopper_browses_home_museum_relic_product_then_switches_to_chinese(live_server, page, catalogue):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Three thousand years of Bashu" in page.locator("h1").inner_text()

    page.locator("#museums").get_by_role("link", name="Chongqing China Three Gorges Museum").click()
    assert page.locator("h1").inner_text() == "Chongqing China Three Gorges Museum"

    page.locator(".relic-card").get_by_role("link", name="Tiger-knob Chunyu Bell").click()
    assert page.locator("h1").inner_text() == "Tiger-knob Chunyu Bell"
    assert page.get_by_text("A war drum of the Ba people").is_visible()
    preview = page.locator(".detail-gallery img").first
    assert "/media/thumbs/" in preview.get_attribute("src")
    assert page.evaluate("img => img.naturalWidth", preview.element_handle()) > 0  # the image really loads

    page.locator(".product-card").get_by_role("link", name="Tiger Bell Silk Scarf").click()
    assert page.locator("h1").inner_text() == "Tiger Bell Silk Scarf"
    assert page.get_by_text(
        "Inspired by Tiger-knob Chunyu Bell, Chongqing China Three Gorges Museum, Warring States (475–221 BC)"
    ).is_visible()
    assert page.get_by_text("Designed by Lin Yue 林玥").is_visible()
    assert page.locator(".price-large").inner_text() == "¥268.00 – ¥368.00"
    assert page.locator("link[rel=stylesheet]").count() == 1
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") == "rgb(247, 242, 232)"
    page.screenshot(path=SCREENSHOT_EN, full_page=True)

    page.get_by_role("button", name="中文").click()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("h1").inner_text() == "虎钮錞于真丝方巾"
    assert page.get_by_text("灵感源自重庆中国三峡博物馆藏战国虎钮錞于").is_visible()
    assert page.get_by_text("加入购物车").first.is_visible()
    assert page.get_by_text("Two Cities, Two Museums 两城两馆").is_visible()
    page.screenshot(path=SCREENSHOT_ZH, full_page=True)


def test_header_search_and_filters_work_without_javascript(live_server, page, catalogue):
    page.goto(live_server.url + "/")

    page.get_by_label("Search the shop").fill("bookmark")
    page.get_by_role("button", name="Search", exact=True).click()

    assert page.locator(".product-card").count() == 3
    page.get_by_label("Price from (¥)").fill("100")
    page.get_by_role("button", name="Apply").click()
    assert page.locator(".result-count").inner_text() == "0 products", page.locator("main").inner_text()[:1500]
    assert page.get_by_text("Nothing matches these filters.").is_visible()
    page.get_by_label("Price from (¥)").fill("30")
    page.get_by_role("button", name="Apply").click()
    assert page.locator(".product-card").count() == 3


def test_on_a_phone_the_products_come_before_the_folded_filters(live_server, chromium_browser, catalogue):
    """Found in QA: at 390 px the filter form filled the first screen and more; a search's results began below it."""
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/products/?q=bookmark")

        first_card = page.locator(".product-card").first.bounding_box()
        assert first_card is not None and first_card["y"] < 844
        assert not page.get_by_label("Museum").is_visible()
        page.get_by_text("Refine").click()
        assert page.get_by_label("Museum").is_visible()
    finally:
        context.close()


def test_on_a_wide_screen_the_filters_stay_open(live_server, chromium_browser, catalogue):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/products/")

        assert page.get_by_label("Museum").is_visible()
    finally:
        context.close()
