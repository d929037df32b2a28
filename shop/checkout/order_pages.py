"""What a customer does on their order's page: cancel it while it awaits payment; after paying, follow the parcels,
confirm receipt (确认收货), ask to return items; and the email's pay link, which finds the payment when it is clicked.

The customer is the signed-in owner, or a browser that placed the order or opened it with its token (the
emails' links carry it). Staff see orders in the back office and cannot act as the customer here. Thin:
the rules live in ``shop.orders.services``.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from shop.checkout import services
from shop.core.errors import ApplicationError
from shop.core.forms import add_application_error
from shop.orders.models import Order, OrderStatus
from shop.orders.selectors import (
    order_events,
    order_fulfillments,
    order_get_by_number,
    order_get_for_guest,
    order_returns,
)
from shop.orders.services import (
    order_cancel,
    order_confirm_receipt,
    order_return_window_closes,
    order_returnable,
    return_request_create,
)
from shop.payments.selectors import payment_pay_url_for_order


def order_customer_access(request: HttpRequest, *, number: str) -> Order | None:
    """The order ``number`` if this visitor is its customer: the signed-in owner, or a browser session that
    placed it or proved it holds it (its token, or number and email); None otherwise."""
    from shop.checkout.views import order_grant_session_access, order_visible_in_session

    number = (number or "").strip().upper()[:20]
    order = order_get_by_number(number=number)
    if order is None:
        return None
    if request.user.is_authenticated and order.user_id == request.user.pk:
        return order
    token = request.GET.get("token") or request.POST.get("token")
    if token and order_get_for_guest(number=number, token=token) is not None:
        order_grant_session_access(request, order=order)
        return order
    return order if order_visible_in_session(request, number=number) else None


def order_customer_context(order: Order, *, is_customer: bool) -> dict:
    """What the order page shows after payment: parcels with tracking links, returns, the timeline, and
    what the customer may do now (confirm receipt, ask for a return)."""
    parcels = list(order_fulfillments(order=order))
    delivered = [parcel.delivered_at for parcel in parcels if parcel.delivered_at is not None]
    # Returns need a delivered parcel: before one is delivered (most visits, e.g. just after paying) nothing is
    # returnable and no window is open, which the parcels already say without asking the database again.
    returnable = order_returnable(order=order) if is_customer and delivered else {}
    closes = max(delivered) + timedelta(days=settings.ORDER_RETURN_WINDOW_DAYS) if delivered else None
    return {
        "parcels": parcels,
        "returns": list(order_returns(order=order)),
        "timeline": list(order_events(order=order, staff=False)),
        "is_customer": is_customer,
        "can_confirm_receipt": is_customer and any(parcel.delivered_at is None for parcel in parcels),
        "can_return": is_customer and any(returnable.values()),
        "return_window_closes": closes,
        "auto_delivered_days": settings.ORDER_AUTO_DELIVERED_DAYS,
    }


def order_pay(request: HttpRequest, number: str) -> HttpResponse:
    """The emails' "pay now" link: the order's current pay page (asking the gateway again when the payment
    could not be made at checkout); the order's page once it no longer awaits payment."""
    order = order_customer_access(request, number=number)
    if order is None:
        raise Http404
    if order.status == OrderStatus.UNPAID:
        pay_url = payment_pay_url_for_order(order=order)
        if pay_url is None:
            services.checkout_payment_retry(order=order)
            pay_url = payment_pay_url_for_order(order=order)
        if pay_url is not None:
            return redirect(pay_url)
    return redirect("orders:status", number=order.number)


@require_POST
def order_cancel_by_customer(request: HttpRequest, number: str) -> HttpResponse:
    """The customer cancels their order while it awaits payment: its stock goes back on sale and its payment is
    cancelled at the gateway (``order.cancelled``); money that reached the gateway anyway is refunded in full."""
    order = order_customer_access(request, number=number)
    if order is None:
        raise Http404
    try:
        order_cancel(order=order, user=request.user, reason="Cancelled by the customer")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your order is cancelled; nothing will be charged."))
    return redirect("orders:status", number=order.number)


@require_POST
def order_receipt_confirm(request: HttpRequest, number: str) -> HttpResponse:
    """确认收货: every parcel that shipped has arrived."""
    order = order_customer_access(request, number=number)
    if order is None:
        raise Http404
    try:
        order_confirm_receipt(order=order, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you: your order is marked as received."))
    return redirect("orders:status", number=order.number)


class ReturnRequestForm(forms.Form):
    """A quantity per returnable line (0 leaves it out) and the reason."""

    reason = forms.CharField(
        label=gettext_lazy("Why are you returning them?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, lines, returnable: dict[int, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.line_fields = []
        for line in lines:
            units = returnable.get(line.pk, 0)
            if not units:
                continue
            name = f"line_{line.pk}"
            self.fields[name] = forms.IntegerField(min_value=0, max_value=units, initial=0, required=False)
            self.line_fields.append((line, units, name))

    def line_quantities(self) -> list[tuple[int, int]]:
        return [
            (line.pk, self.cleaned_data.get(name) or 0)
            for line, _, name in self.line_fields
            if self.cleaned_data.get(name)
        ]


@require_http_methods(["GET", "POST"])
def order_return_request(request: HttpRequest, number: str) -> HttpResponse:
    """Ask to return some delivered items, with a reason (within the return window)."""
    order = order_customer_access(request, number=number)
    if order is None:
        raise Http404
    lines = list(order.lines.all())
    returnable = order_returnable(order=order)
    form = ReturnRequestForm(request.POST or None, lines=lines, returnable=returnable)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                return_request_create(
                    order=order, lines=form.line_quantities(), reason=form.cleaned_data["reason"], user=request.user
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, _("Your return request was sent. We will email you our answer."))
                return redirect("orders:status", number=order.number)
        status = 400
    context = {
        "order": order,
        "form": form,
        "rows": [(line, units, form[name]) for line, units, name in form.line_fields],
        "return_window_closes": order_return_window_closes(order=order),
    }
    return render(request, "checkout/order_return.html", context, status=status)
