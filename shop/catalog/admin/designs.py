"""Designs and their licence usages, validated with ``design_validate_usages``."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from shop.catalog.admin.common import as_validation_error
from shop.catalog.models import Design, DesignLicenceUsage
from shop.catalog.services import design_validate_usages
from shop.core.errors import ApplicationError


class DesignAdminForm(forms.ModelForm):
    class Meta:
        model = Design
        fields = ["name", "category", "designer", "designer_rate_bp"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("designer") is None and cleaned.get("designer_rate_bp"):
            self.add_error("designer_rate_bp", _("A design without a designer cannot pay a designer royalty."))
        return cleaned


class DesignUsageFormSet(BaseInlineFormSet):
    """The usages and rates must make a payable design (``design_validate_usages``); a licence
    newly added to a design must be active today."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        design = self.instance
        if design.category_id is None:
            return  # the design form itself is invalid and says why
        usages = [
            (form.cleaned_data["licence"], form.cleaned_data["weight_bp"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            design_validate_usages(
                category=design.category,
                usages=usages,
                designer_rate_bp=design.designer_rate_bp or 0,
                require_active=False,
            )
        except ApplicationError as exc:
            raise as_validation_error(exc) from exc
        already_used = set(design.usages.values_list("licence_id", flat=True)) if design.pk else set()
        for licence, _weight in usages:
            if licence.pk not in already_used and not licence.is_active_now():
                raise ValidationError(
                    _("Licence %(reference)s is not active."), code="LICENCE_INACTIVE", params={"reference": licence}
                )


class DesignUsageInline(admin.TabularInline):
    model = DesignLicenceUsage
    formset = DesignUsageFormSet
    extra = 0
    min_num = 1
    fields = ["licence", "weight_bp"]
    autocomplete_fields = ["licence"]
    verbose_name = _("licence usage (weights in basis points sum to 10000)")


@admin.register(Design)
class DesignAdmin(admin.ModelAdmin):
    form = DesignAdminForm
    list_display = ["name", "category", "designer", "designer_rate_bp", "licences_used", "created_at"]
    list_filter = ["category", "designer"]
    search_fields = ["name", "designer__email", "designer__display_name", "usages__licence__reference"]
    autocomplete_fields = ["designer"]
    list_select_related = ["category", "designer"]
    inlines = [DesignUsageInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("usages__licence")

    def get_readonly_fields(self, request, obj=None):
        # Products take their design's category: it is fixed once a product exists.
        if obj is not None and obj.products.exists():
            return ["category"]
        return []

    @admin.display(description=_("licences"))
    def licences_used(self, design: Design) -> str:
        return ", ".join(f"{usage.licence.reference} ({usage.weight_bp / 100:g}%)" for usage in design.usages.all())
