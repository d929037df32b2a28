"""Admin for the outbox (read-only), and the read-only base that apps share for rows that only
services may write (orders, payments, ledgers)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shop.core.models import OutboxMessage


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows and searches rows; never adds, edits or deletes them (services own those writes)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class OutboxStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("Waiting for its task")),
            ("failing", _("Waiting, with an error")),
            ("failed", _("Given up")),
            ("done", _("Done")),
        ]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        waiting = queryset.filter(done_at__isnull=True, failed_at__isnull=True)
        match self.value():
            case "waiting":
                return waiting
            case "failing":
                return waiting.exclude(last_error="")
            case "failed":
                return queryset.filter(failed_at__isnull=False)
            case "done":
                return queryset.filter(done_at__isnull=False)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["id", "event", "task_name", "created_at", "sent_at", "done_at", "attempts", "has_error"]
    list_filter = [OutboxStateFilter, "event", "task_name"]
    search_fields = ["key", "task_name", "last_error"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    @admin.display(boolean=True, description=_("error"))
    def has_error(self, message: OutboxMessage) -> bool:
        return bool(message.last_error)
