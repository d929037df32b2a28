"""Stock movements, read-only: the append-only history of every variant's on-hand stock (adjusted from the
back office, /ops/stock/, or by a recount on the variant's form)."""

from __future__ import annotations

from django.contrib import admin

from shop.catalog.models import StockMovement
from shop.core.admin import ReadOnlyAdmin


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "stock", "delta", "quantity_after", "reason", "reference", "user"]
    list_filter = ["reason", "created_at"]
    search_fields = ["stock__variant__sku", "reference", "note"]
    list_select_related = ["stock__variant", "user"]
