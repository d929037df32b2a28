"""Cart, checkout and confirmation pages: thin; every rule is in ``shop.checkout.services``."""

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
from shop.checkout.forms import CartAddForm, CartLineForm, CheckoutForm
from shop.checkout.selectors import checkout_get_for_user, checkout_lines, checkout_total
from shop.core.errors import ApplicationError
from shop.core.forms import add_application_error
from shop.orders.selectors import order_get_for_user
from shop.orders.views import order_grant_session_access, order_pay_url, order_visible_in_session

SESSION_KEY = "checkout_token"


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
        from shop.orders.models import Order

        order = Order.objects.filter(number=number).first()
    if order is None:
        raise Http404
    if order.status == "unpaid" and order_pay_url(order) is None:
        # The gateway was down when the order was placed: ask again now (outside any transaction).
        services.checkout_payment_retry(order=order)
    return render(request, "checkout/confirmation.html", {"order": order, "pay_url": order_pay_url(order)})
