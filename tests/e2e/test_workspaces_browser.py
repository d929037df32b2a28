"""Signing in, in a real browser at a phone's width and in both languages: each role lands in its
workspace, and the header with its account menu fits the screen."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from shop.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]

SCREENSHOTS = Path(tempfile.gettempdir())
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(
    ("role", "lands_on"),
    [
        (Role.CURATOR, "/incubator/review/"),
        (Role.FINANCE, "/finance/"),
        (Role.OPERATIONS, "/ops/"),
        (None, "/account/"),
    ],
    ids=["curator", "finance", "operations", "shopper"],
)
def test_signing_in_on_a_phone_lands_in_the_workspace_and_the_menu_fits(
    chromium_browser, live_server, role, lands_on, language
):
    user = UserFactory(roles=(role,) if role else ())
    context = chromium_browser.new_context(viewport=PHONE, locale="zh-CN" if language == "zh-hans" else "en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/account/sign-in/")
        page.fill("input[name=email]", user.email)
        page.fill("input[name=password]", "correct horse battery staple")
        page.click("section[aria-labelledby=sign-in-heading] button[type=submit]")
        page.wait_for_url(f"**{lands_on}")

        page.click(".account-menu summary")
        menu = page.locator(".account-menu ul")
        assert menu.is_visible()
        links = page.locator(".account-menu [data-workspace]")
        assert links.count() >= 1
        box = menu.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert page.evaluate("document.querySelector('.site-header').scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(SCREENSHOTS / f"workspace-menu-{role or 'shopper'}-{language}.png"))
    finally:
        context.close()
