"""Refund lines of an order: choose units and a reason → confirm the amount → refund, once. The form carries
a one-time key from the first step on, so a second click, a reload or a retry after a timeout returns the
refund already made instead of making another."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shop.core.errors import ApplicationError
from shop.core.forms import add_application_error
from shop.operations.forms import RefundForm
from shop.operations.views.access import back_to_order, operations_required, order_or_404
from shop.orders.models import Refund
from shop.orders.services import order_refund, order_refund_quote


@require_http_methods(["GET", "POST"])
@operations_required
def order_refund_view(request, number: str):
    order = order_or_404(number)
    lines = list(order.lines.order_by("id"))
    refundable = {line.pk: line.quantity - line.quantity_refunded for line in lines}
    form = RefundForm(request.POST or None, lines=lines, refundable=refundable)
    quote = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            chosen = form.line_quantities()
            key = f"page:{form.cleaned_data['key']}"
            try:
                if form.cleaned_data["confirmed"]:
                    # A second click, a reload or a retry returns the refund already made: say so, so that
                    # nobody believes the customer was refunded twice.
                    replayed = Refund.objects.filter(order=order, idempotency_key=key).exists()
                    refund = order_refund(
                        order=order,
                        lines=chosen,
                        user=request.user,
                        reason=form.cleaned_data["reason"],
                        idempotency_key=key,
                    )
                    if replayed:
                        done = _("This refund of ¥%(amount)s was recorded already; nothing more was refunded.")
                    else:
                        done = _("Refund of ¥%(amount)s recorded; the money goes back through the gateway.")
                    return back_to_order(request, order, done=done % {"amount": refund.amount})
                quote = order_refund_quote(order=order, lines=chosen)
                status = 200
            except ApplicationError as exc:
                add_application_error(form, exc)
    context = {
        "order": order,
        "form": form,
        "rows": [(line, units, form[name]) for line, units, name in form.line_fields],
        "quote": quote,
        "ops_section": "orders",
    }
    return render(request, "operations/refund.html", context, status=status)
