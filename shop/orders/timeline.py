"""An order's timeline entry in words, in the current language (the order pages, the back office, GraphQL)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from shop.orders.carriers import CARRIERS
from shop.orders.models import DeliveryConfirmation, OrderEvent, OrderEventType, OrderStatus


def _status_label(value: str) -> str:
    try:
        return str(OrderStatus(value).label)
    except ValueError:
        return value


def _carrier(code: str) -> str:
    carrier = CARRIERS.get(code)
    return str(carrier.name) if carrier else code


def order_event_text(event: OrderEvent) -> str:
    """One timeline entry, in the page's language."""
    data = event.data or {}
    kind = event.type
    if kind == OrderEventType.STATUS_CHANGED:
        return _("Status: %(status)s") % {"status": _status_label(data.get("to", ""))}
    if kind in (OrderEventType.FULFILLED, OrderEventType.TRACKING_UPDATED):
        text = _("Shipped with %(carrier)s, tracking number %(number)s")
        if kind == OrderEventType.TRACKING_UPDATED:
            text = _("Tracking changed to %(carrier)s, tracking number %(number)s")
        return text % {"carrier": _carrier(data.get("carrier", "")), "number": data.get("tracking_number", "")}
    if kind == OrderEventType.DELIVERED:
        try:
            how = str(DeliveryConfirmation(data.get("confirmation")).label)
        except ValueError:
            how = ""
        return _("Parcel delivered (%(how)s)") % {"how": how} if how else _("Parcel delivered")
    if kind == OrderEventType.REFUNDED:
        if data.get("kind") == "late_payment":
            return _(
                "A payment of ¥%(amount)s arrived after the order was %(status)s; it is refunded in full automatically"
            ) % {"amount": data.get("amount", ""), "status": _status_label(data.get("order_status", "")).lower()}
        return _("Refunded ¥%(amount)s") % {"amount": data.get("amount", "")}
    if kind == OrderEventType.PAYMENT_CANCELLED:
        return _("Payment cancelled at the gateway: it can no longer be paid")
    if kind == OrderEventType.PAYMENT_PROBLEM:
        what = _("cancelling the payment") if data.get("what") == "cancel" else _("sending the refund")
        return _("Payment problem while %(what)s: %(message)s") % {"what": what, "message": data.get("message", "")}
    if kind in (
        OrderEventType.RETURN_REQUESTED,
        OrderEventType.RETURN_APPROVED,
        OrderEventType.RETURN_REJECTED,
        OrderEventType.RETURN_RECEIVED,
    ):
        text = f"{event.get_type_display()} (R{data.get('return_id', '')})"
        return f"{text}: {data['comment']}" if data.get("comment") else text
    if kind == OrderEventType.NOTE_ADDED:
        return data.get("text") or event.message
    if kind == OrderEventType.EMAIL_SENT:
        parts = str(data.get("key", "")).split(":")  # email:<kind>:<id>…
        return _("Email sent (%(what)s)") % {"what": parts[1] if len(parts) > 1 else ""}
    return str(event.get_type_display())
