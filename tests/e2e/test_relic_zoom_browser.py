"""Shoppers zoom the watermarked preview of a relic: the viewer fetches public tiles from the media storage,
never the original's."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shop.collection.services import relic_image_add, relic_image_tiles_generate
from tests.factories import LicenceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]


def test_a_shopper_zooms_the_watermarked_preview(chromium_browser, live_server):
    licence = LicenceFactory()
    out = io.BytesIO()
    Image.new("RGB", (2400, 1600), (140, 100, 60)).save(out, format="PNG")
    image = relic_image_add(
        relic=licence.relic,
        image_file=SimpleUploadedFile("p.png", out.getvalue(), content_type="image/png"),
        alt_en="Bronze",
        credit_line="© Museum",
    )
    relic_image_tiles_generate(relic_image_id=image.pk)
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(f"{live_server.url}/relics/{licence.relic.slug}/")
        with page.expect_response(lambda r: "/media/tiles/" in r.url and r.url.endswith("default.jpg")) as tile:
            page.click(".deep-zoom-open")
        assert tile.value.status == 200
        assert page.locator(".deep-zoom-viewer canvas").count() >= 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert not [url for url in requested if "/incubator/originals/" in url or "relics/originals" in url]
    finally:
        context.close()
