"""Order status pages: the owner, order staff, or a guest holding the number and email (or token)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shop.orders.forms import OrderLookupForm
from shop.orders.models import Order, OrderStatus
from shop.orders.selectors import order_get_for_guest, order_get_for_user

SESSION_KEY = "orders_viewable"
MAX_REMEMBERED = 20


def order_grant_session_access(request: HttpRequest, *, order: Order) -> None:
    """Let this browser session see ``order`` (it placed it, or proved number and email)."""
    numbers = [n for n in request.session.get(SESSION_KEY, []) if n != order.number]
    request.session[SESSION_KEY] = [*numbers, order.number][-MAX_REMEMBERED:]


def order_visible_in_session(request: HttpRequest, *, number: str) -> bool:
    return number in request.session.get(SESSION_KEY, [])


def order_pay_url(order: Order) -> str | None:
    if order.status != OrderStatus.UNPAID:
        return None
    payment = order.payments.filter(status__in=("pending", "failed")).order_by("-id").first()
    if payment is None:
        return None
    try:
        return reverse(f"payments:{payment.gateway}_pay", kwargs={"token": payment.token})
    except NoReverseMatch:
        return None


def order_status(request: HttpRequest, number: str) -> HttpResponse:
    """The order's status; 404 for anyone who may not see it (its existence is not revealed)."""
    number = number.strip().upper()
    order = order_get_for_user(number=number, user=request.user)
    if order is None and request.GET.get("token"):
        order = order_get_for_guest(number=number, token=request.GET["token"])
        if order is not None:
            order_grant_session_access(request, order=order)
    if order is None and order_visible_in_session(request, number=number):
        order = Order.objects.prefetch_related("lines").filter(number=number).first()
    if order is None:
        raise Http404
    context = {"order": order, "pay_url": order_pay_url(order), "refunds": order.refunds.prefetch_related("lines")}
    return render(request, "orders/order_status.html", context)


@require_http_methods(["GET", "POST"])
def order_lookup(request: HttpRequest) -> HttpResponse:
    """Guests find an order by its number and the email it was placed with."""
    form = OrderLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        order = order_get_for_guest(number=form.cleaned_data["number"], email=form.cleaned_data["email"])
        if order is not None:
            order_grant_session_access(request, order=order)
            return redirect("orders:status", number=order.number)
        form.add_error(None, _("No order matches this number and email."))
    status = 400 if request.method == "POST" else 200
    return render(request, "orders/order_lookup.html", {"form": form}, status=status)
