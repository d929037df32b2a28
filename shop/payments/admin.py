"""Read-only admin for payments and inbound gateway events. The client secret is never shown;
payments change state only through the gateway webhooks and the services."""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shop.core.admin import ReadOnlyAdmin
from shop.core.money import Money
from shop.payments.models import Payment, PaymentEvent


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["order", "gateway", "status", "amount", "refunded", "intent_id", "created_at"]
    list_filter = ["gateway", "status", "currency"]
    search_fields = ["order__number", "intent_id", "idempotency_key", "order__email"]
    list_select_related = ["order"]
    date_hierarchy = "created_at"
    # Amounts in yuan with their currency, never the stored minor units (2800 for ¥28.00).
    exclude = ["client_secret", "amount_minor", "refunded_minor"]
    readonly_fields = ["amount", "refunded"]

    @admin.display(description=_("amount"), ordering="amount_minor")
    def amount(self, payment: Payment) -> str:
        return str(Money.from_minor(payment.amount_minor, payment.currency))

    @admin.display(description=_("refunded"), ordering="refunded_minor")
    def refunded(self, payment: Payment) -> str:
        return str(Money.from_minor(payment.refunded_minor, payment.currency))


@admin.register(PaymentEvent)
class PaymentEventAdmin(ReadOnlyAdmin):
    list_display = ["event_id", "gateway", "type", "received_at", "processed_at", "has_error"]
    list_filter = ["gateway", "type", ("processed_at", admin.EmptyFieldListFilter)]
    search_fields = ["event_id", "type", "error"]
    date_hierarchy = "received_at"
    exclude = ["payload"]
    readonly_fields = ["payload_pretty"]

    @admin.display(boolean=True, description=_("error"))
    def has_error(self, event: PaymentEvent) -> bool:
        return bool(event.error)

    @admin.display(description=_("payload"))
    def payload_pretty(self, event: PaymentEvent) -> str:
        return format_html("<pre>{}</pre>", json.dumps(event.payload, indent=2, ensure_ascii=False, sort_keys=True))
