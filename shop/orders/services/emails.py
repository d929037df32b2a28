"""Order emails, each sent exactly once in the order's language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from shop.orders.models import Order, OrderEvent, OrderEventType, Refund

EMAIL_KINDS = ("placed", "paid")


def _send_once(*, order: Order, key: str, subject: str, template: str, context: dict) -> bool:
    """Send an email at most once per ``key``: the unique event key is inserted first and the
    email sent inside the same transaction, so a failed send leaves no record (the task
    retries) and a concurrent duplicate waits on the insert, then finds it taken."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                OrderEvent.objects.create(order=order, type=OrderEventType.EMAIL_SENT, key=key, data={"key": key})
        except IntegrityError:
            return False
        with translation.override(order.language_code or settings.LANGUAGE_CODE):
            body = render_to_string(template, {"order": order, "LANGUAGE_CODE": translation.get_language(), **context})
            send_mail(str(subject), body, None, [order.email])
    return True


def order_email_send(*, order_id: int, kind: str) -> bool:
    """Send the order's ``placed`` or ``paid`` email exactly once; False when already sent."""
    if kind not in EMAIL_KINDS:
        raise ValueError(f"unknown order email {kind!r}")
    order = Order.objects.prefetch_related("lines").get(pk=order_id)
    with translation.override(order.language_code or settings.LANGUAGE_CODE):
        if kind == "placed":
            subject = translation.gettext("Order %(number)s received") % {"number": order.number}
        else:
            subject = translation.gettext("Order %(number)s confirmed: payment received") % {"number": order.number}
    return _send_once(
        order=order, key=f"email:{kind}:{order.pk}", subject=subject, template=f"orders/email/{kind}.txt", context={}
    )


def refund_email_send(*, refund_id: int) -> bool:
    """Send the refund email of ``refund_id`` exactly once; False when already sent."""
    refund = Refund.objects.select_related("order").prefetch_related("lines__order_line").get(pk=refund_id)
    order = refund.order
    with translation.override(order.language_code or settings.LANGUAGE_CODE):
        subject = translation.gettext("Refund on order %(number)s") % {"number": order.number}
    return _send_once(
        order=order,
        key=f"email:refund:{refund.pk}",
        subject=subject,
        template="orders/email/refunded.txt",
        context={"refund": refund},
    )
