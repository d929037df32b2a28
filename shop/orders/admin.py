"""Read-only admin for orders and what hangs off them. Orders change only through the services
(status transitions, allocation, refunds), so staff look here and act through those."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from shop.core.admin import ReadOnlyAdmin, ReadOnlyInline
from shop.orders.models import (
    Allocation,
    Fulfillment,
    FulfillmentLine,
    Order,
    OrderEvent,
    OrderLine,
    Refund,
    RefundLine,
    ReturnLine,
    ReturnRequest,
)


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = [
        "sku",
        "product_name_en",
        "variant_name",
        "quantity",
        "quantity_fulfilled",
        "quantity_refunded",
        "unit_price_amount",
        "discount_amount",
        "total_amount",
        "vat_rate_bp",
        "currency",
        "licence_ids",
    ]
    readonly_fields = fields


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ["created_at", "type", "message", "user"]
    readonly_fields = fields


class FulfillmentInline(ReadOnlyInline):
    model = Fulfillment
    fields = ["shipped_at", "carrier", "tracking_number", "delivered_at", "delivery_confirmation", "created_by"]
    readonly_fields = fields
    show_change_link = True


class ReturnRequestInline(ReadOnlyInline):
    model = ReturnRequest
    fields = ["created_at", "status", "reason", "decided_at", "decision_comment", "received_at", "refund"]
    readonly_fields = fields
    show_change_link = True


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ["created_at", "kind", "amount", "currency", "reason", "gateway_reference", "created_by"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "email", "status", "total_amount", "currency", "created_at", "paid_at"]
    list_filter = ["status", "currency", "created_at"]
    search_fields = ["number", "email", "ship_full_name", "ship_phone", "lines__sku"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["number", "status", "user", "email", "language_code"]}),
        (
            _("Amounts (VAT-inclusive)"),
            {"fields": ["currency", "subtotal_amount", "shipping_amount", "vat_amount", "total_amount"]},
        ),
        (
            _("Shipping address"),
            {
                "fields": [
                    "ship_full_name",
                    "ship_phone",
                    "ship_country_code",
                    "ship_province",
                    "ship_city",
                    "ship_district",
                    "ship_street_address",
                    "ship_postal_code",
                ]
            },
        ),
        (
            _("Dates"),
            {"fields": ["created_at", "expires_at", "paid_at", "fulfilled_at", "delivered_at", "cancelled_at"]},
        ),
    ]
    inlines = [OrderLineInline, FulfillmentInline, ReturnRequestInline, RefundInline, OrderEventInline]


class RefundLineInline(ReadOnlyInline):
    model = RefundLine
    fields = ["order_line", "quantity", "amount"]
    readonly_fields = fields


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["order", "kind", "amount", "currency", "reason", "created_by", "created_at"]
    list_filter = ["kind", "currency", "created_at"]
    search_fields = ["order__number", "gateway_reference", "idempotency_key", "reason"]
    list_select_related = ["order", "created_by"]
    inlines = [RefundLineInline]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    """Which order lines hold which stock; released ones no longer count."""

    list_display = ["order_line", "stock", "quantity", "released_at"]
    list_filter = [("released_at", admin.EmptyFieldListFilter)]
    search_fields = ["order_line__order__number", "order_line__sku"]
    list_select_related = ["order_line__order", "stock"]


class FulfillmentLineInline(ReadOnlyInline):
    model = FulfillmentLine
    fields = ["order_line", "quantity"]
    readonly_fields = fields


@admin.register(Fulfillment)
class FulfillmentAdmin(ReadOnlyAdmin):
    """Parcels; shipped and corrected from the back office (/ops/)."""

    list_display = ["order", "carrier", "tracking_number", "shipped_at", "delivered_at", "delivery_confirmation"]
    list_filter = ["carrier", "delivery_confirmation", ("delivered_at", admin.EmptyFieldListFilter)]
    search_fields = ["order__number", "tracking_number"]
    list_select_related = ["order"]
    inlines = [FulfillmentLineInline]


class ReturnLineInline(ReadOnlyInline):
    model = ReturnLine
    fields = ["order_line", "quantity", "quantity_received", "restocked"]
    readonly_fields = fields


@admin.register(ReturnRequest)
class ReturnRequestAdmin(ReadOnlyAdmin):
    """Returns; decided and received from the back office (/ops/)."""

    list_display = ["order", "status", "created_at", "decided_at", "received_at", "refund"]
    list_filter = ["status", "created_at"]
    search_fields = ["order__number", "reason"]
    list_select_related = ["order", "refund"]
    inlines = [ReturnLineInline]
