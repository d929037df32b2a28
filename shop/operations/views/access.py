"""Who may use the back office: operations staff. Anonymous visitors are sent to sign in; anyone else
signed in gets a 403 (the page exists; it is not theirs)."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from shop.core.errors import ApplicationError
from shop.orders.models import Order
from shop.orders.selectors import order_get_by_number, user_is_order_operations


def operations_required(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_is_order_operations(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def order_or_404(number: str) -> Order:
    order = order_get_by_number(number=(number or "")[:20])
    if order is None:
        raise Http404("No such order")
    return order


def back_to_order(request, order: Order, *, done: str = "", error: ApplicationError | None = None):
    """Redirect to the order's page with a message (the action's result or its refusal)."""
    if error is not None:
        for item in error.errors:
            messages.error(request, item.message)
    elif done:
        messages.success(request, done)
    return redirect("operations:order-detail", number=order.number)
