"""Statements too long to stream are written in the background: asked for by the download link, written by
the task (progress stored), downloaded once ready through an expiring link by the person who asked only,
announced by one email in their language, deleted when they expire."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from shop.accounts.roles import Role
from shop.core.storage import private_storage
from shop.royalties import export_jobs
from shop.royalties.export_jobs import statement_export_expire_due, statement_export_run
from shop.royalties.exports import statement as statement_module
from shop.royalties.models import ExportStatus, StatementExportJob
from shop.royalties.services import royalty_period_close, royalty_record_order
from tests.factories import MuseumFactory, UserFactory
from tests.outbox_helpers import outbox_pending, outbox_run
from tests.shop.royalties.factories import finance_user, museum_staff_user, paid_order, snapshot
from tests.shop.royalties.statement_helpers import body, xlsx_parts

# Committed rows: on PostgreSQL the export stores its progress through a connection of its own (the rows stream
# over the default one), which sees only what is committed.
pytestmark = pytest.mark.django_db(transaction=True)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def museum(settings):
    settings.ROYALTY_EXPORT_BACKGROUND_LINES = 10
    museum = MuseumFactory(name_en="Sichuan Museum", name_zh="四川博物院")
    for day in range(1, 25):
        order = paid_order(
            lines=[{"royalty_snapshot": snapshot(shares=[(museum, 10_000)])}],
            paid_at=datetime.datetime(2026, 9, day, 12, tzinfo=SHANGHAI),
        )
        royalty_record_order(order_id=order.pk)
    royalty_period_close(period=datetime.date(2026, 9, 1))
    return museum


def _url(museum, fmt="csv"):
    return f"/finance/statements/2026-09/museum-{museum.pk}.{fmt}"


def test_a_long_statement_is_sent_to_the_worker_and_followed_on_a_page(client, museum):
    user = finance_user()
    client.force_login(user)
    response = client.get(_url(museum))
    job = StatementExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/royalties/exports/{job.pk}/"
    assert (job.requested_by, job.status, job.lines_total, job.lines_written) == (user, "queued", 24, 0)
    assert [m.task_name for m in outbox_pending()] == ["worker.tasks.royalties.statement_export_task"]
    page = client.get(response["Location"]).content.decode()
    assert 'id="export-progress" max="24" value="0"' in page
    # Asking again for the same final statement follows the same job.
    assert client.get(_url(museum))["Location"] == response["Location"]
    assert StatementExportJob.objects.count() == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_the_file_written_in_the_background_equals_the_streamed_one(client, museum, settings, fmt):
    client.force_login(finance_user())
    follow = client.get(_url(museum, fmt))["Location"]
    outbox_run(task_name="worker.tasks.royalties.statement_export_task")
    state = client.get(follow + "progress/").json()
    assert (state["status"], state["written"], state["total"], state["percent"]) == ("ready", 24, 24, 100)
    background = body(client.get(state["url"]))
    settings.ROYALTY_EXPORT_BACKGROUND_LINES = 1000
    streamed = body(client.get(_url(museum, fmt)))
    if fmt == "xlsx":  # the workbook is stamped with the moment it was written; the sheets are the same
        background, streamed = xlsx_parts(background), xlsx_parts(streamed)
        del background["docProps/core.xml"], streamed["docProps/core.xml"]
    assert background == streamed


def test_progress_is_stored_while_the_lines_are_written(client, museum, monkeypatch):
    client.force_login(finance_user())
    client.get(_url(museum))
    job = StatementExportJob.objects.get()
    monkeypatch.setattr(statement_module, "CHUNK", 5)
    stored = []
    real = export_jobs.statement_export_progress_store

    def watch(**kwargs):
        real(**kwargs)
        stored.append(kwargs["written"])

    monkeypatch.setattr(export_jobs, "statement_export_progress_store", watch)
    statement_export_run(export_id=str(job.pk))
    assert stored == [5, 10, 15, 20, 24]  # after each chunk written
    assert StatementExportJob.objects.get(pk=job.pk).lines_written == 24


@pytest.mark.postgres
def test_progress_is_stored_through_a_connection_of_its_own(require_postgres, client, museum):
    """While the rows stream over the default connection (PostgreSQL), another one stores the progress:
    what it writes is there for the page to read."""
    from django.db import DEFAULT_DB_ALIAS, connections

    client.force_login(finance_user())
    client.get(_url(museum))
    job = StatementExportJob.objects.get()
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        export_jobs.statement_export_progress_store(export_id=job.pk, written=7, through=own)
    finally:
        own.close()
    assert client.get(f"/royalties/exports/{job.pk}/progress/").json()["written"] == 7


def test_one_email_in_the_requesters_language_with_an_absolute_link(client, museum, settings):
    settings.SITE_URL = "https://shop.example.cn"
    user = UserFactory(roles=[Role.FINANCE], language="zh-hans")
    client.force_login(user)
    client.get(_url(museum))
    outbox_run()
    outbox_run()  # nothing left: the email went once
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    job = StatementExportJob.objects.get()
    assert message.to == [user.email]
    assert "2026-09" in message.subject and "版税" in message.subject
    assert f"https://shop.example.cn/royalties/exports/{job.pk}/file/?token=" in message.body
    assert "四川博物院" in message.body
    assert StatementExportJob.objects.get().emailed_at is not None


@pytest.mark.parametrize("who", ["another_finance", "museum_staff", "anonymous"])
def test_only_the_person_who_asked_sees_the_job_and_its_file(client, museum, who):
    client.force_login(finance_user())
    follow = client.get(_url(museum))["Location"]
    outbox_run(task_name="worker.tasks.royalties.statement_export_task")
    link = client.get(follow + "progress/").json()["url"]
    client.logout()
    intruder = {"another_finance": finance_user, "museum_staff": lambda: museum_staff_user(museum)}.get(who)
    if intruder is not None:
        client.force_login(intruder())
    expected = 302 if who == "anonymous" else 404
    assert client.get(follow).status_code == expected
    assert client.get(link).status_code == expected
    assert client.get(follow + "progress/").status_code == (401 if who == "anonymous" else 404)


def test_the_link_expires_and_the_sweep_deletes_the_file(client, museum, settings):
    client.force_login(finance_user())
    follow = client.get(_url(museum))["Location"]
    outbox_run(task_name="worker.tasks.royalties.statement_export_task")
    link = client.get(follow + "progress/").json()["url"]
    job = StatementExportJob.objects.get()
    stored = job.file_name
    assert private_storage.exists(stored)
    assert client.get(link.replace("token=", "token=x")).status_code == 404  # a forged token
    assert statement_export_expire_due(now=job.expires_at - datetime.timedelta(seconds=1)) == 0
    assert statement_export_expire_due(now=job.expires_at) == 1
    job.refresh_from_db()
    assert job.status == ExportStatus.EXPIRED and not private_storage.exists(stored)
    assert client.get(link).status_code == 404


def test_running_the_task_again_writes_nothing_twice(client, museum):
    client.force_login(finance_user())
    client.get(_url(museum))
    job = StatementExportJob.objects.get()
    assert statement_export_run(export_id=str(job.pk)) is not None
    assert statement_export_run(export_id=str(job.pk)) is None
    assert StatementExportJob.objects.get().attempts == 1


def test_short_statements_still_stream(client, museum, settings):
    settings.ROYALTY_EXPORT_BACKGROUND_LINES = 24
    client.force_login(finance_user())
    assert body(client.get(_url(museum))).startswith(b"\xef\xbb\xbf")
    assert not StatementExportJob.objects.exists()
