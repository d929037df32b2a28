"""A shopper browses, adds to cart, checks out, pays on the dummy gateway and sees the order paid,
in English and in Chinese (JavaScript off: every step is a plain form)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from shop.orders.models import Order, OrderStatus
from shop.orders.services import order_fulfil
from tests.factories import make_buyable_product
from tests.outbox_helpers import outbox_run
from tests.shop.orders.helpers import SF, paid_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]


def _buy(page, live_server, *, product, chinese: bool) -> Order:
    page.goto(live_server.url + reverse("storefront:home"))
    if chinese:
        page.click("form.lang-switch button[value='zh-hans']")
        assert page.locator("html").get_attribute("lang") == "zh-Hans"
    page.goto(live_server.url + reverse("storefront:product-detail", args=[product.slug]))
    page.fill("#quantity", "2")
    page.click("button.button-buy[type=submit]")
    assert page.url.endswith(reverse("checkout:cart"))
    assert page.locator("[data-testid=cart-line]").count() == 1
    page.click("[data-testid=go-to-checkout]")

    page.fill("input[name=email]", "browser@example.com")
    page.fill("input[name=full_name]", "张三")
    page.fill("input[name=phone]", "139 1234 5678")
    page.select_option("select[name=province]", "重庆市")
    page.fill("input[name=city]", "重庆市")
    page.fill("input[name=district]", "渝中区")
    page.fill("input[name=street_address]", "人民路236号")
    page.fill("input[name=postal_code]", "400015")
    page.click("[data-testid=place-order]")

    number = page.locator("[data-testid=order-number]").get_attribute("data-number")
    order = Order.objects.get(number=number)
    assert order.status == OrderStatus.UNPAID
    page.click("[data-testid=pay-now]")
    page.click("button[name=outcome][value=succeed]")
    # The gateway's event is stored; no worker has processed it yet (tests run tasks only through the outbox).
    assert page.locator("[data-testid=payment-status]").get_attribute("data-status") == "pending"

    outbox_run()  # the worker's part: process the payment event, mark the order paid, send the emails

    page.goto(live_server.url + reverse("orders:status", args=[number]))
    status = page.locator("[data-testid=order-status]")
    assert status.get_attribute("data-status") == "paid"
    assert status.inner_text() == ("已付款" if chinese else "Paid")
    order.refresh_from_db()
    return order


@pytest.mark.parametrize("chinese", [False, True], ids=["en", "zh-hans"])
def test_shopper_buys_and_pays_with_the_dummy_gateway(page, live_server, settings, chinese):
    settings.PAYMENT_GATEWAY = "dummy"
    variant = make_buyable_product(price="168.00", stock=5)
    order = _buy(page, live_server, product=variant.product, chinese=chinese)
    assert order.status == OrderStatus.PAID
    assert order.total_amount == 336
    assert order.language_code == ("zh-hans" if chinese else "en")
    assert (order.ship_province, order.ship_phone) == ("重庆市", "13912345678")
    variant.stock.refresh_from_db()
    assert variant.stock.quantity_allocated == 2


def test_order_page_sections_stand_apart_on_a_phone(chromium_browser, live_server):
    """Found in QA: on a phone the "Shipping to" and "History" headings sat flush against the 确认收货 button and
    the address above them, and the lines' "数量" heading broke into two lines."""
    order = paid_order(1, 1)
    order.lines.update(product_name_zh="大溪旋纹瓷盘与朱漆耳杯纹瓷盘")  # names long enough to squeeze the columns
    order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "zh-hans", "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{reverse('orders:status', args=[order.number])}?token={order.checkout_token}")
        heading_lines = page.evaluate(
            """() => [...document.querySelectorAll('.order-lines thead th')].map(th => {
                 const range = document.createRange(); range.selectNodeContents(th);
                 return [th.textContent, new Set([...range.getClientRects()].map(r => Math.round(r.top))).size];
               })"""
        )
        gaps = page.evaluate(
            """() => [...document.querySelectorAll('main h2')].map(h => {
                 const above = h.previousElementSibling;
                 return [h.textContent, h.getBoundingClientRect().top - above.getBoundingClientRect().bottom];
               })"""
        )
    finally:
        context.close()

    assert [heading for heading, _ in gaps] == ["物流信息", "寄送至", "记录"]
    assert all(gap >= 16 for _, gap in gaps), gaps
    assert heading_lines == [["商品", 1], ["数量", 1], ["金额", 1]]
