from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


class Payment(models.Model):
    """One attempt to collect an order's total through a gateway (stripe or dummy).

    ``amount_minor`` is what was asked of the gateway, in minor units; a webhook whose amount
    differs is refused. ``intent_id`` is the gateway's id (a Stripe PaymentIntent id).
    ``token`` names the payment in pay-page URLs (unguessable; the order number is not).
    An order has at most one open (pending or failed, i.e. still payable) payment.
    """

    order = models.ForeignKey(
        "orders.Order", verbose_name=_("order"), on_delete=models.PROTECT, related_name="payments"
    )
    gateway = models.CharField(_("gateway"), max_length=20)
    token = models.UUIDField(_("token"), unique=True, default=uuid.uuid4, editable=False)
    intent_id = models.CharField(_("intent id"), max_length=120, unique=True, null=True, blank=True)
    client_secret = models.CharField(_("client secret"), max_length=255, blank=True)
    failure_message = models.CharField(_("failure message"), max_length=255, blank=True)
    amount_minor = models.BigIntegerField(_("amount minor"))
    refunded_minor = models.BigIntegerField(_("refunded minor"), default=0)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    status = models.CharField(
        _("status"), max_length=24, choices=PaymentStatus.choices, default=PaymentStatus.PENDING, db_index=True
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=120, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    succeeded_at = models.DateTimeField(_("succeeded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_minor__gte=0), name="payment_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(refunded_minor__lte=models.F("amount_minor")), name="payment_refund_le_amount"
            ),
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(status__in=["pending", "failed"]),
                name="payment_one_open_per_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gateway} {self.intent_id or self.pk} {self.status}"


class PaymentEvent(models.Model):
    """An inbound gateway event, stored once by its id (the unique key decides, not a check)."""

    event_id = models.CharField(_("event id"), max_length=120, unique=True)
    gateway = models.CharField(_("gateway"), max_length=20)
    type = models.CharField(_("type"), max_length=80)
    payload = models.JSONField(_("payload"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("payment event")
        verbose_name_plural = _("payment events")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"
