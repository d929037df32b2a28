"""Admin for the incubator: read-mostly. State changes go through the services (the portal and
GraphQL), so the state and timeline are read-only here."""

from django.contrib import admin

from incubator import models


@admin.register(models.DesignerProfile)
class DesignerProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "display_name_zh", "slug", "user", "portfolio_url", "created_at")
    search_fields = ("display_name", "display_name_zh", "user__email")
    raw_id_fields = ("user",)
    # The payout account (IBAN) is the designer's alone: the API shows it to nobody else, neither does the admin.
    exclude = ("payout_details",)


@admin.register(models.Brief)
class BriefAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "deadline", "created_at")
    list_filter = ("status",)
    search_fields = ("title", "text")
    filter_horizontal = ("relics", "categories")
    readonly_fields = ("created_by", "created_at")


class RevisionInline(admin.StackedInline):
    model = models.SubmissionRevision
    extra = 0
    can_delete = False
    readonly_fields = (
        "number",
        "title",
        "description",
        "category",
        "materials",
        "dimensions",
        "proposed_retail_price",
        "estimated_unit_cost",
        "currency",
        "created_at",
        "submitted_at",
    )
    exclude = ("licences",)

    def has_add_permission(self, request, obj=None):
        return False


class TransitionInline(admin.TabularInline):
    model = models.SubmissionTransition
    extra = 0
    can_delete = False
    readonly_fields = ("from_state", "to_state", "actor", "revision_number", "comment", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


class ApprovalInline(admin.TabularInline):
    model = models.MuseumApproval
    extra = 0
    can_delete = False
    readonly_fields = ("museum", "revision", "status", "comment", "decided_by", "decided_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "designer", "state", "brief", "updated_at")
    list_select_related = ("current_revision", "designer", "brief")
    list_filter = ("state",)
    search_fields = ("revisions__title", "designer__email", "designer__display_name")
    readonly_fields = ("designer", "brief", "state", "current_revision", "designer_rate_bp", "product", "created_at")
    inlines = [RevisionInline, ApprovalInline, TransitionInline]

    def has_add_permission(self, request):
        return False


@admin.register(models.MuseumApproval)
class MuseumApprovalAdmin(admin.ModelAdmin):
    list_display = ("submission", "museum", "status", "decided_at")
    list_select_related = ("submission__current_revision", "museum")
    list_filter = ("status", "museum")
    readonly_fields = ("submission", "revision", "museum", "status", "comment", "decided_by", "decided_at")

    def has_add_permission(self, request):
        return False


@admin.register(models.DesignAgreement)
class DesignAgreementAdmin(admin.ModelAdmin):
    list_display = ("submission", "design", "designer_rate_bp", "agreed_at")
    list_select_related = ("submission__current_revision", "design")
    readonly_fields = ("submission", "design", "designer_rate_bp", "agreed_at")

    def has_add_permission(self, request):
        return False


@admin.register(models.Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "text", "created_at", "read_at", "emailed_at")
    list_filter = ("read_at", "emailed_at")
    search_fields = ("user__email", "text")
    raw_id_fields = ("user",)


@admin.register(models.RelicImageDownload)
class RelicImageDownloadAdmin(admin.ModelAdmin):
    """The download audit log: read only, for everyone (the model and a PostgreSQL trigger refuse changes too)."""

    list_display = ("created_at", "designer", "image", "submission", "mark", "width", "height")
    search_fields = ("designer__email", "purpose", "visible_mark")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
