"""Every page of the portal, the review and the museum approvals fits a 390 px phone, in English and Chinese:
Chromium renders each one and measures the document's scrollWidth against the viewport."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from incubator import services
from tests.incubator.factories import designer_user, make_world
from tests.incubator.pages import portal_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]

PHONE = {"width": 390, "height": 844}
SHOTS = set(__import__("os").environ.get("PORTAL_SHOTS", "").split(","))
SCREENSHOTS = Path(tempfile.gettempdir()) / "portal-390"


def _session_cookie(user, live_server) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_portal_page_fits_a_phone(chromium_browser, live_server, language):
    world = make_world()
    pages = portal_pages(world)
    SCREENSHOTS.mkdir(exist_ok=True)
    too_wide = []
    contexts = {}
    try:
        for page_spec in pages:
            if page_spec.who not in contexts:
                context = chromium_browser.new_context(viewport=PHONE)
                context.add_cookies(
                    [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
                )
                if page_spec.who:
                    context.add_cookies([_session_cookie(getattr(world, page_spec.who), live_server)])
                contexts[page_spec.who] = context
            page = contexts[page_spec.who].new_page()
            page.set_default_timeout(15_000)
            response = page.goto(f"{live_server.url}{page_spec.url}")
            assert response.status == 200, (page_spec.name, response.status)
            assert page.evaluate("document.documentElement.lang").lower().startswith(language[:2])
            width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
            if width > PHONE["width"] or page_spec.name in SHOTS:
                page.screenshot(path=str(SCREENSHOTS / f"{page_spec.name}-{language}.png"), full_page=True)
                if width > PHONE["width"]:
                    too_wide.append((page_spec.name, width))
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert not too_wide, f"wider than {PHONE['width']} px: {too_wide}"


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_designer_page_with_a_long_unbroken_name_fits_a_phone(chromium_browser, live_server, language):
    """Found in QA: a long name with no space pushed the public designer page 476 px past a phone's edge."""
    designer = designer_user()
    profile = services.designer_profile_save(
        user=designer, display_name="Bartholomew" * 10, display_name_zh="很长的名字" * 20
    )
    context = chromium_browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    page = context.new_page()
    try:
        response = page.goto(f"{live_server.url}/designers/{profile.slug}/")

        assert response.status == 200
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
