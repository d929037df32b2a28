from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrderStatus(models.TextChoices):
    """Where an order is; derived from its lines, shipments, returns and refunds by
    ``shop.orders.services.order_status_sync`` and moved only along ``ORDER_TRANSITIONS``."""

    UNPAID = "unpaid", _("Awaiting payment")
    PAID = "paid", _("Paid")
    PARTIALLY_FULFILLED = "partially_fulfilled", _("Partially shipped")
    FULFILLED = "fulfilled", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    RETURNED = "returned", _("Returned")
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

    number = models.CharField(pgettext_lazy("order", "number"), max_length=20, unique=True)
    checkout_token = models.UUIDField(_("checkout token"), unique=True, default=uuid.uuid4)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    email = models.EmailField(_("email"))
    status = models.CharField(
        _("status"), max_length=24, choices=OrderStatus.choices, default=OrderStatus.UNPAID, db_index=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    subtotal_amount = models.DecimalField(_("subtotal amount"), max_digits=12, decimal_places=2)
    shipping_amount = models.DecimalField(_("shipping amount"), max_digits=12, decimal_places=2, default=0)
    vat_amount = models.DecimalField(_("vat amount"), max_digits=12, decimal_places=2)
    total_amount = models.DecimalField(_("total amount"), max_digits=12, decimal_places=2)
    language_code = models.CharField(_("language code"), max_length=10, default="en")
    # Shipping address (mainland China form: province / city / district).
    ship_full_name = models.CharField(_("ship full name"), max_length=120, blank=True)
    ship_phone = models.CharField(_("ship phone"), max_length=32, blank=True)
    ship_country_code = models.CharField(_("ship country code"), max_length=2, default="CN")
    ship_province = models.CharField(_("ship province"), max_length=64, blank=True)
    ship_city = models.CharField(_("ship city"), max_length=64, blank=True)
    ship_district = models.CharField(_("ship district"), max_length=64, blank=True)
    ship_street_address = models.CharField(_("ship street address"), max_length=255, blank=True)
    ship_postal_code = models.CharField(_("ship postal code"), max_length=16, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True, db_index=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(
        _("fulfilled at"), null=True, blank=True, help_text=_("When nothing was left to ship.")
    )
    delivered_at = models.DateTimeField(
        _("delivered at"),
        null=True,
        blank=True,
        help_text=_("When the last shipment arrived; the return window counts from here."),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
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

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant",
        verbose_name=_("variant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_lines",
    )
    product_name_en = models.CharField(_("product name en"), max_length=200)
    product_name_zh = models.CharField(_("product name zh"), max_length=200)
    variant_name = models.CharField(_("variant name"), max_length=120, blank=True)
    # The variant's Chinese name as sold ("8英寸"); blank on lines sold before it was kept (shown in English).
    # A database default too, so raw bulk writers that predate it still insert.
    variant_name_zh = models.CharField(_("variant name zh"), max_length=120, blank=True, db_default="")
    sku = models.CharField(_("sku"), max_length=64)
    quantity = models.PositiveIntegerField(_("quantity"))
    quantity_fulfilled = models.PositiveIntegerField(_("quantity fulfilled"), default=0)
    quantity_refunded = models.PositiveIntegerField(_("quantity refunded"), default=0)
    unit_price_amount = models.DecimalField(
        _("unit price amount"), max_digits=12, decimal_places=2, help_text=_("VAT-inclusive")
    )
    discount_amount = models.DecimalField(_("discount amount"), max_digits=12, decimal_places=2, default=0)
    total_amount = models.DecimalField(
        _("total amount"), max_digits=12, decimal_places=2, help_text=_("VAT-inclusive, after discounts")
    )
    vat_rate_bp = models.PositiveIntegerField(_("vat rate bp"))
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    design_id_snapshot = models.BigIntegerField(_("design id snapshot"))
    licence_ids = models.JSONField(_("licence ids"), default=list)
    royalty_snapshot = models.JSONField(_("royalty snapshot"), default=dict)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_positive"),
            models.CheckConstraint(condition=Q(quantity_refunded__lte=F("quantity")), name="order_line_refund_le_qty"),
            models.CheckConstraint(condition=Q(quantity_fulfilled__lte=F("quantity")), name="order_line_fulfil_le_qty"),
        ]

    def __str__(self) -> str:
        return f"{self.order.number}: {self.quantity} × {self.sku}"


class Allocation(models.Model):
    """Stock an unpaid or paid order line holds; released when the order expires or is cancelled.

    ``quantity`` is what the line still holds (a refund before shipping gives units back);
    ``released_at`` is set once it holds nothing (expired, cancelled, fully refunded, shipped).
    """

    order_line = models.OneToOneField(
        OrderLine, verbose_name=_("order line"), on_delete=models.CASCADE, related_name="allocation"
    )
    stock = models.ForeignKey(
        "catalog.Stock", verbose_name=_("stock"), on_delete=models.PROTECT, related_name="allocations"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self) -> str:
        return f"{self.quantity} of stock {self.stock_id} for line {self.order_line_id}"


class RefundKind(models.TextChoices):
    REFUND = "refund", _("Refund")
    CHARGEBACK = "chargeback", _("Chargeback")
    # Money that reached the shop after the order stopped awaiting it (cancelled, or expired with its stock
    # gone): the whole payment goes back; nothing was sold, so no line and no royalty is touched.
    LATE_PAYMENT = "late_payment", _("Late payment returned")


class Refund(models.Model):
    """Money given back on an order: a refund staff made, a chargeback (a card dispute the shop lost), or a
    payment that came in after the order was cancelled, returned whole.

    ``payment_reference`` is the gateway's id of the payment (its intent) to pay back, when it must be that
    one; blank: the order's collected payment."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="refunds")
    kind = models.CharField(_("kind"), max_length=20, choices=RefundKind.choices, default=RefundKind.REFUND)
    payment_reference = models.CharField(_("payment reference"), max_length=120, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    gateway_reference = models.CharField(_("gateway reference"), max_length=120, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=120, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"refund {self.amount} {self.currency} on {self.order.number}"


class RefundLine(models.Model):
    refund = models.ForeignKey(Refund, verbose_name=_("refund"), on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(
        OrderLine, verbose_name=_("order line"), on_delete=models.PROTECT, related_name="refund_lines"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("refund line")
        verbose_name_plural = _("refund lines")
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="refund_line_quantity_positive")]

    def __str__(self) -> str:
        return f"{self.quantity} of line {self.order_line_id}"


class OrderEventType(models.TextChoices):
    PLACED = "placed", _("Order placed")
    STATUS_CHANGED = "status_changed", _("Status changed")
    ALLOCATION_RELEASED = "allocation_released", _("Stock released")
    REFUNDED = "refunded", _("Refunded")
    EMAIL_SENT = "email_sent", _("Email sent")
    FULFILLED = "fulfilled", _("Shipped")
    TRACKING_UPDATED = "tracking_updated", _("Tracking updated")
    DELIVERED = "delivered", _("Delivered")
    RETURN_REQUESTED = "return_requested", _("Return requested")
    RETURN_APPROVED = "return_approved", _("Return approved")
    RETURN_REJECTED = "return_rejected", _("Return rejected")
    RETURN_RECEIVED = "return_received", _("Return received")
    NOTE_ADDED = "note_added", _("Staff note")
    PAYMENT_CANCELLED = "payment_cancelled", _("Payment cancelled at the gateway")
    PAYMENT_PROBLEM = "payment_problem", _("Payment problem")


# Events only staff see (the shopper's order page and ``Order.events`` for its owner leave them out):
# staff notes and bookkeeping.
INTERNAL_EVENT_TYPES = frozenset(
    {
        OrderEventType.NOTE_ADDED,
        OrderEventType.ALLOCATION_RELEASED,
        OrderEventType.EMAIL_SENT,
        OrderEventType.PAYMENT_CANCELLED,
        OrderEventType.PAYMENT_PROBLEM,
    }
)


class OrderEvent(models.Model):
    """The order's history (status changes, emails sent, refunds), shown to staff and the shopper.

    ``key``, when set, is unique: an event that must happen once (an email, a transition
    caused by one payment) is recorded under a key, and the insert decides who did it first.
    """

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("type"), max_length=40, choices=OrderEventType.choices)
    message = models.CharField(_("message"), max_length=255, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    key = models.CharField(_("key"), max_length=120, null=True, blank=True, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.type}"


class DeliveryConfirmation(models.TextChoices):
    CUSTOMER = "customer", _("Confirmed by the customer")
    STAFF = "staff", _("Marked by staff")
    AUTOMATIC = "automatic", _("Deemed delivered")


class Fulfillment(models.Model):
    """One parcel: some units of some lines, handed to a carrier under a tracking number.

    ``carrier`` is a code of ``shop.orders.carriers.CARRIERS``; the tracking URL is computed from it,
    never stored. ``delivered_at`` is when it arrived (the customer's 确认收货, staff, or deemed
    ``ORDER_AUTO_DELIVERED_DAYS`` after shipping)."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="fulfillments")
    carrier = models.CharField(_("carrier"), max_length=20)
    tracking_number = models.CharField(_("tracking number"), max_length=40)
    shipped_at = models.DateTimeField(_("shipped at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    delivery_confirmation = models.CharField(
        _("delivery confirmation"), max_length=12, choices=DeliveryConfirmation.choices, blank=True
    )
    notify_customer = models.BooleanField(_("notify customer"), default=True)
    tracking_version = models.PositiveIntegerField(
        _("tracking version"), default=1, help_text=_("Counts tracking edits (emails once each).")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("fulfillment")
        verbose_name_plural = _("fulfillments")
        ordering = ["shipped_at", "id"]
        indexes = [models.Index(fields=["delivered_at", "shipped_at"], name="fulfillment_delivery_idx")]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.carrier} {self.tracking_number}"

    @property
    def carrier_info(self):
        from shop.orders.carriers import CARRIERS

        return CARRIERS.get(self.carrier)

    @property
    def carrier_name(self) -> str:
        carrier = self.carrier_info
        return str(carrier.name) if carrier else self.carrier

    @property
    def tracking_url(self) -> str:
        carrier = self.carrier_info
        return carrier.tracking_url(self.tracking_number) if carrier else ""


class FulfillmentLine(models.Model):
    fulfillment = models.ForeignKey(
        Fulfillment, verbose_name=_("fulfillment"), on_delete=models.CASCADE, related_name="lines"
    )
    order_line = models.ForeignKey(
        OrderLine, verbose_name=_("order line"), on_delete=models.PROTECT, related_name="fulfillment_lines"
    )
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("fulfillment line")
        verbose_name_plural = _("fulfillment lines")
        ordering = ["fulfillment_id", "order_line_id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="fulfillment_line_quantity_positive"),
            models.UniqueConstraint(fields=["fulfillment", "order_line"], name="fulfillment_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} of line {self.order_line_id}"


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved: awaiting the parcel")
    REJECTED = "rejected", _("Rejected")
    RECEIVED = "received", _("Received and refunded")


# Returns still holding units of their lines (a new request cannot ask for them again).
OPEN_RETURN_STATUSES = (ReturnStatus.REQUESTED, ReturnStatus.APPROVED)


class ReturnRequest(models.Model):
    """A customer's request to send back some delivered units, and what became of it.

    Requested by the owner (or a guest holding the order's token) within ``ORDER_RETURN_WINDOW_DAYS`` of
    delivery; approved or rejected by operations; on receipt what came back is recorded and refunded once
    through the refund path (``refund``)."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(_("status"), max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.REQUESTED)
    reason = models.CharField(_("reason"), max_length=500)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_comment = models.CharField(_("decision comment"), max_length=500, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    refund = models.OneToOneField(
        Refund, verbose_name=_("refund"), null=True, blank=True, on_delete=models.PROTECT, related_name="return_request"
    )

    class Meta:
        verbose_name = _("return request")
        verbose_name_plural = _("return requests")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"], name="return_status_idx")]

    def __str__(self) -> str:
        return f"return {self.pk} of {self.order_id} ({self.status})"


class ReturnLine(models.Model):
    return_request = models.ForeignKey(
        ReturnRequest, verbose_name=_("return request"), on_delete=models.CASCADE, related_name="lines"
    )
    order_line = models.ForeignKey(
        OrderLine, verbose_name=_("order line"), on_delete=models.PROTECT, related_name="return_lines"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    quantity_received = models.PositiveIntegerField(_("quantity received"), default=0)
    restocked = models.BooleanField(_("restocked"), default=False)

    class Meta:
        verbose_name = _("return line")
        verbose_name_plural = _("return lines")
        ordering = ["return_request_id", "order_line_id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="return_line_quantity_positive"),
            models.CheckConstraint(condition=Q(quantity_received__lte=F("quantity")), name="return_line_received_le"),
            models.UniqueConstraint(fields=["return_request", "order_line"], name="return_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} of line {self.order_line_id}"
