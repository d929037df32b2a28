"""Order reads with their visibility rules: owners see their own orders, staff see all.

Public surface: other apps call the orders app through this module (reads) and ``services`` (writes and
business rules); besides those they use only its models, error codes and GraphQL types.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, replace

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from shop.accounts.permissions import user_has_role
from shop.accounts.roles import Role
from shop.catalog.models import DesignLicenceUsage
from shop.orders.models import (
    INTERNAL_EVENT_TYPES,
    OPEN_RETURN_STATUSES,
    Fulfillment,
    Order,
    OrderEvent,
    OrderEventType,
    OrderLine,
    OrderStatus,
    Refund,
    RefundKind,
    ReturnRequest,
)
from shop.orders.services.transitions import TO_SHIP_STATUSES

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


# ── the back office's order list (the ops pages and ``orders(filter:)`` in GraphQL) ─────────────────────

ORDER_SORTS: dict[str, tuple[str, ...]] = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "paid_newest": ("-paid_at", "-id"),
    "paid_oldest": ("paid_at", "id"),
    "total_high": ("-total_amount", "-id"),
    "total_low": ("total_amount", "id"),
}


@dataclass(frozen=True, slots=True)
class OrderFilter:
    """What staff narrow the order list by; every field optional. ``paid_gte``/``paid_lte`` are whole days
    in the shop's time zone, both included; ``search`` matches the order number, email, phone or name;
    ``sku`` a line's SKU or product name; ``museum`` a licensor museum's slug; ``to_ship`` paid orders with
    units still to ship; ``returns_open`` orders with a return awaiting a decision or the parcel;
    ``payment_issues`` orders whose money needed the shop to act on its own (a payment that came in after the
    order was cancelled or expired, returned automatically) or a gateway refused (a cancel or refund)."""

    status: str | None = None
    search: str = ""
    paid_gte: datetime.date | None = None
    paid_lte: datetime.date | None = None
    museum: str = ""
    sku: str = ""
    to_ship: bool = False
    returns_open: bool = False
    payment_issues: bool = False


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone())


def order_list_staff(*, filters: OrderFilter, sort: str = "newest", with_status: bool = True) -> QuerySet[Order]:
    """Orders for the back office, filtered and sorted (``ORDER_SORTS``; unknown: newest first), each
    annotated with ``units`` (units ordered), ``refunded_amount`` and ``returns_open``, in one query
    whatever the page size. ``with_status=False`` leaves the status filter out (for counts per status)."""
    orders = Order.objects.all()
    if with_status and filters.status:
        orders = orders.filter(status=filters.status)
    if filters.to_ship:
        orders = orders.filter(status__in=TO_SHIP_STATUSES)
    if filters.paid_gte:
        orders = orders.filter(paid_at__gte=_day_start(filters.paid_gte))
    if filters.paid_lte:
        orders = orders.filter(paid_at__lt=_day_start(filters.paid_lte + datetime.timedelta(days=1)))
    search = (filters.search or "").strip()
    if search:
        digits = "".join(ch for ch in search if ch.isdigit())
        match = (
            Q(number__iexact=search)
            | Q(number__icontains=search)
            | Q(email__icontains=search)
            | Q(ship_full_name__icontains=search)
        )
        if len(digits) >= 4:
            match |= Q(ship_phone__contains=digits)
        orders = orders.filter(match)
    sku = (filters.sku or "").strip()
    if sku:
        orders = orders.filter(
            Exists(
                OrderLine.objects.filter(order=OuterRef("pk")).filter(
                    Q(sku__icontains=sku) | Q(product_name_en__icontains=sku) | Q(product_name_zh__icontains=sku)
                )
            )
        )
    if filters.museum:
        designs = DesignLicenceUsage.objects.filter(licence__shares__museum__slug=filters.museum).values("design_id")
        orders = orders.filter(Exists(OrderLine.objects.filter(order=OuterRef("pk"), design_id_snapshot__in=designs)))
    open_returns = ReturnRequest.objects.filter(order=OuterRef("pk"), status__in=OPEN_RETURN_STATUSES)
    if filters.returns_open:
        orders = orders.filter(Exists(open_returns))
    issues = Exists(Refund.objects.filter(order=OuterRef("pk"), kind=RefundKind.LATE_PAYMENT)) | Exists(
        OrderEvent.objects.filter(order=OuterRef("pk"), type=OrderEventType.PAYMENT_PROBLEM)
    )
    if filters.payment_issues:
        orders = orders.filter(issues)
    units = OrderLine.objects.filter(order=OuterRef("pk")).values("order").annotate(total=Sum("quantity"))
    refunded = Refund.objects.filter(order=OuterRef("pk")).values("order").annotate(total=Sum("amount"))
    return orders.annotate(
        units=Coalesce(Subquery(units.values("total")), 0),
        refunded_amount=Subquery(refunded.values("total")),
        returns_open=Exists(open_returns),
        payment_issues=issues,
    ).order_by(*ORDER_SORTS.get(sort, ORDER_SORTS["newest"]))


@dataclass(frozen=True, slots=True)
class OrderCounts:
    by_status: dict[str, int]  # every status, 0 when none
    returns_open: int  # orders with a return awaiting a decision or the parcel
    payment_issues: int = 0  # orders with a late payment returned or a gateway refusal

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def to_ship(self) -> int:
        return sum(self.by_status[status] for status in TO_SHIP_STATUSES)


def order_status_counts(*, filters: OrderFilter) -> OrderCounts:
    """How many orders of each status match ``filters`` (its status and queue aside), and how many of them
    have a return open, in one query."""
    rows = (
        order_list_staff(
            filters=replace(filters, to_ship=False, returns_open=False, payment_issues=False), with_status=False
        )
        .order_by()
        .values("status")
        .annotate(
            n=Count("pk"),
            open_returns=Count("pk", filter=Q(returns_open=True)),
            issues=Count("pk", filter=Q(payment_issues=True)),
        )
        .values_list("status", "n", "open_returns", "issues")
    )
    by_status = dict.fromkeys(OrderStatus.values, 0)
    returns_open = payment_issues = 0
    for status, n, open_returns, issues in rows:
        by_status[status] = n
        returns_open += open_returns
        payment_issues += issues
    return OrderCounts(by_status=by_status, returns_open=returns_open, payment_issues=payment_issues)


def return_list_staff(*, status: str | None = None) -> QuerySet[ReturnRequest]:
    """Return requests for the back office, oldest first (open ones: those awaiting operations), with their
    order and lines."""
    returns = ReturnRequest.objects.select_related("order").prefetch_related("lines__order_line")
    if status == "open":
        returns = returns.filter(status__in=OPEN_RETURN_STATUSES)
    elif status:
        returns = returns.filter(status=status)
    return returns.order_by("created_at", "id")


def order_lines_to_ship(*, order: Order) -> dict[int, int]:
    """Units of each line (by id) paid for, not refunded and not shipped yet: what its allocation holds."""
    held = {}
    for line in OrderLine.objects.filter(order=order).select_related("allocation").order_by("id"):
        allocation = getattr(line, "allocation", None)
        held[line.pk] = allocation.quantity if allocation is not None and allocation.released_at is None else 0
    return held
