"""A curator in a real browser: signs in, picks 中文 in the site header, and reads the Django admin in Chinese,
app, model and field names included, on a desktop and on a 390 px phone."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from shop.accounts.roles import Role
from tests.factories import LicenceFactory, MuseumFactory, RelicFactory, UserFactory

# Kept after the run for a human to look at.
SCREENSHOT_INDEX = Path(tempfile.gettempdir()) / "admin-zh-index.png"
SCREENSHOT_RELIC = Path(tempfile.gettempdir()) / "admin-zh-relic-phone.png"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]


@pytest.fixture
def curator_page(chromium_browser, live_server):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    curator = UserFactory(roles=[Role.CURATOR])
    page.goto(f"{live_server.url}/account/sign-in/?next=/")
    page.fill("input[name=email]", curator.email)
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("section[aria-labelledby=sign-in-heading] button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    yield page
    context.close()


def test_a_curator_switches_to_chinese_and_reads_the_admin_in_chinese(curator_page, live_server):
    page = curator_page
    relic = RelicFactory(museum=MuseumFactory(), accession_number="SC-0001")
    LicenceFactory(relic=relic)

    page.click("form.lang-switch button[value=zh-hans]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/admin/")
    modules = page.locator("#content-main").inner_text()
    for chinese in ["商品目录", "馆藏", "孵化平台", "商品", "文物", "授权", "设计需求"]:
        assert chinese in modules
    for english in ["Catalog", "Collection", "Incubator", "Products", "Relics", "Licences", "Briefs"]:
        assert english not in modules
    page.screenshot(path=str(SCREENSHOT_INDEX), full_page=True)

    page.goto(f"{live_server.url}/admin/collection/licence/")
    headers = page.locator("#result_list thead").inner_text()
    assert "授权编号" in headers and "授权地域" in headers and "Reference" not in headers

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/admin/collection/relic/{relic.pk}/change/")
    form = page.locator("#content-main").inner_text()
    for chinese in ["藏品编号", "名称（英文）", "年代（中文）", "故事（英文）", "文物图片"]:
        assert chinese in form
    assert "Accession number" not in form
    # Nothing wider than the phone: the labels wrap instead of pushing the page sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SCREENSHOT_RELIC), full_page=True)
