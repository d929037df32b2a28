"""Finance pages and statement downloads. Thin: access checks here, everything else in selectors/exports.

Downloads: finance may fetch any payee's statement and a ZIP of a whole period; museum staff only their
museum's and designers only their own (another payee's statement is a 404, so ids cannot be probed);
signed-in users without a statement role get a 403; anonymous visitors are sent to sign in.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from shop.accounts.permissions import user_has_role
from shop.accounts.roles import Role
from shop.core.errors import ApplicationError
from shop.core.forms import add_application_error
from shop.core.money import Money
from shop.royalties import exports
from shop.royalties.export_jobs import (
    statement_export_needs_background,
    statement_export_request,
    statement_exports_of,
)
from shop.royalties.forms import SettlementPayoutForm
from shop.royalties.models import (
    PayeeType,
    RoyaltyPeriod,
    RoyaltySettlement,
    RoyaltySettlementLine,
)
from shop.royalties.payouts import (
    LeftOut,
    bank_payees_due,
    royalty_reconcile,
    royalty_settlement_issue,
    settlement_review,
)
from shop.royalties.periods import period_current, period_label, period_parse, period_previous
from shop.royalties.selectors import (
    payee_exists,
    payee_name,
    payee_names,
    payee_summary,
    payees_visible_to,
    period_last_closed,
    reconciliation_last_run,
    royalty_totals_by_month,
    settlement_lines_paid,
    statement_list,
    top_products,
    top_relics,
)
from shop.royalties.services import royalty_payout_record
from shop.royalties.split import DESIGNER, Payee, SplitError

CONTENT_TYPES = exports.CONTENT_TYPES
GENERATORS = exports.GENERATORS


def finance_required(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_has_role(request.user, Role.FINANCE):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _period_or_404(value: str):
    try:
        return period_parse(value)
    except ApplicationError:
        raise Http404("No such period") from None


def _attachment(chunks, *, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def statement_download(request, period: str, payee: str, fmt: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    visible = payees_visible_to(request.user)
    if visible is not None and not visible:
        raise PermissionDenied
    month = _period_or_404(period)
    try:
        who = Payee.parse(payee)
    except SplitError:
        raise Http404("No such payee") from None
    if (visible is not None and who not in visible) or not payee_exists(who):
        raise Http404("No such statement")
    export = exports.statement_export_for(period=month, payee=who)
    if statement_export_needs_background(export):
        job = statement_export_request(user=request.user, export=export, fmt=fmt)
        return redirect("royalties:export", export_id=job.pk)
    return _attachment(GENERATORS[fmt](export), content_type=CONTENT_TYPES[fmt], filename=export.filename(fmt))


def my_royalties(request):
    """Designers and museum staff: their balances (available and still pending) and statements to download.
    Finance has the dashboard; other signed-in users have no royalties (403)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    visible = payees_visible_to(request.user)
    if visible is None:
        return redirect("royalties:dashboard")
    if not visible:
        raise PermissionDenied
    names = payee_names(visible)
    summaries = []
    for summary in (payee_summary(payee=payee) for payee in visible):
        summaries.append(
            {
                "name": names[summary.payee],
                "key": summary.payee.key,
                "balances": [
                    {
                        "available": Money.from_minor(b.available_minor, b.currency),
                        "pending": Money.from_minor(b.pending_minor, b.currency),
                    }
                    for b in summary.balances
                ],
                "statements": [
                    {
                        "period": period_label(s.period),
                        "final": s.pk is not None,
                        "royalties": Money.from_minor(s.royalties_minor + s.reversals_minor, s.currency),
                        "payouts": Money.from_minor(-s.payouts_minor, s.currency),
                        "closing": Money.from_minor(s.closing_minor, s.currency),
                    }
                    for s in summary.statements
                ],
            }
        )
    return render(
        request, "royalties/mine.html", {"summaries": summaries, "exports": statement_exports_of(request.user)}
    )


@finance_required
def period_zip_download(request, period: str):
    month = _period_or_404(period)
    return _attachment(
        exports.period_zip_chunks(period=month),
        content_type="application/zip",
        filename=f"royalty-statements-{period_label(month)}.zip",
    )


@finance_required
def settlement_download(request):
    """A preview of what a settlement issued now would ask for: every payee paid by bank whose available
    balance, less what issued settlements still ask for, reaches the minimum. Not a file for the bank."""
    return _attachment(
        exports.settlement_preview_csv_chunks(bank_payees_due()),
        content_type=CONTENT_TYPES["csv"],
        filename="royalty-settlement-preview.csv",
    )


@finance_required
@require_http_methods(["GET", "POST"])
def settlements(request):
    """Issued bank settlements with what is paid against them; POST ``period`` issues the settlement of a
    closed month (once; it never changes afterwards)."""
    if request.method == "POST":
        try:
            period = period_parse(request.POST.get("period", ""))
            royalty_settlement_issue(period=period, issued_by=request.user)
        except ApplicationError as exc:
            return _settlements_page(request, issue_error=exc.message, status=400)
        return redirect("royalties:settlements")
    return _settlements_page(request)


@finance_required
@require_POST
def settlement_payout(request):
    """Record a bank transfer against one settlement line (``royalty_payout_record``); a refusal is shown at
    the line, with what was typed, and nothing is written."""
    form = SettlementPayoutForm(request.POST)
    if form.is_valid():
        line = RoyaltySettlementLine.objects.filter(pk=form.cleaned_data["line"]).first()
        if line is None:
            form.add_error(None, _("No such settlement line."))
        elif not line.account_number:
            form.add_error(None, _("This settlement sent the bank no account for the payee: nothing to record here."))
        else:
            try:
                royalty_payout_record(
                    payee=line.payee,
                    amount_minor=Money(form.cleaned_data["amount"], line.currency).minor,
                    currency=line.currency,
                    reference=form.cleaned_data["reference"],
                    memo=f"recorded by {request.user.email}",
                    settlement_line_id=line.pk,
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Transfer %(reference)s to %(name)s recorded.")
                    % {"reference": form.cleaned_data["reference"], "name": payee_name(line.payee)},
                )
                return redirect("royalties:settlements")
    return _settlements_page(request, payout_form=form, status=400)


def _settlements_page(request, *, issue_error: str = "", payout_form=None, status: int = 200):
    issued = list(RoyaltySettlement.objects.annotate(line_count=Count("lines")).order_by("-period")[:24])
    lines = list(settlement_lines_paid().filter(settlement__in=issued).order_by("settlement_id", "id"))
    names = payee_names(line.payee for line in lines)
    failed_line = payout_form["line"].value() if payout_form is not None else None
    by_settlement: dict[int, list[dict]] = {}
    shown = False
    for line in lines:
        outstanding = Money.from_minor(line.amount_minor - line.paid_minor, line.currency)
        own_form = payout_form if str(failed_line) == str(line.pk) else None
        shown = shown or own_form is not None
        by_settlement.setdefault(line.settlement_id, []).append(
            {
                "line": line,
                "name": names[line.payee],
                "amount": Money.from_minor(line.amount_minor, line.currency),
                "paid": Money.from_minor(line.paid_minor, line.currency),
                "settled": line.paid_minor == line.amount_minor,
                # A transfer is recorded only against bank details the settlement sent to the bank.
                "payable": bool(line.account_number),
                "form": own_form or SettlementPayoutForm(initial={"line": line.pk, "amount": outstanding.amount}),
            }
        )
    last_closed = period_last_closed()
    return render(
        request,
        "royalties/settlements.html",
        {
            "settlements": [
                {
                    "settlement": item,
                    "label": period_label(item.period),
                    "lines": by_settlement.get(item.pk, []),
                    "left_out": [
                        {**left, "reason_label": LeftOut(left["reason"]).label if left.get("reason") else ""}
                        for left in item.left_out
                    ],
                }
                for item in issued
            ],
            "review": settlement_review(),
            "minimum": settings.ROYALTY_MIN_PAYOUT_MINOR,
            "suggested": period_label(last_closed) if last_closed else "",
            "error": issue_error,
            "submitted": request.POST.get("period", "") if issue_error else "",
            "payout_errors": _unplaced_errors(payout_form) if payout_form is not None and not shown else [],
            "last_run": reconciliation_last_run(period=last_closed) if last_closed else None,
            "last_closed": period_label(last_closed) if last_closed else "",
        },
        status=status,
    )


def _unplaced_errors(form) -> list[str]:
    """A refused payout whose line is not on the page (a forged or stale id): its errors go on top."""
    return [error for errors in form.errors.values() for error in errors]


@finance_required
def settlement_file(request, period: str):
    month = _period_or_404(period)
    settlement = RoyaltySettlement.objects.filter(period=month).first()
    if settlement is None:
        raise Http404("No settlement issued for this period")
    return _attachment(
        exports.settlement_csv_chunks(settlement),
        content_type=CONTENT_TYPES["csv"],
        filename=f"royalty-settlement-{period_label(month)}.csv",
    )


def _selected_period(request):
    raw = request.POST.get("period") or request.GET.get("period")
    if raw:
        try:
            return period_parse(raw)
        except ApplicationError:
            return None
    return period_previous(period_current())


CHECK_LABELS = {
    "missing_entries": gettext_lazy("A paid line has no royalty entries"),
    "sum_differs": gettext_lazy("A line's entries do not add up to its base"),
    "missing_reversals": gettext_lazy("A refund has no reversals"),
    "statement_differs": gettext_lazy("A frozen statement differs from the ledger"),
    "payout_unreferenced": gettext_lazy("A payout has no transfer reference"),
    "settlement_outstanding": gettext_lazy("A settlement line is not fully paid"),
    "settlement_overpaid": gettext_lazy("A settlement line is paid more than it asks"),
    "payout_unsettled": gettext_lazy("A bank payout pays no settlement line"),
    "chargeback_unbooked": gettext_lazy("A lost dispute is not booked"),
    "stripe_unavailable": gettext_lazy("Stripe could not be asked"),
    "transfer_unrecorded": gettext_lazy("A Stripe transfer is not in the ledger"),
    "transfer_differs": gettext_lazy("A payout differs from its Stripe transfer"),
    "transfer_reversed": gettext_lazy("A Stripe transfer was reversed"),
    "transfer_missing": gettext_lazy("A payout's Stripe transfer is unknown to Stripe"),
}


@finance_required
@require_http_methods(["GET", "POST"])
def reconciliation(request):
    """The month's latest recorded reconciliation (the state the dashboard shows too); POST checks again now
    and records the run (breaks are listed, never fixed)."""
    period = _selected_period(request)
    if period is None:
        return render(
            request, "royalties/reconciliation.html", {"error": _("Use a month such as 2026-03.")}, status=400
        )
    if request.method == "POST":
        royalty_reconcile(periods=[period])
        return redirect(f"{request.path}?period={period_label(period)}")
    run = reconciliation_last_run(period=period)
    breaks = [
        {**item, "label": CHECK_LABELS.get(item.get("check"), item.get("check"))}
        for item in (run.breaks if run else [])
    ]
    return render(
        request,
        "royalties/reconciliation.html",
        {
            "period": period_label(period),
            "run": run,
            "breaks": breaks,
            "closed": RoyaltyPeriod.objects.filter(period=period).exists(),
        },
    )


def _chart_series(payee_type: str, id_field: str) -> dict:
    rows = royalty_totals_by_month(payee_type=payee_type, months=12)
    months = sorted({period_label(row["period"]) for row in rows})
    names = payee_names(Payee(payee_type, row[id_field]) for row in rows)
    series: dict[str, dict[str, str]] = {}
    for row in rows:
        label = period_label(row["period"])
        name = names[Payee(payee_type, row[id_field])]
        series.setdefault(name, {})[label] = str(Money.from_minor(row["total"], settings.SHOP_CURRENCY).amount)
    return {
        "labels": months,
        "datasets": [{"label": name, "data": [values.get(m, "0") for m in months]} for name, values in series.items()],
    }


@finance_required
def dashboard(request):
    period = _selected_period(request) or period_previous(period_current())
    charts = {
        "museums": _chart_series(PayeeType.MUSEUM, "museum_id"),
        "designers": _chart_series(PayeeType.DESIGNER, "designer_id"),
    }
    statements = statement_list(period=period)
    names = payee_names(s.payee for s in statements)
    return render(
        request,
        "royalties/dashboard.html",
        {
            "period": period_label(period),
            "closed": RoyaltyPeriod.objects.filter(period=period).exists(),
            "statements": [
                {
                    "statement": s,
                    "name": names[s.payee],
                    "closing": Money.from_minor(s.closing_minor, s.currency),
                    "royalties": Money.from_minor(s.royalties_minor, s.currency),
                }
                for s in statements
            ],
            "top_products": top_products(period=period),
            "top_relics": top_relics(period=period),
            "last_run": reconciliation_last_run(period=period),
            "exports": statement_exports_of(request.user, limit=5),
            "charts": charts,
            "designer_kind": DESIGNER,
        },
    )
