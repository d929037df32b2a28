"""Returns: a customer asks to send back delivered units within the return window; operations approve or
reject; on receipt what came back is recorded (and, if sellable, put back in stock) and refunded once
through the refund path."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from shop.catalog.models import StockMovementReason
from shop.catalog.services import stock_adjust
from shop.core.errors import ApplicationError
from shop.core.outbox import event_publish
from shop.orders.errors import OrderErrorCode
from shop.orders.events import RETURN_DECIDED, RETURN_REQUESTED
from shop.orders.models import (
    OPEN_RETURN_STATUSES,
    FulfillmentLine,
    Order,
    OrderEvent,
    OrderEventType,
    OrderLine,
    ReturnLine,
    ReturnRequest,
    ReturnStatus,
)
from shop.orders.services.refunds import refund_record
from shop.orders.services.transitions import PAID_STATUSES, order_status_sync

REASON_MAX = 500
MAX_LINES = 100


def _window_start(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.ORDER_RETURN_WINDOW_DAYS)


def order_returnable(*, order: Order, now: datetime | None = None) -> dict[int, int]:
    """Units of each line (by id) the customer may ask to return now: delivered within the last
    ``ORDER_RETURN_WINDOW_DAYS`` (per parcel), shipped and not refunded, and not in an open request."""
    lines = list(OrderLine.objects.filter(order=order).select_related("allocation").order_by("id"))
    delivered = dict(
        FulfillmentLine.objects.filter(order_line__order=order, fulfillment__delivered_at__gte=_window_start(now))
        .values("order_line_id")
        .annotate(units=Sum("quantity"))
        .values_list("order_line_id", "units")
    )
    asked = dict(
        ReturnLine.objects.filter(order_line__order=order, return_request__status__in=OPEN_RETURN_STATUSES)
        .values("order_line_id")
        .annotate(units=Sum("quantity"))
        .values_list("order_line_id", "units")
    )
    returnable = {}
    for line in lines:
        allocation = getattr(line, "allocation", None)
        held = allocation.quantity if allocation is not None and allocation.released_at is None else 0
        kept = line.quantity - line.quantity_refunded - held  # shipped and not refunded
        returnable[line.pk] = max(0, min(delivered.get(line.pk, 0), kept) - asked.get(line.pk, 0))
    return returnable


def order_return_window_closes(*, order: Order) -> datetime | None:
    """When the last delivered parcel's return window closes (None: nothing delivered yet)."""
    last = order.fulfillments.filter(delivered_at__isnull=False).order_by("-delivered_at").first()
    return last.delivered_at + timedelta(days=settings.ORDER_RETURN_WINDOW_DAYS) if last else None


def _lines_clean(lines: Sequence[tuple[int, int]]) -> None:
    if not lines:
        raise ApplicationError(
            gettext("Choose at least one item to return."), code=OrderErrorCode.REQUIRED, field="lines"
        )
    if len(lines) > MAX_LINES:
        raise ApplicationError(
            gettext("At most %(max)s lines at a time.") % {"max": MAX_LINES}, code=OrderErrorCode.INVALID, field="lines"
        )
    ids = [line_id for line_id, _ in lines]
    if len(set(ids)) != len(ids):
        raise ApplicationError(gettext("Each line may appear once."), code=OrderErrorCode.INVALID, field="lines")
    for _, quantity in lines:
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise ApplicationError(
                gettext("Quantities to return must be whole numbers of at least 1."),
                code=OrderErrorCode.INVALID,
                field="lines",
            )


def return_request_create(*, order: Order, lines: Sequence[tuple[int, int]], reason: str, user=None) -> ReturnRequest:
    """Ask to return ``(order line id, units)`` of a delivered order, with a reason.

    Refused, with nothing written: no reason (``REQUIRED``) or one over 500 characters; no lines, a line twice
    or a quantity under 1 (``INVALID``); a line of another order (``NOT_FOUND``); an unpaid order
    (``INVALID_TRANSITION``); no parcel delivered within ``ORDER_RETURN_WINDOW_DAYS`` (``RETURN_WINDOW_CLOSED``);
    more units than were delivered and are still kept (``RETURN_QUANTITY_EXCEEDED``). Publishes
    ``return.requested``. Who may ask (the owner, or a guest holding the order's token) is checked at the edge."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            gettext("Tell us why you are returning the items."), code=OrderErrorCode.REQUIRED, field="reason"
        )
    if len(reason) > REASON_MAX:
        raise ApplicationError(
            gettext("Keep the reason under %(max)s characters.") % {"max": REASON_MAX},
            code=OrderErrorCode.INVALID,
            field="reason",
        )
    _lines_clean(lines)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status not in PAID_STATUSES:
            raise ApplicationError(
                gettext("Order %(number)s was not paid; there is nothing to return.") % {"number": order.number},
                code=OrderErrorCode.INVALID_TRANSITION,
                field="number",
            )
        closes = order_return_window_closes(order=order)
        if closes is not None and closes < timezone.now():
            raise ApplicationError(
                gettext("The return window of order %(number)s closed on %(date)s.")
                % {"number": order.number, "date": timezone.localtime(closes).date().isoformat()},
                code=OrderErrorCode.RETURN_WINDOW_CLOSED,
                field="number",
            )
        returnable = order_returnable(order=order)
        known = dict(OrderLine.objects.filter(order=order).values_list("pk", "sku"))
        for line_id, quantity in lines:
            if line_id not in known:
                raise ApplicationError(
                    gettext("Line %(line)s is not on this order.") % {"line": line_id},
                    code=OrderErrorCode.NOT_FOUND,
                    field="lines",
                )
            if quantity > returnable[line_id]:
                raise ApplicationError(
                    gettext("Only %(left)s of %(sku)s can be returned: what was delivered and is not returned yet.")
                    % {"left": returnable[line_id], "sku": known[line_id]},
                    code=OrderErrorCode.RETURN_QUANTITY_EXCEEDED,
                    field="lines",
                )
        request = ReturnRequest.objects.create(order=order, reason=reason, requested_by=_user(user))
        ReturnLine.objects.bulk_create(
            ReturnLine(return_request=request, order_line_id=line_id, quantity=quantity) for line_id, quantity in lines
        )
        OrderEvent.objects.create(
            order=order,
            type=OrderEventType.RETURN_REQUESTED,
            user=_user(user),
            data={"return_id": request.pk, "units": sum(quantity for _, quantity in lines)},
        )
        event_publish(RETURN_REQUESTED, return_id=request.pk)
    return request


def _locked(return_request: ReturnRequest) -> tuple[Order, ReturnRequest]:
    order = Order.objects.select_for_update().get(pk=return_request.order_id)
    return order, ReturnRequest.objects.select_for_update().get(pk=return_request.pk)


def return_request_decide(
    *, return_request: ReturnRequest, approve: bool, comment: str = "", user=None
) -> ReturnRequest:
    """Approve (the customer may send the parcel) or reject (a comment saying why is required) a requested
    return; anything but a request awaiting a decision is ``INVALID_TRANSITION``. Publishes
    ``return.decided`` (the customer's email follows)."""
    comment = (comment or "").strip()
    if len(comment) > REASON_MAX:
        raise ApplicationError(
            gettext("Keep the comment under %(max)s characters.") % {"max": REASON_MAX},
            code=OrderErrorCode.INVALID,
            field="comment",
        )
    if not approve and not comment:
        raise ApplicationError(
            gettext("Say why the return is rejected; the customer reads it."),
            code=OrderErrorCode.REQUIRED,
            field="comment",
        )
    with transaction.atomic():
        order, request = _locked(return_request)
        if request.status != ReturnStatus.REQUESTED:
            raise ApplicationError(
                gettext("This return was decided already (%(status)s).") % {"status": request.get_status_display()},
                code=OrderErrorCode.INVALID_TRANSITION,
                field="id",
            )
        request.status = ReturnStatus.APPROVED if approve else ReturnStatus.REJECTED
        request.decided_at = timezone.now()
        request.decided_by = _user(user)
        request.decision_comment = comment
        request.save(update_fields=["status", "decided_at", "decided_by", "decision_comment"])
        OrderEvent.objects.create(
            order=order,
            type=OrderEventType.RETURN_APPROVED if approve else OrderEventType.RETURN_REJECTED,
            user=_user(user),
            data={"return_id": request.pk, "comment": comment},
        )
        event_publish(RETURN_DECIDED, return_id=request.pk)
    return request


def return_receive(
    *, return_request: ReturnRequest, lines: Sequence[tuple[int, int, bool]], user=None
) -> ReturnRequest:
    """Record what came back of an approved return: ``(order line id, units received, back to stock)`` per
    line of the request (lines left out: nothing came back). Units put back go to stock as ``return``
    movements; the units received are refunded once (key ``return:<id>``) through the refund path, so the
    gateway refund, the royalty reversal and the refund email follow.

    Refused, with nothing written: a return not approved (``INVALID_TRANSITION``); a line not in the request
    (``NOT_FOUND``); more units than were asked to return (``RETURN_QUANTITY_EXCEEDED``); nothing received
    (``REQUIRED``); restocking a variant that no longer exists (``INVALID``)."""
    if len(lines) > MAX_LINES:
        raise ApplicationError(
            gettext("At most %(max)s lines at a time.") % {"max": MAX_LINES}, code=OrderErrorCode.INVALID, field="lines"
        )
    ids = [line_id for line_id, _, _ in lines]
    if len(set(ids)) != len(ids):
        raise ApplicationError(gettext("Each line may appear once."), code=OrderErrorCode.INVALID, field="lines")
    for _, quantity, _ in lines:
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
            raise ApplicationError(
                gettext("Quantities received must be whole numbers, 0 or more."),
                code=OrderErrorCode.INVALID,
                field="lines",
            )
    if not any(quantity for _, quantity, _ in lines):
        raise ApplicationError(
            gettext("Enter what came back: at least one unit."), code=OrderErrorCode.REQUIRED, field="lines"
        )
    with transaction.atomic():
        order, request = _locked(return_request)
        if request.status != ReturnStatus.APPROVED:
            raise ApplicationError(
                gettext("Only an approved return can be received (this one is %(status)s).")
                % {"status": request.get_status_display().lower()},
                code=OrderErrorCode.INVALID_TRANSITION,
                field="id",
            )
        asked = {line.order_line_id: line for line in request.lines.select_related("order_line")}
        for line_id, quantity, restock in lines:
            line = asked.get(line_id)
            if line is None:
                raise ApplicationError(
                    gettext("Line %(line)s is not part of this return.") % {"line": line_id},
                    code=OrderErrorCode.NOT_FOUND,
                    field="lines",
                )
            if quantity > line.quantity:
                raise ApplicationError(
                    gettext("Only %(asked)s of %(sku)s were to be returned.")
                    % {"asked": line.quantity, "sku": line.order_line.sku},
                    code=OrderErrorCode.RETURN_QUANTITY_EXCEEDED,
                    field="lines",
                )
            if quantity and restock and line.order_line.variant_id is None:
                raise ApplicationError(
                    gettext("%(sku)s is no longer in the catalogue; it cannot go back to stock.")
                    % {"sku": line.order_line.sku},
                    code=OrderErrorCode.INVALID,
                    field="lines",
                )
        refunds = []
        for line_id, quantity, restock in sorted(lines):
            if not quantity:
                continue
            line = asked[line_id]
            ReturnLine.objects.filter(pk=line.pk).update(quantity_received=quantity, restocked=bool(restock))
            if restock:
                stock_adjust(
                    variant_id=line.order_line.variant_id,
                    delta=quantity,
                    reason=StockMovementReason.RETURN,
                    user=_user(user),
                    reference=f"{order.number}/R{request.pk}",
                )
            refunds.append((line_id, quantity))
        request.status = ReturnStatus.RECEIVED
        request.received_at = timezone.now()
        request.received_by = _user(user)
        OrderEvent.objects.create(
            order=order,
            type=OrderEventType.RETURN_RECEIVED,
            user=_user(user),
            data={"return_id": request.pk, "units": sum(q for _, q in refunds)},
        )
        refundable = _refundable_shipped(order, [line_id for line_id, _ in refunds])
        refund_lines = [(line_id, min(q, refundable[line_id])) for line_id, q in refunds if refundable[line_id]]
        if refund_lines:
            request.refund = refund_record(
                order=order,
                lines=refund_lines,
                user=user,
                reason=f"Return R{request.pk}: {request.reason}",
                idempotency_key=f"return:{request.pk}",
                returned=True,
            )
        request.save(update_fields=["status", "received_at", "received_by", "refund"])
        order_status_sync(order, user=user, data={"return_id": request.pk})
    return request


def _refundable_shipped(order: Order, line_ids: list[int]) -> dict[int, int]:
    """Shipped, unrefunded units per line (staff may have refunded some meanwhile, say as a goodwill gesture)."""
    result = {}
    for line in OrderLine.objects.filter(order=order, pk__in=line_ids).select_related("allocation"):
        allocation = getattr(line, "allocation", None)
        held = allocation.quantity if allocation is not None and allocation.released_at is None else 0
        result[line.pk] = max(0, line.quantity - line.quantity_refunded - held)
    return result


def _user(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None
