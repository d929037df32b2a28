"""The shopper's buying pages: cart, checkout, confirmation, and the order's status and lookup pages.

Thin; every rule is in the services and selectors of checkout, orders and payments. The order pages live
here, not in orders, because they show how to pay: checkout is the first layer that sees both orders
and payments (orders may not import payments). They keep their ``orders:`` URL names (``config/urls.py``).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from shop.checkout import services
from shop.checkout.forms import CartAddForm, CartLineForm, CheckoutForm, OrderLookupForm
from shop.checkout.order_pages import order_customer_context
from shop.checkout.selectors import checkout_get_for_user, checkout_lines, checkout_total
from shop.core.errors import ApplicationError
from shop.core.forms import add_application_error
from shop.orders.models import Order, OrderStatus
from shop.orders.selectors import order_get_by_number, order_get_for_guest, order_get_for_user
from shop.payments.selectors import payment_pay_url_for_order

SESSION_KEY = "checkout_token"
ORDERS_SESSION_KEY = "orders_viewable"
MAX_REMEMBERED_ORDERS = 20


def _current(request: HttpRequest):
    token = request.session.get(SESSION_KEY)
    return checkout_get_for_user(token=token, user=request.user) if token else None


def _messages_of(exc: ApplicationError) -> list[str]:
    return [e.message for e in exc.errors]


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    """The product page's "Add to cart" (fields ``variant``, ``quantity``)."""
    form = CartAddForm(request.POST)
    cart_url = reverse("checkout:cart")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_safe_next(request, cart_url))
    line = services.LineInput(variant_id=form.cleaned_data["variant"], quantity=form.cleaned_data["quantity"])
    checkout = _current(request)
    try:
        if checkout is None:
            checkout = services.checkout_create(lines=[line], user=request.user, language_code=get_language() or "en")
            request.session[SESSION_KEY] = str(checkout.token)
        else:
            services.checkout_lines_add(checkout=checkout, lines=[line])
    except ApplicationError as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
        return redirect(_safe_next(request, cart_url))
    messages.success(request, _("Added to your cart."))
    return redirect(cart_url)


@require_http_methods(["GET", "POST"])
def cart(request: HttpRequest) -> HttpResponse:
    """The cart: change quantities (0 removes a line)."""
    checkout = _current(request)
    status = 200
    if request.method == "POST" and checkout is not None:
        form = CartLineForm(request.POST)
        if form.is_valid():
            variant_id, quantity = form.cleaned_data["variant"], form.cleaned_data["quantity"]
            try:
                if quantity == 0:
                    line = checkout.lines.filter(variant_id=variant_id).first()
                    if line is not None:
                        services.checkout_line_delete(checkout=checkout, line_id=line.pk)
                else:
                    services.checkout_lines_update(
                        checkout=checkout, lines=[services.LineInput(variant_id=variant_id, quantity=quantity)]
                    )
                return redirect("checkout:cart")
            except ApplicationError as exc:
                for message in _messages_of(exc):
                    messages.error(request, message)
                status = 400
        else:
            messages.error(request, _("Enter a quantity of 0 or more."))
            status = 400
    lines = list(checkout_lines(checkout=checkout)) if checkout else []
    for line in lines:
        line.line_total = line.unit_price_amount * line.quantity
    context = {
        "checkout": checkout,
        "lines": lines,
        "total": checkout_total(checkout=checkout, lines=lines) if checkout else None,
    }
    return render(request, "checkout/cart.html", context, status=status)


def _initial(checkout, user) -> dict:
    return {
        "email": checkout.email or (user.email if user.is_authenticated else ""),
        "full_name": checkout.ship_full_name,
        "phone": checkout.ship_phone,
        "province": checkout.ship_province,
        "city": checkout.ship_city,
        "district": checkout.ship_district,
        "street_address": checkout.ship_street_address,
        "postal_code": checkout.ship_postal_code,
    }


@require_http_methods(["GET", "POST"])
def checkout_page(request: HttpRequest) -> HttpResponse:
    """Contact and address, then place the order and go to its confirmation page."""
    checkout = _current(request)
    if checkout is None or not checkout.lines.exists():
        return redirect("checkout:cart")
    language = get_language() or "en"
    form = CheckoutForm(request.POST or None, initial=_initial(checkout, request.user), language=language)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.checkout_email_update(checkout=checkout, email=data["email"])
                services.checkout_shipping_address_update(checkout=checkout, address={**data, "country_code": "CN"})
                result = services.checkout_complete(checkout_token=checkout.token, user=request.user)
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                request.session.pop(SESSION_KEY, None)
                order_grant_session_access(request, order=result.order)
                return redirect("checkout:confirmation", number=result.order.number)
        status = 400
    lines = list(checkout_lines(checkout=checkout))
    context = {
        "form": form,
        "checkout": checkout,
        "lines": lines,
        "total": checkout_total(checkout=checkout, lines=lines),
    }
    return render(request, "checkout/checkout.html", context, status=status)


def confirmation(request: HttpRequest, number: str) -> HttpResponse:
    """Thank-you page right after placing the order, with the way to pay."""
    order = order_get_for_user(number=number, user=request.user)
    if order is None and order_visible_in_session(request, number=number):
        order = order_get_by_number(number=number)
    if order is None:
        raise Http404
    pay_url = payment_pay_url_for_order(order=order)
    if pay_url is None and order.status == OrderStatus.UNPAID:
        # The gateway was down when the order was placed: ask again now (outside any transaction).
        services.checkout_payment_retry(order=order)
        pay_url = payment_pay_url_for_order(order=order)
    return render(request, "checkout/confirmation.html", {"order": order, "pay_url": pay_url})


def order_grant_session_access(request: HttpRequest, *, order: Order) -> None:
    """Let this browser session see ``order`` (it placed it, or proved number and email)."""
    numbers = [n for n in request.session.get(ORDERS_SESSION_KEY, []) if n != order.number]
    request.session[ORDERS_SESSION_KEY] = [*numbers, order.number][-MAX_REMEMBERED_ORDERS:]


def order_visible_in_session(request: HttpRequest, *, number: str) -> bool:
    return number in request.session.get(ORDERS_SESSION_KEY, [])


def order_status(request: HttpRequest, number: str) -> HttpResponse:
    """The order's status; 404 for anyone who may not see it (its existence is not revealed)."""
    number = number.strip().upper()
    order = order_get_for_user(number=number, user=request.user)
    if order is None and request.GET.get("token"):
        order = order_get_for_guest(number=number, token=request.GET["token"])
        if order is not None:
            order_grant_session_access(request, order=order)
    if order is None and order_visible_in_session(request, number=number):
        order = order_get_by_number(number=number)
    if order is None:
        raise Http404
    is_customer = (request.user.is_authenticated and order.user_id == request.user.pk) or order_visible_in_session(
        request, number=order.number
    )
    context = {
        "order": order,
        "pay_url": payment_pay_url_for_order(order=order),
        "refunds": order.refunds.prefetch_related("lines"),
        **order_customer_context(order, is_customer=is_customer),
    }
    return render(request, "checkout/order_status.html", context)


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
    return render(request, "checkout/order_lookup.html", {"form": form}, status=status)
