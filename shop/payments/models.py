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

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="payments")
    gateway = models.CharField(max_length=20)
    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    intent_id = models.CharField(max_length=120, unique=True, null=True, blank=True)
    client_secret = models.CharField(max_length=255, blank=True)
    failure_message = models.CharField(max_length=255, blank=True)
    amount_minor = models.BigIntegerField()
    refunded_minor = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=3, default="CNY")
    status = models.CharField(
        max_length=24, choices=PaymentStatus.choices, default=PaymentStatus.PENDING, db_index=True
    )
    idempotency_key = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
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

    event_id = models.CharField(max_length=120, unique=True)
    gateway = models.CharField(max_length=20)
    type = models.CharField(max_length=80)
    payload = models.JSONField()
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"
