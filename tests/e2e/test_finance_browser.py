"""Finance staff in a real browser: sign in, read the dashboard's charts, issue the month's bank settlement,
download it, record a transfer, and see reconciliation list what is still unpaid. JavaScript on: the
charts need it."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from shop.royalties.models import MuseumBankAccount, RoyaltySettlement
from shop.royalties.services import royalty_period_close, royalty_record_order
from tests.factories import MuseumFactory
from tests.shop.royalties.factories import designer_user, finance_user, paid_order, snapshot

# Kept after the run for a human to look at.
SCREENSHOT_DASHBOARD = Path(tempfile.gettempdir()) / "finance-dashboard.png"
SCREENSHOT_SETTLEMENTS = Path(tempfile.gettempdir()) / "finance-settlements.png"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def september(settings):
    """Two museums and a designer earned in September 2026 (fulfilled long ago: available); September closed."""
    settings.ROYALTY_MIN_PAYOUT_MINOR = 100
    museums = [MuseumFactory(name_en="Sichuan Museum"), MuseumFactory(name_en="Three Gorges Museum")]
    MuseumBankAccount.objects.create(
        museum=museums[0], account_name="四川博物院", bank_name="中国银行成都分行", account_number="1200000000000002"
    )
    designer = designer_user()
    for day, museum in enumerate(museums, start=3):
        order = paid_order(
            lines=[{"royalty_snapshot": snapshot(shares=[(museum, 10_000)], designer=designer), "quantity": 3}],
            paid_at=datetime.datetime(2026, 9, day, 12, tzinfo=SHANGHAI),
            fulfilled_at=timezone.now() - datetime.timedelta(days=40),
        )
        royalty_record_order(order_id=order.pk)
    royalty_period_close(period=datetime.date(2026, 9, 1))
    return museums


@pytest.fixture
def finance_page(chromium_browser, live_server):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    user = finance_user()
    page.goto(f"{live_server.url}/account/sign-in/?next=/finance/")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("section[aria-labelledby=sign-in-heading] button[type=submit]")
    page.wait_for_url("**/finance/")
    yield page
    context.close()


def test_finance_reads_charts_issues_the_settlement_and_reconciles(finance_page, live_server, september):
    page = finance_page
    page.goto(f"{live_server.url}/finance/?period=2026-09")
    assert "Royalties — 2026-09" in page.locator("h1").inner_text()
    # Chart.js drew both charts from the page's data: one bar series per museum, pixels on the canvas.
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-museums')")
    museum_series = page.evaluate("() => Chart.getChart('chart-museums').data.datasets.map(d => d.label)")
    assert sorted(label.split(" ")[0] for label in museum_series) == ["Sichuan", "Three"]
    drawn = page.evaluate(
        """() => {
            const canvas = document.getElementById('chart-museums');
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
            return painted;
        }"""
    )
    assert drawn > 1000
    page.screenshot(path=SCREENSHOT_DASHBOARD, full_page=True)
    statements = page.locator("section[aria-labelledby=statements-h] table tbody tr")
    assert statements.count() == 4  # 2 museums, designer, platform

    page.click("text=Bank settlements")
    assert page.input_value("#settlement-period") == "2026-09"  # the last closed month is suggested
    review = page.locator("#settlement-review").inner_text()
    assert review.count("No bank account on file") == 2  # the other museum and the designer: finance sees why
    page.click("button:has-text('Issue settlement')")
    section = page.locator("section.settlement[data-period='2026-09']")
    assert section.locator("table.settlement-lines tbody tr").count() == 1  # only payees with bank details
    assert "中国银行成都分行" in section.inner_text()
    left_out = section.locator("table.settlement-left-out").inner_text()
    assert left_out.count("No bank account on file") == 2  # never the platform, and no transfer form for them
    assert RoyaltySettlement.objects.filter(period=datetime.date(2026, 9, 1)).exists()

    with page.expect_download() as caught:
        section.locator("a", has_text="Settlement file").click()
    download = caught.value
    assert download.suggested_filename == "royalty-settlement-2026-09.csv"
    body = Path(download.path()).read_text(encoding="utf-8-sig")
    assert "1200000000000002" in body and "BASHU ROYALTIES 2026-09" in body

    # Issuing again is refused on the page, with the reason, and nothing changes.
    page.fill("#settlement-period", "2026-09")
    page.click("button:has-text('Issue settlement')")
    assert "already issued" in page.locator("#settlement-error").inner_text()
    assert RoyaltySettlement.objects.count() == 1

    # The bank has paid the Sichuan Museum: finance records the transfer at its line (amount prefilled).
    row = section.locator("tbody tr", has_text="中国银行成都分行")
    row.locator("input[name=reference]").fill("BOC-20261002-0001")
    row.locator("button", has_text="Record").click()
    assert "Transfer BOC-20261002-0001 to Sichuan Museum" in page.locator(".messages").inner_text()
    paid_row = section.locator("tbody tr", has_text="中国银行成都分行")
    assert "Paid in full" in paid_row.inner_text()
    page.screenshot(path=SCREENSHOT_SETTLEMENTS, full_page=True)

    # Reconciliation: finance checks now; the run is recorded and the dashboard shows the same state.
    page.goto(f"{live_server.url}/finance/reconciliation/?period=2026-09")
    assert page.locator("[data-reconciliation]").get_attribute("data-reconciliation") == "none"
    page.click("button:has-text('Check now')")
    assert page.locator("[data-reconciliation]").get_attribute("data-reconciliation") == "ok"
    page.goto(f"{live_server.url}/finance/?period=2026-09")
    assert page.locator("[data-reconciliation]").get_attribute("data-reconciliation") == "ok"
