"""Statements written in the background: the page that follows one (a progress bar), its progress as JSON
for the page to poll, and the file behind an expiring link. Only the person who asked sees any of it:
anyone else gets a 404, so job ids cannot be probed."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from shop.royalties.export_jobs import statement_export_link, statement_export_link_valid
from shop.royalties.exports import CONTENT_TYPES
from shop.royalties.models import ExportStatus, StatementExportJob
from shop.royalties.periods import period_label
from shop.royalties.selectors import payee_name


def _own_job(request, export_id) -> StatementExportJob:
    job = StatementExportJob.objects.filter(pk=export_id, requested_by_id=request.user.pk).first()
    if job is None:
        raise Http404("No such export")
    return job


def _state(job: StatementExportJob) -> dict:
    percent = 100 if job.status == ExportStatus.READY else int(100 * job.lines_written / job.lines_total or 0)
    return {
        "status": job.status,
        "status_label": str(ExportStatus(job.status).label),
        "written": job.lines_total if job.status == ExportStatus.READY else job.lines_written,
        "total": job.lines_total,
        "percent": percent,
        "url": statement_export_link(job) if job.status == ExportStatus.READY else "",
        "error": job.error if job.status == ExportStatus.FAILED else "",
    }


def export_page(request, export_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = _own_job(request, export_id)
    return render(
        request,
        "royalties/export.html",
        {
            "job": job,
            "state": _state(job),
            "payee": payee_name(job.payee),
            "period": period_label(job.period),
            "polling": job.status in (ExportStatus.QUEUED, ExportStatus.RUNNING, ExportStatus.FAILED),
        },
    )


def export_progress(request, export_id):
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in first.")}, status=401)
    response = JsonResponse(_state(_own_job(request, export_id)))
    response["Cache-Control"] = "no-store"
    return response


def export_file(request, export_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = _own_job(request, export_id)
    if job.status != ExportStatus.READY or not statement_export_link_valid(job, request.GET.get("token", "")):
        raise Http404("This link has expired")
    from shop.core.storage import private_storage

    response = FileResponse(
        private_storage.open(job.file_name, "rb"),
        as_attachment=True,
        filename=job.file_name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES[job.format],
    )
    response["Cache-Control"] = "private, no-store"
    return response
