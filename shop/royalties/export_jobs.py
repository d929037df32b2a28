"""Statements written in the background: asked for, written by the worker with its progress stored, kept in the
private storage behind an expiring link, announced by email and on the page, deleted when they expire.

A statement longer than ``ROYALTY_EXPORT_BACKGROUND_LINES`` would hold a request (and the person) for a minute
or more; the worker writes it with the very generators a short statement streams through, so the file is
byte for byte what the request would have sent. A provisional statement is fixed when it is asked for (its
last ledger entry and its moment), so it does not matter when the worker gets to it.
"""

from __future__ import annotations

import datetime
import logging
import tempfile

from django.conf import settings
from django.core import signing
from django.core.files import File
from django.core.mail import send_mail
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from shop.core.errors import ApplicationError
from shop.core.links import absolute_url
from shop.core.outbox import event_publish
from shop.core.storage import private_storage
from shop.royalties.errors import RoyaltyErrorCode
from shop.royalties.events import STATEMENT_EXPORT_READY, STATEMENT_EXPORT_REQUESTED
from shop.royalties.exports import GENERATORS, StatementExport, statement_export_for
from shop.royalties.models import ExportFormat, ExportStatus, PayeeFields, StatementExportJob
from shop.royalties.periods import period_label
from shop.royalties.selectors import payee_name

logger = logging.getLogger(__name__)
_LINK_SALT = "royalties.statement-export"


def statement_export_needs_background(export: StatementExport) -> bool:
    return export.line_count > settings.ROYALTY_EXPORT_BACKGROUND_LINES


def _lines_to_write(export: StatementExport, fmt: str) -> int:
    if fmt == ExportFormat.PDF:
        return min(export.line_count, settings.ROYALTY_PDF_MAX_LINES)
    return export.line_count


def statement_export_request(*, user, export: StatementExport, fmt: str) -> StatementExportJob:
    """Ask the worker to write ``export`` as ``fmt`` for ``user``; returns the job to follow.

    The same person asking again for the same final statement gets the job already queued, running or ready
    (one file, not one per click); a provisional statement is a new snapshot each time, unless one is still
    being written. Publishes ``statement_export.requested`` with the job in one transaction."""
    if fmt not in ExportFormat.values:
        raise ApplicationError(f"No such format: {fmt}.", code=RoyaltyErrorCode.INVALID, field="format")
    wanted = {
        "requested_by": user,
        "period": export.period,
        "currency": export.currency,
        "format": fmt,
        **PayeeFields.payee_columns(export.payee),
    }
    with transaction.atomic():
        reusable = [ExportStatus.QUEUED, ExportStatus.RUNNING]
        if export.is_final:
            reusable.append(ExportStatus.READY)
        existing = (
            StatementExportJob.objects.select_for_update()
            .filter(**wanted, status__in=reusable)
            .exclude(expires_at__lte=timezone.now())
            .order_by("-created_at")
            .first()
        )
        if existing is not None:
            return existing
        job = StatementExportJob.objects.create(
            **wanted,
            through_entry_id=export.through_entry_id,
            as_of=export.as_of,
            lines_total=_lines_to_write(export, fmt),
        )
        event_publish(STATEMENT_EXPORT_REQUESTED, export_id=str(job.pk))
    return job


def _claim(export_id: str) -> StatementExportJob | None:
    """Mark the job as being written (again, after a crash or a failure); None when there is nothing to do."""
    with transaction.atomic():
        job = StatementExportJob.objects.select_for_update().filter(pk=export_id).first()
        if job is None or job.status in (ExportStatus.READY, ExportStatus.EXPIRED):
            return None
        job.status, job.started_at, job.lines_written, job.error = ExportStatus.RUNNING, timezone.now(), 0, ""
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "lines_written", "error", "attempts"])
        return job


def statement_export_run(*, export_id: str) -> StatementExportJob | None:
    """Write a job's document into the private storage, storing how many lines are written as it goes; then
    mark it ready (with its expiry) and publish ``statement_export.ready``. Idempotent: a ready or expired job
    is left alone; a job whose worker died is written again from the start. A failure is recorded on the job
    (the page shows it) and raised again, so the task retries."""
    job = _claim(export_id)
    if job is None:
        return None
    total = job.lines_total
    # The statement's rows stream over the default connection while it is written (PostgreSQL), so its
    # progress is stored through a connection of its own.
    own = connections.create_connection(DEFAULT_DB_ALIAS) if connection.vendor == "postgresql" else None

    def progress(written: int) -> None:
        statement_export_progress_store(export_id=job.pk, written=min(written, total), through=own)

    try:
        export = statement_export_for(
            period=job.period, payee=job.payee, through_entry_id=job.through_entry_id, as_of=job.as_of
        )
        export.progress = progress
        name = f"statement-exports/{job.pk}/{export.filename(job.format)}"
        with tempfile.TemporaryFile() as handle:
            for chunk in GENERATORS[job.format](export):
                handle.write(chunk)
            size = handle.tell()
            handle.seek(0)
            if private_storage.exists(name):
                private_storage.delete(name)
            stored = private_storage.save(name, File(handle, name=name))
    except Exception as exc:
        StatementExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, error=str(exc)[:255])
        raise
    finally:
        if own is not None:
            own.close()
    now = timezone.now()
    with transaction.atomic():
        StatementExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.READY,
            file_name=stored,
            size_bytes=size,
            lines_written=total,
            finished_at=now,
            expires_at=now + datetime.timedelta(hours=settings.ROYALTY_EXPORT_TTL_HOURS),
        )
        event_publish(STATEMENT_EXPORT_READY, export_id=str(job.pk))
    job.refresh_from_db()
    return job


def statement_export_progress_store(*, export_id, written: int, through=None) -> None:
    """Store how many lines of a job are written, through the connection ``through`` (a connection of its own
    while the rows stream over the default one) or the default one. A courtesy to whoever watches: it never
    holds up or fails the export (a one-second lock timeout, errors logged)."""
    if through is None:
        StatementExportJob.objects.filter(pk=export_id).update(lines_written=written)
        return
    try:
        with through.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")
            cursor.execute(
                f"UPDATE {StatementExportJob._meta.db_table} SET lines_written = %s WHERE id = %s",  # noqa: S608
                [written, export_id],
            )
    except DatabaseError:
        logger.warning("progress of statement export %s not stored", export_id, exc_info=True)


def statement_export_link(job: StatementExportJob) -> str:
    """The download path of a ready job: signed, so it stops working when the job expires (and the view
    checks that the person is the one who asked)."""
    from django.urls import reverse

    token = signing.TimestampSigner(salt=_LINK_SALT).sign(str(job.pk))
    return reverse("royalties:export-file", kwargs={"export_id": job.pk}) + f"?token={token}"


def statement_export_link_valid(job: StatementExportJob, token: str) -> bool:
    try:
        value = signing.TimestampSigner(salt=_LINK_SALT).unsign(
            token, max_age=datetime.timedelta(hours=settings.ROYALTY_EXPORT_TTL_HOURS)
        )
    except signing.BadSignature:
        return False
    return value == str(job.pk)


def statement_export_email(*, export_id: str) -> bool:
    """Tell whoever asked that their statement is ready, once, in their language, with an absolute link;
    False when already told (or the job is gone or not ready)."""
    with transaction.atomic():
        job = StatementExportJob.objects.select_for_update().select_related("requested_by").filter(pk=export_id).first()
        if job is None or job.emailed_at is not None or job.status != ExportStatus.READY:
            return False
        user = job.requested_by
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "job": job,
                "payee": payee_name(job.payee),
                "period": period_label(job.period),
                "page_url": absolute_url("royalties:export", export_id=job.pk),
                "file_url": absolute_url(statement_export_link(job)),
                "expires_at": timezone.localtime(job.expires_at),
            }
            subject = translation.gettext("Your royalty statement %(period)s is ready") % {"period": context["period"]}
            body = render_to_string("royalties/email/export_ready.txt", context)
        send_mail(subject, body, None, [user.email])
        job.emailed_at = timezone.now()
        job.save(update_fields=["emailed_at"])
    return True


def statement_export_expire_due(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of jobs past their expiry and mark them expired; returns how many."""
    now = now or timezone.now()
    expired = 0
    for job in StatementExportJob.objects.filter(status=ExportStatus.READY, expires_at__lte=now).order_by("pk"):
        if job.file_name and private_storage.exists(job.file_name):
            private_storage.delete(job.file_name)
        expired += StatementExportJob.objects.filter(pk=job.pk, status=ExportStatus.READY).update(
            status=ExportStatus.EXPIRED, file_name=""
        )
    return expired


def statement_exports_of(user, *, limit: int = 10) -> list[StatementExportJob]:
    """``user``'s recent background exports, newest first (the pages' notice of what is ready)."""
    return list(StatementExportJob.objects.filter(requested_by=user).order_by("-created_at")[:limit])
