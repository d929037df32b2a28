"""The whole path, in Chinese, in Chromium: a new designer signs up, finds a relic by searching, zooms into its
original, starts a design with it, downloads the high-resolution original (marked and logged), builds the
submission with two relics and an uploaded image in one form and submits it; the curator approves, both museums
approve, the sample is accepted, the launch form comes prefilled, the product is published; a shopper reads both
museums, their approvals and the split of the price on the product page, and buys it."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from incubator.downloads import RelicImageDownload
from incubator.models import Submission, SubmissionState
from shop.accounts.models import User
from shop.collection.marking import hidden_mark_read
from shop.collection.services import relic_image_add, relic_image_tiles_generate
from shop.orders.models import OrderStatus
from tests.e2e.test_checkout_browser import _buy
from tests.incubator.factories import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]

SCREENSHOTS = Path(tempfile.gettempdir()) / "portal-journey"
FULL_RESOLUTION_TILE = re.compile(r"/\d+,\d+,(\d+),(\d+)/\1,\2/0/default\.jpg$")


def _photo(colour, size=(1600, 1000)) -> bytes:
    picture = Image.new("RGB", size, colour)
    for x in range(0, size[0], 80):
        picture.paste((40, 60, 90), (x, 0, x + 30, size[1]))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _context(browser, live_server, user=None, *, javascript=True):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=javascript, accept_downloads=True
    )
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "zh-hans", "url": live_server.url}])
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_designer_to_shopper_in_chinese(chromium_browser, live_server, settings, tmp_path):
    settings.PAYMENT_GATEWAY = "dummy"
    world = make_world()
    joint, solo = world.joint_licence, world.solo_licence  # joint: kept by Sichuan, held 40/60 with Chongqing
    images = {}
    for licence, colour in ((joint, (150, 110, 60)), (solo, (90, 120, 100))):
        image = relic_image_add(
            relic=licence.relic,
            image_file=SimpleUploadedFile("p.png", _photo(colour), content_type="image/png"),
            alt_en="Relic",
            credit_line="© Museum",
        )
        relic_image_tiles_generate(relic_image_id=image.pk)
        images[licence.pk] = image
    prototype = tmp_path / "prototype.png"
    prototype.write_bytes(_photo((200, 60, 40), size=(800, 600)))

    designer_context = _context(chromium_browser, live_server)
    page = designer_context.new_page()
    page.set_default_timeout(20_000)

    # Sign up as a designer.
    page.goto(f"{live_server.url}/incubator/signup/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.fill("input[name=email]", "new.designer@example.com")
    page.fill("input[name=password]", "a sturdy passphrase 42")
    page.fill("input[name=display_name]", "Lin Yao")
    page.fill("input[name=display_name_zh]", "林瑶")
    page.click("form.panel button[type=submit]")
    page.wait_for_url("**/incubator/relics/")
    designer = User.objects.get(email="new.designer@example.com")

    # Find the jointly held relic by searching its Chinese name.
    page.fill(".portal-filters input[name=q]", joint.relic.name_zh)
    page.click(".portal-filters button[type=submit]")
    assert page.locator(".relic-tile").count() == 1
    assert "博物馆" in page.locator(".relic-tile .terms").inner_text()  # the terms, in Chinese
    page.click(f"#relic-{joint.relic.slug} h2 a")
    page.wait_for_url(f"**/incubator/relics/{joint.relic.slug}/")

    # Zoom into the original: the viewer opens and, zoomed in, fetches full-resolution tiles of the original.
    with page.expect_response(lambda r: "/incubator/originals/" in r.url and r.url.endswith("default.jpg")) as first:
        page.click(".deep-zoom-open")
    assert first.value.status == 200
    with page.expect_response(
        lambda r: "/incubator/originals/" in r.url and FULL_RESOLUTION_TILE.search(r.url) is not None
    ) as deep:
        page.evaluate(
            "() => { const v = document.querySelector('[data-deep-zoom]').deepZoomViewer;"
            " v.viewport.zoomTo(v.viewport.getMaxZoom(), null, true); }"
        )
    assert deep.value.status == 200
    _shot(page, "1-zoom")

    # No submission uses it yet: the page says so and starts a design with it.
    assert page.locator("#download form").count() == 0
    page.click("a[href*='submissions/new/?relic=']")
    page.wait_for_url("**/incubator/submissions/new/**")
    assert page.locator(f"input[name=usages][value='{joint.pk}']").is_checked()

    # One form: the words, two relics with their shares, an uploaded image.
    page.fill("#id_title", "两城丝巾")
    page.fill("#id_description", "A scarf after two relics of the two cities.")
    page.select_option("#id_category", str(world.category.pk))
    page.fill("#id_proposed_retail_price", "268.00")
    page.fill("#id_estimated_unit_cost", "80.00")
    page.fill("#relic-search", solo.relic.name_zh)
    page.check(f"input[name=usages][value='{solo.pk}']")
    page.fill(f"#weight-{joint.pk}", "60")
    page.fill(f"#weight-{solo.pk}", "40")
    assert page.locator("[data-weights-total]").inner_text().endswith("100%")
    page.set_input_files("#id_images", str(prototype))
    assert page.locator("[data-previews] img").count() == 1
    page.click("button[name=then][value=save]")
    page.wait_for_url("**/edit/")
    submission = Submission.objects.get(designer=designer)
    revision = submission.current_revision
    assert sorted(revision.usages.values_list("weight_bp", flat=True)) == [4000, 6000]
    assert revision.images.count() == 1
    _shot(page, "2-editor")

    # Now the original may be downloaded: it carries the designer's marks and the download is logged.
    page.goto(f"{live_server.url}/incubator/relics/{joint.relic.slug}/")
    with page.expect_download() as download_info:
        page.click("#download button[type=submit]")
    content = Path(download_info.value.path()).read_bytes()
    record = RelicImageDownload.objects.get(designer=designer)
    assert record.submission == submission and "Lin Yao" in record.visible_mark
    with images[joint.pk].original.open("rb") as stored:
        assert hidden_mark_read(content, original=stored.read()) == record.mark

    page.goto(f"{live_server.url}/incubator/submissions/{submission.pk}/edit/")
    page.click("button[name=then][value=submit]")
    page.wait_for_url(f"**/incubator/submissions/{submission.pk}/")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED

    # The curator approves: the decision offers only what the state allows.
    curator_context = _context(chromium_browser, live_server, world.curator)
    curator = curator_context.new_page()
    curator.goto(f"{live_server.url}/incubator/submissions/{submission.pk}/")
    assert curator.locator(".compare img").count() >= 3  # the prototype beside both relics
    curator.check("section.review input[name=decision][value=APPROVE]")
    curator.click("section.review button[type=submit]")
    submission.refresh_from_db()
    assert submission.state == SubmissionState.AWAITING_MUSEUMS

    # Both museums approve, each in its own queue.
    for staff in (world.chongqing_staff, world.sichuan_staff):
        context = _context(chromium_browser, live_server, staff)
        museum_page = context.new_page()
        museum_page.goto(f"{live_server.url}/incubator/approvals/")
        museum_page.select_option(".item form select[name=decision]", "APPROVE")
        museum_page.click(".item form button[type=submit]")
        context.close()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.APPROVED

    # The designer sends the sample; the curator accepts it and launches from the prefilled form.
    page.goto(f"{live_server.url}/incubator/submissions/{submission.pk}/")
    page.set_input_files("#sample-images", str(prototype))
    page.click("section.sample button[type=submit]")
    curator.goto(f"{live_server.url}/incubator/submissions/{submission.pk}/")
    curator.select_option("section.sample-decision select[name=decision]", "ACCEPT")
    curator.click("section.sample-decision button[type=submit]")
    assert curator.input_value("section.launch input[name=price]") == "268.00"
    assert curator.input_value("section.launch input[name=name_en]") == "两城丝巾"
    curator.fill("section.launch input[name=name_zh]", "两城丝巾")
    curator.fill("section.launch textarea[name=description_zh]", "取材自两座城市两件文物的丝巾。")
    curator.fill("section.launch input[name=stock]", "5")
    curator.click("section.launch button[type=submit]")
    curator.click("form[action$='/publish/'] button[type=submit]")
    assert "已发布" in curator.locator(".messages").inner_text()
    submission.refresh_from_db()
    assert submission.state == SubmissionState.LAUNCHED and submission.product.is_published
    _shot(curator, "3-launched")
    curator_context.close()
    designer_context.close()

    # The shopper reads the provenance: both museums, their approvals, the split of the price; then buys.
    shopper_context = _context(chromium_browser, live_server, javascript=False)
    shopper = shopper_context.new_page()
    shopper.goto(f"{live_server.url}/products/{submission.product.slug}/")
    provenance = shopper.locator(".provenance").inner_text()
    for museum in (world.chongqing, world.sichuan):
        assert f"{museum.name_zh} 持有" in provenance
        assert re.search(rf"{museum.name_zh} 于 \d{{4}}-\d{{2}}-\d{{2}} 批准", provenance)
    assert shopper.locator(".split-table tbody tr").count() == 4  # two museums, the designer, the shop
    assert "林瑶（设计师）" in provenance
    _shot(shopper, "4-provenance")
    order = _buy(shopper, live_server, product=submission.product, chinese=True)
    assert order.status == OrderStatus.PAID
    shopper_context.close()
