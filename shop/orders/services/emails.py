"""Order emails, each sent exactly once, in the recipient's language, with absolute links (``SITE_URL``).

The recipient's language is the one a signed-in customer last used on the site (``User.language``), or for
a guest the language the order was placed in. Links to the order carry its token, so a guest can open it
without signing in; the pay link goes through ``orders:pay``, which finds (or asks the gateway again for)
the payment at the moment the shopper clicks, so it never goes stale. Subjects are whole sentences in the
recipient's language and are never shortened.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop as _noop

from shop.core.links import absolute_url
from shop.orders.models import Fulfillment, Order, OrderEvent, OrderEventType, Refund, ReturnRequest, ReturnStatus

EMAIL_KINDS = ("placed", "paid", "cancelled")


def order_recipient_language(order: Order) -> str:
    """The language to write to the order's customer in (see the module's docstring)."""
    codes = {code for code, _ in settings.LANGUAGES}
    user_language = getattr(order.user, "language", "") if order.user_id else ""
    if user_language in codes:
        return user_language
    return order.language_code if order.language_code in codes else settings.LANGUAGE_CODE


def order_links(order: Order) -> dict[str, str]:
    """Absolute links for an email about ``order``: its page and where to pay it, both with its token."""
    token = f"?token={order.checkout_token}"
    return {
        "order_url": absolute_url(reverse("orders:status", args=[order.number])) + token,
        "pay_url": absolute_url(reverse("orders:pay", args=[order.number])) + token,
    }


def _send_once(*, order: Order, key: str, subject: str, template: str, context: dict) -> bool:
    """Send an email at most once per ``key``: the unique event key is inserted first and the
    email sent inside the same transaction, so a failed send leaves no record (the task
    retries) and a concurrent duplicate waits on the insert, then finds it taken. ``subject`` is
    a lazy or plain string rendered in the recipient's language."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                OrderEvent.objects.create(order=order, type=OrderEventType.EMAIL_SENT, key=key, data={"key": key})
        except IntegrityError:
            return False
        with translation.override(order_recipient_language(order)):
            body = render_to_string(
                template,
                {
                    "order": order,
                    "LANGUAGE_CODE": translation.get_language(),
                    "return_days": settings.ORDER_RETURN_WINDOW_DAYS,
                    **order_links(order),
                    **context,
                },
            )
            send_mail(" ".join(str(subject).split()), body, None, [order.email])
    return True


def _subject(order: Order, text: str, **values) -> str:
    with translation.override(order_recipient_language(order)):
        return translation.gettext(text) % {"number": order.number, **values}


def order_email_send(*, order_id: int, kind: str) -> bool:
    """Send the order's ``placed`` (with the pay link and the order link), ``paid`` or ``cancelled`` email
    exactly once; False when already sent."""
    if kind not in EMAIL_KINDS:
        raise ValueError(f"unknown order email {kind!r}")
    order = Order.objects.select_related("user").prefetch_related("lines").get(pk=order_id)
    subjects = {
        "placed": _noop("Order %(number)s received"),
        "paid": _noop("Order %(number)s confirmed: payment received"),
        "cancelled": _noop("Order %(number)s cancelled"),
    }
    return _send_once(
        order=order,
        key=f"email:{kind}:{order.pk}",
        subject=_subject(order, subjects[kind]),
        template=f"orders/email/{kind}.txt",
        context={},
    )


def refund_email_send(*, refund_id: int) -> bool:
    """Send the refund email of ``refund_id`` exactly once; False when already sent."""
    refund = Refund.objects.select_related("order__user").prefetch_related("lines__order_line").get(pk=refund_id)
    order = refund.order
    return _send_once(
        order=order,
        key=f"email:refund:{refund.pk}",
        subject=_subject(order, _noop("Refund on order %(number)s")),
        template="orders/email/refunded.txt",
        context={"refund": refund, "return_request": getattr(refund, "return_request", None)},
    )


def shipment_email_send(*, fulfillment_id: int, version: int = 1) -> bool:
    """Tell the customer a parcel shipped (``version`` 1) or that its tracking changed (later versions):
    carrier, tracking number, tracking link and what is inside. Once per parcel and version; nothing when
    staff chose not to notify the customer (False)."""
    fulfillment = (
        Fulfillment.objects.select_related("order__user").prefetch_related("lines__order_line").get(pk=fulfillment_id)
    )
    if not fulfillment.notify_customer or version != fulfillment.tracking_version:
        return False
    order = fulfillment.order
    updated = version > 1
    with translation.override(order_recipient_language(order)):
        carrier_name = str(fulfillment.carrier_name)
    return _send_once(
        order=order,
        key=f"email:shipped:{fulfillment.pk}:{version}",
        subject=_subject(
            order,
            _noop("New tracking number for order %(number)s") if updated else _noop("Order %(number)s has shipped"),
        ),
        template="orders/email/shipped.txt",
        context={"fulfillment": fulfillment, "carrier_name": carrier_name, "updated": updated},
    )


def return_email_send(*, return_id: int) -> bool:
    """The customer's email about a return: received request, then approved (how to send it) or rejected
    (why). Once per return and state; False when already sent (or the return moved on since)."""
    request = (
        ReturnRequest.objects.select_related("order__user").prefetch_related("lines__order_line").get(pk=return_id)
    )
    order = request.order
    subjects = {
        ReturnStatus.REQUESTED: _noop("We received your return request for order %(number)s"),
        ReturnStatus.APPROVED: _noop("Your return for order %(number)s is approved"),
        ReturnStatus.REJECTED: _noop("Your return request for order %(number)s was declined"),
    }
    if request.status not in subjects:
        return False
    return _send_once(
        order=order,
        key=f"email:return:{request.pk}:{request.status}",
        subject=_subject(order, subjects[request.status]),
        template="orders/email/return.txt",
        context={"return_request": request, "return_address": settings.ORDER_RETURN_ADDRESS},
    )
