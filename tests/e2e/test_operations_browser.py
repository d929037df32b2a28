"""An order's whole life in real browsers, in English and in Chinese (JavaScript off: every step is a form):
a guest buys two items → operations ship them with SF Express tracking → the customer's order page and
email show the tracking link → the customer confirms receipt → asks to return one line → operations
approve and receive it → the refund is recorded once, and the royalty reversal shows on finance's
statement preview of the month."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from shop.accounts.roles import Role
from shop.orders.models import Order, OrderStatus, Refund, ReturnRequest, ReturnStatus
from shop.royalties.models import EntryKind, RoyaltyEntry
from shop.royalties.periods import period_current, period_label
from tests.factories import UserFactory, make_buyable_product
from tests.outbox_helpers import outbox_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]

PASSWORD = "correct horse battery staple"
TRACKING = "SF1234567890123"
SCREENSHOTS = Path(tempfile.gettempdir())


def _context(browser, *, chinese: bool, width: int = 1280):
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _sign_in(page, live_server, user, *, lands_on: str, chinese: bool) -> None:
    page.goto(f"{live_server.url}/account/sign-in/")
    if chinese:
        page.click("form.lang-switch button[value='zh-hans']")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("section[aria-labelledby=sign-in-heading] button[type=submit]")
    page.wait_for_url(f"**{lands_on}")


def _guest_buys(page, live_server, variants, *, chinese: bool) -> Order:
    page.goto(live_server.url + reverse("storefront:home"))
    if chinese:
        page.click("form.lang-switch button[value='zh-hans']")
    for variant in variants:
        page.goto(live_server.url + reverse("storefront:product-detail", args=[variant.product.slug]))
        page.fill("#quantity", "1")
        page.click("button.button-buy[type=submit]")
    assert page.locator("[data-testid=cart-line]").count() == 2
    page.click("[data-testid=go-to-checkout]")
    page.fill("input[name=email]", "guest.buyer@example.com")
    page.fill("input[name=full_name]", "张三")
    page.fill("input[name=phone]", "139 1234 5678")
    page.select_option("select[name=province]", "重庆市")
    page.fill("input[name=city]", "重庆市")
    page.fill("input[name=district]", "渝中区")
    page.fill("input[name=street_address]", "人民路236号")
    page.click("[data-testid=place-order]")
    number = page.locator("[data-testid=order-number]").get_attribute("data-number")
    page.click("[data-testid=pay-now]")
    page.click("button[name=outcome][value=succeed]")
    outbox_run()  # the worker: the payment event, the paid email, the royalty entries
    return Order.objects.get(number=number)


@pytest.mark.parametrize("chinese", [False, True], ids=["en", "zh-hans"])
def test_ship_track_confirm_return_and_refund_once_with_the_royalty_reversed(
    chromium_browser, live_server, settings, chinese
):
    settings.PAYMENT_GATEWAY = "dummy"
    settings.SITE_URL = live_server.url
    variants = [make_buyable_product(price="128.00", stock=5), make_buyable_product(price="66.00", stock=5)]
    museum = variants[0].product.design.usages.get().licence.shares.get().museum
    language = "zh-hans" if chinese else "en"

    shopper, shop_page = _context(chromium_browser, chinese=chinese, width=390)
    ops, ops_page = _context(chromium_browser, chinese=chinese)
    finance, finance_page = _context(chromium_browser, chinese=chinese)
    try:
        # A guest buys two items and pays.
        order = _guest_buys(shop_page, live_server, variants, chinese=chinese)
        assert order.status == OrderStatus.PAID and order.language_code == language

        # Operations find it in the "to ship" queue and ship it with SF Express.
        _sign_in(ops_page, live_server, UserFactory(roles=[Role.OPERATIONS]), lands_on="/ops/", chinese=chinese)
        ops_page.goto(f"{live_server.url}/ops/?status=to_ship")
        ops_page.click(f"[data-testid=order-row][data-number={order.number}] a")
        ops_page.select_option("select[name=carrier]", "sf")
        ops_page.fill("input[name=tracking_number]", TRACKING)
        ops_page.click("[data-testid=ship]")
        status = ops_page.locator("[data-testid=ops-order-status]")
        assert status.get_attribute("data-status") == "fulfilled"
        assert status.inner_text() == ("已发货" if chinese else "Shipped")
        outbox_run()  # the "shipped" email

        # The customer's order page and email show the tracking link.
        tracking_url = f"https://www.sf-express.com/chn/sc/waybill/waybill-detail/{TRACKING}"
        shop_page.goto(live_server.url + reverse("orders:status", args=[order.number]))
        assert shop_page.locator("[data-testid=tracking-link]").get_attribute("href") == tracking_url
        assert shop_page.evaluate("document.documentElement.scrollWidth") <= 390
        shipped = [m for m in mail.outbox if TRACKING in m.body]
        assert len(shipped) == 1 and tracking_url in shipped[0].body
        assert shipped[0].subject == (f"订单 {order.number} 已发货" if chinese else f"Order {order.number} has shipped")
        assert ("顺丰速运" if chinese else "SF Express") in shipped[0].body

        # The customer confirms receipt, then asks to return one line.
        shop_page.click("[data-testid=confirm-receipt]")
        assert shop_page.locator("[data-testid=order-status]").get_attribute("data-status") == "delivered"
        shop_page.click("[data-testid=request-return]")
        returned_line = order.lines.order_by("id").first()
        shop_page.fill(f"input[name=line_{returned_line.pk}]", "1")
        shop_page.fill("textarea[name=reason]", "颜色与图片不符" if chinese else "The colour is not as pictured")
        shop_page.click("[data-testid=send-return]")
        assert shop_page.locator("[data-testid=return]").get_attribute("data-status") == "requested"
        shop_page.screenshot(path=str(SCREENSHOTS / f"order-page-return-{language}.png"), full_page=True)
        outbox_run()

        # Operations approve the return, then receive the parcel back into stock.
        ops_page.goto(f"{live_server.url}/ops/orders/{order.number}/")
        ops_page.click("[data-testid=decide-form] [data-testid=approve]")
        assert ops_page.locator("[data-testid=ops-return]").get_attribute("data-status") == "approved"
        ops_page.click("[data-testid=receive]")
        assert ops_page.locator("[data-testid=ops-return]").get_attribute("data-status") == "received"
        ops_page.screenshot(path=str(SCREENSHOTS / f"ops-order-returned-{language}.png"), full_page=True)
        outbox_run()  # the gateway refund, the royalty reversal, the emails
        outbox_run()  # nothing left: running the worker again changes nothing

        # The refund is recorded once, sent to the gateway once, and shown on both sides.
        refund = Refund.objects.get()
        assert refund.amount == 128 and refund.gateway_reference
        assert ReturnRequest.objects.get().status == ReturnStatus.RECEIVED
        order.refresh_from_db()
        assert order.status == OrderStatus.RETURNED
        assert ops_page.locator("[data-testid=ops-refunds] li").count() == 1
        shop_page.goto(live_server.url + reverse("orders:status", args=[order.number]))
        assert shop_page.locator("[data-testid=refund]").count() == 1
        assert len([m for m in mail.outbox if m.subject.endswith(("退款", "refund")) or "Refund" in m.subject]) == 1

        # The royalty reversal is on the month's statement preview that finance downloads.
        reversal = RoyaltyEntry.objects.get(kind=EntryKind.REFUND, museum=museum, refund=refund)
        assert reversal.amount_minor < 0
        _sign_in(finance_page, live_server, UserFactory(roles=[Role.FINANCE]), lands_on="/finance/", chinese=chinese)
        month = period_label(period_current())
        finance_page.goto(f"{live_server.url}/finance/?period={month}")
        link = finance_page.locator(f"a[href$='/finance/statements/{month}/museum-{museum.pk}.csv']")
        assert link.count() == 1
        with finance_page.expect_download() as download_info:
            link.click()
        statement = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
        reversal_rows = [row for row in statement.splitlines() if "Reversal" in row and order.number in row]
        assert len(reversal_rows) == 1
        assert f"-{abs(reversal.amount_minor) / 100:.2f}" in reversal_rows[0]
    finally:
        for context in (shopper, ops, finance):
            context.close()
