"""Order reads with their visibility rules: owners see their own orders, staff see all.

Public surface: other apps call the orders app through this module (reads) and ``services`` (writes and
business rules); besides those they use only its models, error codes and GraphQL types.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from shop.accounts.permissions import user_has_role
from shop.accounts.roles import Role
from shop.orders.models import (
    INTERNAL_EVENT_TYPES,
    Fulfillment,
    Order,
    OrderEvent,
    ReturnRequest,
)

# Roles that may look at any order (curators and finance read; operations run the back office).
ORDER_STAFF_ROLES = (Role.CURATOR, Role.FINANCE, Role.OPERATIONS)
# Roles that may refund an order (money leaves the shop: operations, and finance who answer for it).
ORDER_REFUND_ROLES = (Role.OPERATIONS, Role.FINANCE)
# Roles that ship, deliver, take back, cancel and adjust stock.
ORDER_OPERATIONS_ROLES = (Role.OPERATIONS,)


def user_is_order_operations(user) -> bool:
    return user_has_role(user, *ORDER_OPERATIONS_ROLES)


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


def order_fulfillments(*, order: Order) -> QuerySet[Fulfillment]:
    """The order's parcels in shipping order, with their lines."""
    return order.fulfillments.prefetch_related("lines__order_line").order_by("shipped_at", "id")


def order_returns(*, order: Order) -> QuerySet[ReturnRequest]:
    """The order's return requests, oldest first, with their lines and refund."""
    return order.returns.select_related("refund").prefetch_related("lines__order_line").order_by("created_at", "id")


def order_events(*, order: Order, staff: bool) -> QuerySet[OrderEvent]:
    """The order's timeline, oldest first; the customer's view leaves out staff notes and bookkeeping."""
    events = order.events.select_related("user").order_by("created_at", "id")
    return events if staff else events.exclude(type__in=INTERNAL_EVENT_TYPES)
