"""The back office's pages as a clerk sees them at a desk and on a phone: nothing that matters is cut off."""

from __future__ import annotations

import pytest

from shop.accounts.roles import Role
from tests.factories import UserFactory
from tests.shop.orders.helpers import lines_of, paid_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]

PASSWORD = "correct horse battery staple"


def _ops_page(browser, live_server, *, width: int, language: str = "en"):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    user = UserFactory(roles=[Role.OPERATIONS])
    page.goto(f"{live_server.url}/account/sign-in/")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("section[aria-labelledby=sign-in-heading] button[type=submit]")
    page.wait_for_url("**/ops/")
    return context, page


@pytest.mark.parametrize("width", [1280, 390])
def test_the_refund_confirmation_shows_the_whole_amount(chromium_browser, live_server, width):
    order = paid_order(2)
    context, page = _ops_page(chromium_browser, live_server, width=width)
    try:
        page.goto(f"{live_server.url}/ops/orders/{order.number}/refund/")
        page.fill(f"input[name=line_{lines_of(order)[0].pk}]", "1")
        page.fill("input[name=reason]", "Damaged in transit")
        page.click("[data-testid=preview-refund]")
        total = page.locator("[data-testid=refund-total]")
        assert total.inner_text() == "¥100.00"
        # The amount being confirmed is on screen, not scrolled away inside the table's box.
        clipped = total.evaluate(
            """cell => {
                const box = cell.closest('.ops-table-wrap');
                return box.scrollWidth > box.clientWidth
                    || cell.getBoundingClientRect().right > box.getBoundingClientRect().right + 1;
            }"""
        )
        assert clipped is False
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    finally:
        context.close()
