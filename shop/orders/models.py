from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    UNPAID = "unpaid", _("Awaiting payment")
    PAID = "paid", _("Paid")
    FULFILLED = "fulfilled", _("Shipped")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class Order(models.Model):
    """A placed order. Totals are stored (VAT-inclusive, in ``currency``), never recomputed.

    ``number`` is what shoppers and staff quote; ``checkout_token`` makes completion idempotent
    and, kept secret by the shopper's browser, lets a guest see the order's status. Status
    changes go through ``shop.orders.services.ORDER_TRANSITIONS`` only.
    """

    number = models.CharField(max_length=20, unique=True)
    checkout_token = models.UUIDField(unique=True, default=uuid.uuid4)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    email = models.EmailField()
    status = models.CharField(max_length=24, choices=OrderStatus.choices, default=OrderStatus.UNPAID, db_index=True)
    currency = models.CharField(max_length=3, default="CNY")
    subtotal_amount = models.DecimalField(max_digits=12, decimal_places=2)
    shipping_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    vat_amount = models.DecimalField(max_digits=12, decimal_places=2)
    total_amount = models.DecimalField(max_digits=12, decimal_places=2)
    language_code = models.CharField(max_length=10, default="en")
    # Shipping address (mainland China form: province / city / district).
    ship_full_name = models.CharField(max_length=120, blank=True)
    ship_phone = models.CharField(max_length=32, blank=True)
    ship_country_code = models.CharField(max_length=2, default="CN")
    ship_province = models.CharField(max_length=64, blank=True)
    ship_city = models.CharField(max_length=64, blank=True)
    ship_district = models.CharField(max_length=64, blank=True)
    ship_street_address = models.CharField(max_length=255, blank=True)
    ship_postal_code = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total_amount__gte=0), name="order_total_not_negative"),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """A line of an order, snapshotting everything a later catalogue edit could change.

    ``royalty_snapshot`` holds the design's terms at sale time: designer id and rate, and per
    licence usage its id, weight, museum rate and licensor shares. Royalties are computed
    from this snapshot alone, so any amount can be explained from the order line. Shape::

        {"design_id": 7, "designer_id": 12 | null, "designer_rate_bp": 800,
         "usages": [{"licence_id": 3, "weight_bp": 10000, "museum_rate_bp": 1000,
                     "shares": [[museum_id, share_bp], ...]}, ...]}
    """

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", null=True, blank=True, on_delete=models.SET_NULL, related_name="order_lines"
    )
    product_name_en = models.CharField(max_length=200)
    product_name_zh = models.CharField(max_length=200)
    variant_name = models.CharField(max_length=120, blank=True)
    sku = models.CharField(max_length=64)
    quantity = models.PositiveIntegerField()
    quantity_refunded = models.PositiveIntegerField(default=0)
    unit_price_amount = models.DecimalField(max_digits=12, decimal_places=2, help_text=_("VAT-inclusive"))
    discount_amount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    total_amount = models.DecimalField(max_digits=12, decimal_places=2, help_text=_("VAT-inclusive, after discounts"))
    vat_rate_bp = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="CNY")
    design_id_snapshot = models.BigIntegerField()
    licence_ids = models.JSONField(default=list)
    royalty_snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["order_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_positive"),
            models.CheckConstraint(condition=Q(quantity_refunded__lte=F("quantity")), name="order_line_refund_le_qty"),
        ]

    def __str__(self) -> str:
        return f"{self.order.number}: {self.quantity} × {self.sku}"


class Allocation(models.Model):
    """Stock an unpaid or paid order line holds; released when the order expires or is cancelled.

    ``quantity`` is what the line still holds (a refund before shipping gives units back);
    ``released_at`` is set once it holds nothing (expired, cancelled, fully refunded, shipped).
    """

    order_line = models.OneToOneField(OrderLine, on_delete=models.CASCADE, related_name="allocation")
    stock = models.ForeignKey("catalog.Stock", on_delete=models.PROTECT, related_name="allocations")
    quantity = models.PositiveIntegerField()
    released_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.quantity} of stock {self.stock_id} for line {self.order_line_id}"


class RefundKind(models.TextChoices):
    REFUND = "refund", _("Refund")
    CHARGEBACK = "chargeback", _("Chargeback")


class Refund(models.Model):
    """Money given back on an order: a refund staff made, or a chargeback (a card dispute the shop lost)."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds")
    kind = models.CharField(max_length=10, choices=RefundKind.choices, default=RefundKind.REFUND)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="CNY")
    reason = models.CharField(max_length=255, blank=True)
    gateway_reference = models.CharField(max_length=120, blank=True)
    idempotency_key = models.CharField(max_length=120, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"refund {self.amount} {self.currency} on {self.order.number}"


class RefundLine(models.Model):
    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="refund_lines")
    quantity = models.PositiveIntegerField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="refund_line_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.quantity} of line {self.order_line_id}"


class OrderEventType(models.TextChoices):
    PLACED = "placed", _("Order placed")
    STATUS_CHANGED = "status_changed", _("Status changed")
    ALLOCATION_RELEASED = "allocation_released", _("Stock released")
    REFUNDED = "refunded", _("Refunded")
    EMAIL_SENT = "email_sent", _("Email sent")


class OrderEvent(models.Model):
    """The order's history (status changes, emails sent, refunds), shown to staff and the shopper.

    ``key``, when set, is unique: an event that must happen once (an email, a transition
    caused by one payment) is recorded under a key, and the insert decides who did it first.
    """

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(max_length=40, choices=OrderEventType.choices)
    message = models.CharField(max_length=255, blank=True)
    data = models.JSONField(default=dict, blank=True)
    key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.type}"
