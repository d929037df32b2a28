"""A 200,000-line statement in a real browser: finance clicks its CSV link, the page shows the real worker's
progress (lines written of the total) and then a download link, and the file downloaded equals the one the
request streams. The worker also emails the link."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import Client

from shop.royalties.models import ExportStatus, StatementExportJob
from shop.royalties.services import royalty_period_close
from tests.factories import MuseumFactory
from tests.shop.royalties.bulk_ledger import bulk_month
from tests.shop.royalties.factories import designer_user, finance_user
from tests.worker.realworker import celery_worker, subjects, wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.e2e.urls"),
]
LINES = 200_000
SEP = datetime.date(2026, 9, 1)


def test_a_200000_line_statement_is_written_in_the_background_with_progress(
    require_postgres, require_redis, chromium_browser, live_server, settings, tmp_path
):
    settings.ROYALTY_EXPORT_BACKGROUND_LINES = 20_000
    museum, designer = MuseumFactory(name_en="Sichuan Museum", name_zh="四川博物院"), designer_user()
    bulk_month(lines=LINES, period=SEP, museum_id=museum.pk, designer_id=designer.pk)
    royalty_period_close(period=SEP)
    user = finance_user()

    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    mail_dir = tmp_path / "mail"
    worker_env = {"PRIVATE_MEDIA_ROOT": settings.PRIVATE_MEDIA_ROOT, "SITE_URL": live_server.url}
    try:
        with celery_worker(mail_dir, log_path=tmp_path / "worker.log", env=worker_env):
            page.goto(f"{live_server.url}/account/sign-in/?next=/finance/%3Fperiod%3D2026-09")
            page.fill("input[name=email]", user.email)
            page.fill("input[name=password]", "correct horse battery staple")
            page.click("section[aria-labelledby=sign-in-heading] button[type=submit]")
            page.wait_for_url("**/finance/?period=2026-09")
            page.click("a[href='/finance/statements/2026-09/platform.csv']")
            page.wait_for_url("**/royalties/exports/*/")
            assert page.get_attribute("#export-progress", "max") == str(LINES)

            page.wait_for_selector("#export-download", state="visible", timeout=120_000)
            seen = page.evaluate("() => window.exportProgressSeen")
            assert any(0 < written < LINES for written in seen), seen  # the bar moved while the worker wrote
            assert seen == sorted(seen) and seen[-1] == LINES
            assert page.get_attribute("#export-progress", "value") == str(LINES)
            with page.expect_download() as caught:
                page.click("#export-download")
            download = caught.value
            assert download.suggested_filename == "royalty-statement-2026-09-platform.csv"
            background = Path(download.path()).read_bytes()
            wait_for(lambda: subjects(mail_dir), what="the export email")
    finally:
        context.close()
    job = StatementExportJob.objects.get()
    assert (job.status, job.lines_written, job.size_bytes) == (ExportStatus.READY, LINES, len(background))
    assert subjects(mail_dir) == ["Your royalty statement 2026-09 is ready"]

    settings.ROYALTY_EXPORT_BACKGROUND_LINES = LINES  # now short enough to stream in the request
    client = Client()
    client.force_login(user)
    streamed = b"".join(client.get("/finance/statements/2026-09/platform.csv").streaming_content)
    assert background == streamed
    assert background.count(b"\n") > LINES
