"""The order list (filters, counts per status, a fixed number of queries whatever the page size) and the
order's page (everything about it, and the forms that act on it), staff notes, cancellation."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shop.collection.selectors import museum_list
from shop.core.errors import ApplicationError
from shop.core.money import Money
from shop.operations.forms import (
    CancelForm,
    DecideForm,
    NoteForm,
    OrderListForm,
    ReceiveForm,
    ShipForm,
    TrackingForm,
)
from shop.operations.views.access import back_to_order, operations_required, order_or_404
from shop.orders.models import OrderStatus, ReturnStatus
from shop.orders.selectors import (
    OrderFilter,
    order_events,
    order_fulfillments,
    order_lines_to_ship,
    order_list_staff,
    order_returns,
    order_status_counts,
)
from shop.orders.services import TO_SHIP_STATUSES, order_cancel, order_note_add, order_recipient_language
from shop.payments.models import Payment

FILTER_FIELDS = ("q", "museum", "sku", "paid_from", "paid_to")


def _filters(form: OrderListForm) -> OrderFilter:
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or ""
    return OrderFilter(
        status=status if status in OrderStatus.values else None,
        to_ship=status == "to_ship",
        returns_open=status == "returns_open",
        payment_issues=status == "payment_issues",
        search=data.get("q") or "",
        museum=data.get("museum") or "",
        sku=data.get("sku") or "",
        paid_gte=data.get("paid_from"),
        paid_lte=data.get("paid_to"),
    )


@require_GET
@operations_required
def order_list(request):
    """Every order, filtered, sorted and paged; the tabs count each status under the other filters."""
    museums = list(museum_list())
    form = OrderListForm(request.GET or None, museums=museums)
    filters = _filters(form)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    orders = order_list_staff(filters=filters, sort=data.get("sort") or "newest")
    page = Paginator(orders, data.get("per") or 25).get_page(request.GET.get("page"))
    counts = order_status_counts(filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    tabs_query = query.copy()
    tabs_query.pop("status", None)
    tabs = [
        ("", _("All"), counts.total),
        ("to_ship", _("To ship"), counts.to_ship),
        ("returns_open", _("Returns to handle"), counts.returns_open),
        ("payment_issues", _("Payment issues"), counts.payment_issues),
        *((status.value, status.label, counts.by_status[status.value]) for status in OrderStatus),
    ]
    context = {
        "form": form,
        "page": page,
        "tabs": tabs,
        "current_status": (data.get("status") or "") if data else "",
        "query": query.urlencode(),
        "tabs_query": tabs_query.urlencode(),
        "ops_section": "orders",
        # The panel stays open while it narrows the list (or has errors to show).
        "filtering": bool(form.is_bound and (form.errors or any(data.get(f) for f in FILTER_FIELDS))),
    }
    return render(request, "operations/order_list.html", context)


@require_GET
@operations_required
def order_detail(request, number: str):
    order = order_or_404(number)
    return render(request, "operations/order_detail.html", order_detail_context(order))


def order_detail_context(order, **forms) -> dict:
    """The order's page: lines with what is left to ship, payments, parcels, returns, refunds, the timeline
    and a form for each thing staff can do now (``forms`` replaces one that came back with errors)."""
    lines = list(order.lines.order_by("id"))
    to_ship = order_lines_to_ship(order=order)
    parcels = list(order_fulfillments(order=order))
    returns = list(order_returns(order=order))
    for line in lines:
        line.to_ship = to_ship.get(line.pk, 0)
    for parcel in parcels:
        if parcel.delivered_at is None:
            parcel.tracking_form = forms.get(f"tracking_{parcel.pk}") or TrackingForm(
                initial={"carrier": parcel.carrier, "tracking_number": parcel.tracking_number},
                prefix=f"parcel{parcel.pk}",
            )
    for item in returns:
        if item.status == ReturnStatus.REQUESTED:
            item.decide_form = forms.get(f"decide_{item.pk}") or DecideForm(prefix=f"return{item.pk}")
        elif item.status == ReturnStatus.APPROVED:
            item.receive_form = forms.get(f"receive_{item.pk}") or ReceiveForm(
                return_lines=item.lines.all(), prefix=f"return{item.pk}"
            )
            item.receive_rows = [
                (line, item.receive_form[quantity], item.receive_form[restock])
                for line, quantity, restock in item.receive_form.line_fields
            ]
    payments = list(Payment.objects.filter(order=order).order_by("created_at", "id"))
    for payment in payments:
        payment.amount = Money.from_minor(payment.amount_minor, payment.currency).amount
        payment.refunded = Money.from_minor(payment.refunded_minor, payment.currency).amount
    ship_form = None
    if order.status in TO_SHIP_STATUSES and any(to_ship.values()):
        ship_form = forms.get("ship") or ShipForm(lines=lines, to_ship=to_ship)
    languages = dict(settings.LANGUAGES)
    return {
        "ops_section": "orders",
        "recipient_language": languages.get(order_recipient_language(order), order.language_code),
        "order": order,
        "lines": lines,
        "payments": payments,
        "refunds": list(order.refunds.prefetch_related("lines__order_line").order_by("created_at", "id")),
        "parcels": parcels,
        "returns": returns,
        "timeline": list(order_events(order=order, staff=True)),
        "ship_form": ship_form,
        "ship_rows": [(line, units, ship_form[name]) for line, units, name in ship_form.line_fields]
        if ship_form
        else [],
        "note_form": forms.get("note") or NoteForm(),
        "cancel_form": CancelForm() if order.status == OrderStatus.UNPAID else None,
        "can_refund": any(line.quantity > line.quantity_refunded for line in lines)
        and order.status not in (OrderStatus.UNPAID, OrderStatus.EXPIRED, OrderStatus.CANCELLED),
    }


@require_POST
@operations_required
def order_note(request, number: str):
    order = order_or_404(number)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render(request, "operations/order_detail.html", order_detail_context(order, note=form), status=400)
    try:
        order_note_add(order=order, text=form.cleaned_data["text"], user=request.user)
    except ApplicationError as exc:
        return back_to_order(request, order, error=exc)
    return back_to_order(request, order, done=_("Note added."))


@require_POST
@operations_required
def order_cancel_view(request, number: str):
    order = order_or_404(number)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        order_cancel(order=order, user=request.user, reason=reason)
    except ApplicationError as exc:
        return back_to_order(request, order, error=exc)
    return back_to_order(request, order, done=_("Order cancelled; its stock is back on sale."))
