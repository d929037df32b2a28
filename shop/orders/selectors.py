"""Order reads with their visibility rules: owners see their own orders, staff see all.

Public surface: other apps call the orders app through this module (reads) and ``services`` (writes and
business rules); besides those they use only its models, error codes and GraphQL types.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from shop.accounts.permissions import user_has_role
from shop.accounts.roles import Role
from shop.orders.models import Order

# Roles that may look at and refund any order.
ORDER_STAFF_ROLES = (Role.CURATOR, Role.FINANCE)


def user_is_order_staff(user) -> bool:
    return user_has_role(user, *ORDER_STAFF_ROLES)


def order_list_for_user(*, user) -> QuerySet[Order]:
    """The signed-in shopper's own orders, newest first (none for anonymous users)."""
    if user is None or not user.is_authenticated:
        return Order.objects.none()
    return Order.objects.filter(user=user).prefetch_related("lines").order_by("-created_at", "-id")


def order_get_for_user(*, number: str, user) -> Order | None:
    """The order ``number`` if ``user`` owns it or is order staff; otherwise None (no leak of existence)."""
    if user is None or not user.is_authenticated:
        return None
    queryset = Order.objects.prefetch_related("lines")
    if not user_is_order_staff(user):
        queryset = queryset.filter(user=user)
    return queryset.filter(number=(number or "").strip().upper()).first()


def order_get_by_number(*, number: str) -> Order | None:
    """The order ``number``, for a caller that has already established who may see it (say, this browser
    session placed it or proved number and email)."""
    return Order.objects.prefetch_related("lines").filter(number=(number or "").strip().upper()).first()


def order_get_for_guest(*, number: str, email: str = "", token: str = "") -> Order | None:
    """A guest's order by number plus the order's email (case-insensitive) or its checkout token."""
    number = (number or "").strip().upper()
    if not number or not (email or token):
        return None
    queryset = Order.objects.prefetch_related("lines").filter(number=number)
    if token:
        try:
            return queryset.filter(checkout_token=uuid.UUID(str(token))).first()
        except ValueError:
            return None
    return queryset.filter(email__iexact=email.strip()).first()
