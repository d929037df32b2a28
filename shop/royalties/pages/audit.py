"""The auditor's drill-down: a statement as a page whose every line links to its order line; the order line
with its design, agreement, licences (shares and rates at the time of sale) and relic, and every ledger entry
it produced with the statement that carries it; the relic with its licences, designs and sold lines.

Finance sees everything; museum staff and designers see their own statements, the lines that paid them
(only their own entries) and the relics behind those. Anything else is a 404, so ids cannot be probed.
Each page runs a fixed number of queries whatever the number of lines (tested).
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from shop.collection.models import MuseumStaff
from shop.core.errors import ApplicationError
from shop.royalties.exports import statement_export_for
from shop.royalties.exports.lines import StatementLineReader
from shop.royalties.exports.statement import summary_of
from shop.royalties.line_types import PAGE_LABELS
from shop.royalties.periods import period_label, period_parse
from shop.royalties.selectors import licence_relic_names, payee_exists, payee_name, payees_visible_to
from shop.royalties.selectors.audit import (
    order_line_audit,
    relic_audit,
    relic_order_lines,
    statement_entry_position,
)
from shop.royalties.selectors.statement_rows import statement_rows
from shop.royalties.split import DESIGNER, MUSEUM, Payee, SplitError

LINES_PER_PAGE = 100
# The summary's rows on a page, in the reader's language (the documents keep both languages).
SUMMARY_LABELS = [
    gettext_lazy("Opening balance"),
    gettext_lazy("Sales royalties"),
    gettext_lazy("Reversals"),
    gettext_lazy("Late items and adjustments"),
    gettext_lazy("Payouts"),
    gettext_lazy("Movement this month"),
    gettext_lazy("Closing balance"),
]
RELIC_LINES_PER_PAGE = 50


def _visible_payees(request) -> list[Payee] | None:
    """None for finance (everyone); the user's own payees otherwise; PermissionDenied when they have none."""
    visible = payees_visible_to(request.user)
    if visible is not None and not visible:
        raise PermissionDenied
    return visible


def statement_page(request, period: str, payee: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    visible = _visible_payees(request)
    try:
        month, who = period_parse(period), Payee.parse(payee)
    except (ApplicationError, SplitError):
        raise Http404("No such statement") from None
    if (visible is not None and who not in visible) or not payee_exists(who):
        raise Http404("No such statement")
    export = statement_export_for(period=month, payee=who)
    rows = statement_rows(period=month, payee=who, currency=export.currency, through_entry_id=export.through_entry_id)
    entry = request.GET.get("entry", "")
    if entry.isdigit():
        position = statement_entry_position(period=month, payee=who, currency=export.currency, entry_id=int(entry))
        if position is None:
            raise Http404("That entry is not on this statement")
        return redirect(f"{request.path}?page={position // LINES_PER_PAGE + 1}#entry-{entry}")
    page = Paginator(rows, LINES_PER_PAGE).get_page(request.GET.get("page"))
    reader = StatementLineReader(licence_relic_names())
    lines = [reader.line(raw) for raw in page.object_list]
    return render(
        request,
        "royalties/statement.html",
        {
            "export": export,
            "name": payee_name(who),
            "period": period_label(month),
            "payee_key": who.key,
            "summary": [(label, minor) for label, (_, minor) in zip(SUMMARY_LABELS, summary_of(export), strict=True)],
            "lines": [{"line": line, "label": PAGE_LABELS[line.type_code]} for line in lines],
            "page": page,
            "relic_slugs": _relic_slugs(lines),
        },
    )


def _relic_slugs(lines) -> dict[int, tuple[str, str]]:
    """Licence id → (relic slug, relic name) for the licences on the page: one query."""
    from shop.collection.models import Licence

    ids = {licence_id for line in lines for licence_id in line.licence_ids}
    return {
        licence_id: (slug, f"{name_en} {name_zh}".strip())
        for licence_id, slug, name_en, name_zh in Licence.objects.filter(pk__in=ids).values_list(
            "id", "relic__slug", "relic__name_en", "relic__name_zh"
        )
    }


def order_line_page(request, line_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    audit = order_line_audit(order_line_id=line_id, payees=_visible_payees(request))
    if audit is None:
        raise Http404("No such order line")
    return render(
        request,
        "royalties/order_line.html",
        {
            "audit": audit,
            "entries": [{"item": item, "label": PAGE_LABELS[item.type_code]} for item in audit.entries],
            "line": audit.line,
        },
    )


def _may_see_relic(request, relic, visible: list[Payee] | None, lines) -> bool:
    if visible is None or lines.exists():
        return True
    staff = MuseumStaff.objects.filter(user_id=request.user.pk).values_list("museum_id", flat=True).first()
    museums = {relic.museum_id} | {
        share.museum_id for licence in relic.audit_licences for share in licence.shares.all()
    }
    if staff is not None and Payee(MUSEUM, staff) in visible and staff in museums:
        return True
    return any(Payee(DESIGNER, design.designer_id) in visible for design in relic.audit_designs if design.designer_id)


def relic_page(request, slug: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    visible = _visible_payees(request)
    relic = relic_audit(slug=slug)
    if relic is None:
        raise Http404("No such relic")
    lines = relic_order_lines(relic=relic, payees=visible)
    if not _may_see_relic(request, relic, visible, lines):
        raise Http404("No such relic")
    page = Paginator(lines, RELIC_LINES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "royalties/relic.html",
        {"relic": relic, "page": page, "lines": list(page.object_list), "everyone": visible is None},
    )
