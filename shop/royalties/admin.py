"""Read-only admin: the ledger, periods and statements are written by services only, never edited."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from shop.core.money import Money
from shop.royalties.models import (
    DesignerBankAccount,
    DesignerPayoutAccount,
    MuseumBankAccount,
    RoyaltyEntry,
    RoyaltyPeriod,
    RoyaltySettlement,
    RoyaltySettlementLine,
    RoyaltyStatement,
    StatementExportJob,
)
from shop.royalties.payouts import LeftOut


def _yuan(minor: int | None, currency: str) -> str:
    return "" if minor is None else str(Money.from_minor(minor, currency))


def amount_column(field: str, label: str):
    """An admin column showing a minor-units field as an amount in its currency (``34.83 CNY``, never 3483)."""

    @admin.display(description=label, ordering=field)
    def column(model_admin, obj) -> str:
        return _yuan(getattr(obj, field), obj.currency)

    column.__name__ = f"{field}_display"
    return column


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
        "amount",
        "order_line",
    ]
    list_filter = ["kind", "payee_type", "period", "currency"]
    amount = amount_column("amount_minor", _("amount"))
    base = amount_column("base_minor", _("net sales (base)"))
    exclude = ["amount_minor", "base_minor"]
    readonly_fields = ["amount", "base"]
    search_fields = ["idempotency_key", "reference"]
    raw_id_fields = ["order_line", "refund", "museum", "designer", "corrects", "settlement_line"]
    show_full_result_count = False


@admin.register(RoyaltyPeriod)
class RoyaltyPeriodAdmin(ReadOnlyAdmin):
    list_display = ["period", "closed_at", "closed_by"]


@admin.register(RoyaltyStatement)
class RoyaltyStatementAdmin(ReadOnlyAdmin):
    list_display = ["period", "payee_key", "opening", "royalties", "reversals", "adjustments", "payouts", "closing"]
    list_filter = ["period", "payee_type"]
    opening = amount_column("opening_minor", _("opening balance"))
    royalties = amount_column("royalties_minor", _("royalties"))
    reversals = amount_column("reversals_minor", _("reversals"))
    adjustments = amount_column("adjustments_minor", _("adjustments"))
    payouts = amount_column("payouts_minor", _("payouts"))
    closing = amount_column("closing_minor", _("closing balance"))
    exclude = [
        "opening_minor",
        "royalties_minor",
        "reversals_minor",
        "adjustments_minor",
        "payouts_minor",
        "closing_minor",
    ]
    readonly_fields = ["opening", "royalties", "reversals", "adjustments", "payouts", "closing"]


@admin.register(DesignerPayoutAccount)
class DesignerPayoutAccountAdmin(admin.ModelAdmin):
    list_display = ["designer", "stripe_account_id", "created_at"]
    raw_id_fields = ["designer"]


@admin.register(DesignerBankAccount)
class DesignerBankAccountAdmin(admin.ModelAdmin):
    list_display = ["designer", "account_name", "bank_name", "account_number", "updated_at"]
    raw_id_fields = ["designer"]


@admin.register(StatementExportJob)
class StatementExportJobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "requested_by", "payee_type", "museum", "designer", "period", "format", "status"]
    list_filter = ["status", "format"]


@admin.register(MuseumBankAccount)
class MuseumBankAccountAdmin(admin.ModelAdmin):
    list_display = ["museum", "account_name", "bank_name", "account_number", "updated_at"]


class RoyaltySettlementLineInline(admin.TabularInline):
    model = RoyaltySettlementLine
    fields = ["payee_type", "museum", "designer", "amount", "bank_name", "account_number"]
    readonly_fields = fields
    amount = amount_column("amount_minor", _("amount"))
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
    # The payees left out are stored as JSON in minor units; the page lists them in yuan with the reason.
    exclude = ["left_out"]
    readonly_fields = ["left_out_display"]

    @admin.display(description=_("left out"))
    def left_out_display(self, settlement: RoyaltySettlement) -> str:
        if not settlement.left_out:
            return "—"
        rows = []
        for left in settlement.left_out:
            currency = left.get("currency", "")
            reason = left.get("reason", "")
            text = _("%(name)s · available %(available)s · pending %(pending)s · %(reason)s") % {
                "name": left.get("name") or left.get("payee", ""),
                "available": _yuan(left.get("available_minor"), currency),
                "pending": _yuan(left.get("pending_minor"), currency),
                "reason": LeftOut(reason).label if reason in LeftOut.values else reason,
            }
            rows.append((text,))
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", rows))
