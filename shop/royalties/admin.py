"""Read-only admin: the ledger, periods and statements are written by services only, never edited."""

from django.contrib import admin

from shop.royalties.models import (
    DesignerPayoutAccount,
    MuseumBankAccount,
    RoyaltyEntry,
    RoyaltyPeriod,
    RoyaltySettlement,
    RoyaltySettlementLine,
    RoyaltyStatement,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        return {}


@admin.register(RoyaltyEntry)
class RoyaltyEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "period",
        "kind",
        "payee_type",
        "museum",
        "designer",
        "amount_minor",
        "currency",
        "order_line",
    ]
    list_filter = ["kind", "payee_type", "period", "currency"]
    search_fields = ["idempotency_key", "reference"]
    raw_id_fields = ["order_line", "refund", "museum", "designer", "corrects", "settlement_line"]
    show_full_result_count = False


@admin.register(RoyaltyPeriod)
class RoyaltyPeriodAdmin(ReadOnlyAdmin):
    list_display = ["period", "closed_at", "closed_by"]


@admin.register(RoyaltyStatement)
class RoyaltyStatementAdmin(ReadOnlyAdmin):
    list_display = ["period", "payee_key", "currency", "opening_minor", "royalties_minor", "closing_minor"]
    list_filter = ["period", "payee_type"]


@admin.register(DesignerPayoutAccount)
class DesignerPayoutAccountAdmin(admin.ModelAdmin):
    list_display = ["designer", "stripe_account_id", "created_at"]
    raw_id_fields = ["designer"]


@admin.register(MuseumBankAccount)
class MuseumBankAccountAdmin(admin.ModelAdmin):
    list_display = ["museum", "account_name", "bank_name", "account_number", "updated_at"]


class RoyaltySettlementLineInline(admin.TabularInline):
    model = RoyaltySettlementLine
    fields = ["payee_type", "museum", "designer", "currency", "amount_minor", "bank_name", "account_number"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RoyaltySettlement)
class RoyaltySettlementAdmin(ReadOnlyAdmin):
    list_display = ["period", "issued_at", "issued_by"]
    inlines = [RoyaltySettlementLineInline]
