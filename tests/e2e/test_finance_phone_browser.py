"""Every finance and royalty page fits a 390 px phone, in English and in Chinese, measured in Chromium: the
document is no wider than the viewport (wide tables turn into labelled cards). The pages follow the reader's
language; the documents they link to stay bilingual."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from shop.accounts.roles import Role
from shop.orders.services.placement import order_line_snapshot
from shop.royalties.export_jobs import statement_export_request, statement_export_run
from shop.royalties.exports import statement_export_for
from shop.royalties.models import MuseumBankAccount
from shop.royalties.payouts import royalty_reconcile, royalty_settlement_issue
from shop.royalties.services import royalty_period_close, royalty_record_order, royalty_record_refund
from shop.royalties.split import Payee
from tests.factories import (
    DesignFactory,
    LicenceFactory,
    MuseumFactory,
    ProductFactory,
    RelicFactory,
    UserFactory,
    VariantFactory,
)
from tests.shop.royalties.factories import finance_user, museum_staff_user, paid_order, refund_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]
SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(tempfile.gettempdir())


@pytest.fixture
def ledger(settings):
    """A closed September with sales, refunds, a late refund, a settlement (with payees left out), a
    reconciliation with breaks, and a statement written in the background; long names everywhere."""
    settings.ROYALTY_MIN_PAYOUT_MINOR = 100
    settings.ROYALTY_EXPORT_BACKGROUND_LINES = 3
    chongqing = MuseumFactory(
        name_en="Chongqing China Three Gorges Museum", name_zh="重庆中国三峡博物馆", slug="three-gorges"
    )
    sichuan = MuseumFactory(name_en="Sichuan Museum", name_zh="四川博物院", slug="sichuan")
    MuseumBankAccount.objects.create(
        museum=chongqing,
        account_name="重庆中国三峡博物馆",
        bank_name="中国工商银行重庆分行",
        account_number="3100021109024567",
    )
    relic = RelicFactory(
        museum=chongqing,
        slug="bronze-mask",
        name_en="Bronze mask with protruding eyes and a very long descriptive name",
        name_zh="青铜纵目面具",
    )
    licence = LicenceFactory(relic=relic, reference="TCTM-JT-2025-001", shares=[(chongqing, 6000), (sichuan, 4000)])
    designer = UserFactory(
        display_name="Zhou Xiaoman (Studio of Sanxingdui Bronze Reinterpretations)", roles=[Role.DESIGNER]
    )
    design = DesignFactory(designer=designer, designer_rate_bp=850, usages=[(licence, 10_000)])
    product = ProductFactory(
        name_en="Sanxingdui bronze mask silk scarf, limited edition with gift box",
        name_zh="三星堆青铜面具真丝方巾限量礼盒版",
        design=design,
        category=design.category,
    )
    variant = VariantFactory(product=product, sku="SXD-MASK-SILK-SCARF-LIMITED-GIFTBOX-0001")
    snapshot = order_line_snapshot(variant=variant)
    orders = []
    for day in range(1, 7):
        order = paid_order(
            lines=[{**snapshot, "variant": variant, "quantity": 3, "unit_price_amount": variant.price_amount}],
            paid_at=datetime.datetime(2026, 9, day, 12, tzinfo=SHANGHAI),
            fulfilled_at=timezone.now() - datetime.timedelta(days=40),
        )
        royalty_record_order(order_id=order.pk)
        orders.append(order)
    line = orders[0].lines.get()
    royalty_record_refund(
        refund_id=refund_of(orders[0], [(line, 1)], created_at=datetime.datetime(2026, 9, 20, tzinfo=SHANGHAI)).pk
    )
    late = refund_of(orders[0], [(line, 2)], created_at=datetime.datetime(2026, 9, 29, tzinfo=SHANGHAI))
    royalty_period_close(period=datetime.date(2026, 9, 1))
    royalty_record_refund(refund_id=late.pk)
    royalty_settlement_issue(period=datetime.date(2026, 9, 1))
    paid_order(lines=[{}], paid_at=datetime.datetime(2026, 9, 25, tzinfo=SHANGHAI))  # a break
    royalty_reconcile(periods=[datetime.date(2026, 9, 1)])
    finance = finance_user()
    export = statement_export_for(period=datetime.date(2026, 9, 1), payee=Payee("museum", chongqing.pk))
    job = statement_export_request(user=finance, export=export, fmt="xlsx")
    statement_export_run(export_id=str(job.pk))
    return {
        "finance": finance,
        "staff": museum_staff_user(sichuan),
        "designer": designer,
        "chongqing": chongqing,
        "line": line,
        "job": job,
    }


def _sign_in(browser, live_server, user, language: str):
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/account/sign-in/")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("section[aria-labelledby=sign-in-heading] button[type=submit]")
    page.wait_for_load_state()
    return context, page


def _pages(ledger) -> dict[str, list[str]]:
    museum = f"museum-{ledger['chongqing'].pk}"
    return {
        "finance": [
            "/finance/?period=2026-09",
            "/finance/reconciliation/?period=2026-09",
            "/finance/settlements/",
            f"/royalties/statements/2026-09/{museum}/",
            f"/royalties/statements/2026-10/{museum}/",
            f"/royalties/lines/{ledger['line'].pk}/",
            "/royalties/relics/bronze-mask/",
            f"/royalties/exports/{ledger['job'].pk}/",
        ],
        "staff": ["/royalties/", f"/royalties/lines/{ledger['line'].pk}/", "/royalties/relics/bronze-mask/"],
        "designer": ["/royalties/", f"/royalties/statements/2026-09/designer-{ledger['designer'].pk}/"],
    }


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_finance_page_fits_a_phone_in_both_languages(chromium_browser, live_server, ledger, language):
    overflowing = {}
    for who, paths in _pages(ledger).items():
        context, page = _sign_in(chromium_browser, live_server, ledger[who], language)
        try:
            for path in paths:
                response = page.goto(f"{live_server.url}{path}")
                assert response.status == 200, path
                assert page.evaluate("document.documentElement.lang") == ("en" if language == "en" else "zh-Hans")
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > PHONE["width"]:
                    overflowing[path] = width
                    page.screenshot(path=SCREENSHOTS / f"overflow-{language}-{who}.png", full_page=True)
        finally:
            context.close()
    assert overflowing == {}


def test_pages_follow_the_readers_language(chromium_browser, live_server, ledger):
    context, page = _sign_in(chromium_browser, live_server, ledger["finance"], "zh-hans")
    try:
        page.goto(f"{live_server.url}/finance/settlements/")
        text = page.locator("main").inner_text()
        assert "银行结算" in text and "未登记银行账户" in text and "Bank settlements" not in text
        page.goto(f"{live_server.url}/royalties/statements/2026-10/museum-{ledger['chongqing'].pk}/")
        assert "补记退款" in page.locator("main").inner_text()
        page.screenshot(path=SCREENSHOTS / "statement-zh-phone.png", full_page=True)
    finally:
        context.close()
