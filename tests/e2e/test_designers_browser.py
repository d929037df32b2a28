"""A shopper on a 390 px phone finds the designers from the header, in English and Chinese: the index fits the
screen, shows each designer's portrait, names and products on sale, and leads to their page and back."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from incubator import services
from tests.incubator import images
from tests.incubator.factories import designer_user, make_launched, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(tempfile.gettempdir()) / "designers-390"


def _world():
    world = make_world()
    launched = make_launched(world)
    services.submission_publish(submission=launched, actor=world.curator)
    profile = world.designer.designer_profile
    portrait = SimpleUploadedFile("me.jpg", images.jpeg_bytes((400, 400)), content_type="image/jpeg")
    services.designer_profile_save(
        user=world.designer, display_name=profile.display_name, display_name_zh="陈浩", avatar=portrait
    )
    long_name = designer_user(display_name="Alexandrina Wolfeschlegelsteinhausen-Bergdorff")
    services.designer_profile_save(
        user=long_name,
        display_name=long_name.display_name,
        display_name_zh="亚历山德丽娜·沃尔夫施莱格尔施泰因豪森-贝格多夫",
    )
    world.designer.designer_profile.refresh_from_db()
    return world


@pytest.mark.parametrize(
    ("language", "heading", "on_sale"),
    [("en", "Designers", "1 product on sale"), ("zh-hans", "设计师", "在售商品 1 件")],
)
def test_a_phone_finds_the_designers_from_the_header_and_opens_one(
    chromium_browser, live_server, language, heading, on_sale
):
    world = _world()
    profile = world.designer.designer_profile
    context = chromium_browser.new_context(viewport=PHONE, java_script_enabled=False)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/")
        page.locator('nav.site-nav a[href="/designers/"]').click()
        page.wait_for_url(f"{live_server.url}/designers/")

        assert page.locator("h1").inner_text() == heading
        cards = page.locator('[data-testid="designer-card"]')
        assert cards.count() == 3  # world's two designers, and the one with the long name
        first = cards.first
        assert profile.slug in first.locator("a").get_attribute("href")
        assert first.locator('[data-testid="designer-products"]').inner_text() == on_sale
        names = first.locator(".card-title").inner_text(), first.locator(".designer-card-other").inner_text()
        assert set(names) == {profile.display_name, "陈浩"}
        assert names[0] == ("陈浩" if language == "zh-hans" else profile.display_name)
        portrait = first.locator("img.avatar")
        assert portrait.evaluate("img => img.complete && img.naturalWidth") == 160  # the small thumbnail, loaded
        box = portrait.bounding_box()
        assert box is not None and box["width"] == 72
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"index-{language}.png"), full_page=True)
        width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        assert width <= PHONE["width"], width
        for index in range(cards.count()):
            card_box = cards.nth(index).bounding_box()
            assert card_box is not None and card_box["x"] >= 0 and card_box["x"] + card_box["width"] <= PHONE["width"]

        first.locator("a").click()
        page.wait_for_url(f"{live_server.url}/designers/{profile.slug}/")
        assert page.locator("h1").inner_text() == names[0]
        page.locator('.breadcrumbs a[href="/designers/"]').click()
        page.wait_for_url(f"{live_server.url}/designers/")
    finally:
        context.close()
