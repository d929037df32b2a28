"""Parcels: ship (all or some lines), correct tracking, mark delivered; import a courier manifest; print
packing slips."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from shop.core.errors import ApplicationError
from shop.core.forms import add_application_error
from shop.operations import manifest, packing_slips
from shop.operations.forms import ManifestForm, ShipForm, TrackingForm
from shop.operations.views.access import back_to_order, operations_required, order_or_404
from shop.operations.views.orders import order_detail_context
from shop.orders.models import Fulfillment
from shop.orders.selectors import order_lines_to_ship
from shop.orders.services import fulfillment_mark_delivered, fulfillment_update_tracking, order_fulfil


@require_POST
@operations_required
def order_ship(request, number: str):
    """Ship the quantities entered (each line defaults to everything it has left) with carrier and number."""
    order = order_or_404(number)
    lines = list(order.lines.order_by("id"))
    form = ShipForm(request.POST, lines=lines, to_ship=order_lines_to_ship(order=order))
    if form.is_valid():
        try:
            parcel = order_fulfil(
                order=order,
                lines=form.line_quantities(),
                carrier=form.cleaned_data["carrier"],
                tracking_number=form.cleaned_data["tracking_number"],
                user=request.user,
                notify_customer=form.cleaned_data["notify_customer"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            done = _("Shipped with %(carrier)s, tracking number %(number)s.")
            return back_to_order(
                request, order, done=done % {"carrier": parcel.carrier_name, "number": parcel.tracking_number}
            )
    return render(request, "operations/order_detail.html", order_detail_context(order, ship=form), status=400)


@require_POST
@operations_required
def fulfillment_tracking(request, pk: int):
    parcel = get_object_or_404(Fulfillment.objects.select_related("order"), pk=pk)
    form = TrackingForm(request.POST, prefix=f"parcel{parcel.pk}")
    if form.is_valid():
        try:
            fulfillment_update_tracking(
                fulfillment=parcel,
                carrier=form.cleaned_data["carrier"],
                tracking_number=form.cleaned_data["tracking_number"],
                user=request.user,
                notify_customer=form.cleaned_data["notify_customer"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            return back_to_order(request, parcel.order, done=_("Tracking updated."))
    context = order_detail_context(parcel.order, **{f"tracking_{parcel.pk}": form})
    return render(request, "operations/order_detail.html", context, status=400)


@require_POST
@operations_required
def fulfillment_delivered(request, pk: int):
    parcel = get_object_or_404(Fulfillment.objects.select_related("order"), pk=pk)
    try:
        fulfillment_mark_delivered(fulfillment=parcel, user=request.user)
    except ApplicationError as exc:
        return back_to_order(request, parcel.order, error=exc)
    return back_to_order(request, parcel.order, done=_("Parcel marked as delivered."))


@require_http_methods(["GET", "POST"])
@operations_required
def manifest_import(request):
    """A courier's manifest (CSV: order number, carrier, tracking number): upload → preview of every row,
    good and bad with the reason → apply, which ships the good rows (each in its own transaction) and lists
    the rows refused, then or at the last moment."""
    form = ManifestForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "max_rows": manifest.MAX_ROWS, "ops_section": "manifest"}
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("apply") and form.cleaned_data["text"]:
                rows = manifest.manifest_parse(form.cleaned_data["text"])
                context["result"] = manifest.manifest_apply(rows=rows, user=request.user)
            else:
                text = manifest.manifest_read(form.cleaned_data["file"])
                rows = manifest.manifest_parse(text)
                context["preview"] = manifest.manifest_preview(rows)
                context["text"] = text
        except ApplicationError as exc:
            form.add_error("file", exc.message)
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "operations/manifest.html", context, status=status)


@require_http_methods(["GET"])
@operations_required
def packing_slips_pdf(request):
    """Packing slips of the orders ticked on the list (``number`` repeated), one a page, A4 or A5."""
    numbers = [number.strip().upper()[:20] for number in request.GET.getlist("number") if number.strip()]
    size = "A5" if request.GET.get("size") == "A5" else "A4"
    try:
        pdf = packing_slips.packing_slips_pdf(numbers=numbers, size=size)
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'inline; filename="packing-slips-{stamp}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
