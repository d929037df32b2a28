"""Categories, and the collection's Licence admin extended with the categories a licence allows."""

from __future__ import annotations

import copy

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from shop.catalog.models import Category, Design
from shop.catalog.services import design_validate_usages
from shop.collection import admin as collection_admin
from shop.collection.models import Licence
from shop.core.errors import ApplicationError


def _designs_relying_on(*, licence_ids, category_ids=None):
    designs = Design.objects.filter(usages__licence_id__in=licence_ids)
    if category_ids is not None:
        designs = designs.filter(category_id__in=category_ids)
    return designs.distinct()


def _refuse_if_designs_rely(*, licence_ids, category_ids, what: str) -> None:
    names = list(
        _designs_relying_on(licence_ids=licence_ids, category_ids=category_ids).values_list("name", flat=True)[:5]
    )
    if names:
        raise ValidationError(
            _("%(what)s: designs rely on it (%(names)s)."),
            code="in_use",
            params={"what": what, "names": ", ".join(names)},
        )


# ── categories ───────────────────────────────────────────────────────────────────────────


class CategoryAdminForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["slug", "name_en", "name_zh", "position", "licences"]

    def clean_licences(self):
        licences = self.cleaned_data["licences"]
        if self.instance.pk:
            before = set(self.instance.licences.values_list("pk", flat=True))
            removed = before - {licence.pk for licence in licences}
            if removed:
                _refuse_if_designs_rely(
                    licence_ids=removed,
                    category_ids=[self.instance.pk],
                    what=_("A licence cannot stop allowing this category"),
                )
        return licences


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryAdminForm
    list_display = ["name_en", "name_zh", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_en", "name_zh", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["licences"]


# ── the licence admin, extended with the categories a licence allows ─────────────────────


class AllowedCategoryFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors) or not self.instance.pk:
            return
        kept = {
            form.cleaned_data["category"].pk
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("category")
        }
        needed = set(_designs_relying_on(licence_ids=[self.instance.pk]).values_list("category_id", flat=True))
        if needed - kept:
            _refuse_if_designs_rely(
                licence_ids=[self.instance.pk],
                category_ids=needed - kept,
                what=_("A category cannot be removed from this licence"),
            )


class AllowedCategoryInline(admin.TabularInline):
    model = Category.licences.through
    formset = AllowedCategoryFormSet
    extra = 0
    verbose_name = _("allowed product category")
    verbose_name_plural = _("allowed product categories")


class LicenceAdminForm(forms.ModelForm):
    class Meta:
        model = Licence
        fields = ["relic", "reference", "museum_rate_bp", "territory", "valid_from", "valid_until", "status"]

    def clean(self):
        cleaned = super().clean()
        rate = cleaned.get("museum_rate_bp")
        if self.instance.pk and rate is not None and rate != self.instance.museum_rate_bp:
            # A new museum rate must still leave every design that uses the licence payable.
            candidate = copy.copy(self.instance)
            candidate.museum_rate_bp = rate
            for design in _designs_relying_on(licence_ids=[self.instance.pk]).select_related("category"):
                usages = [
                    (candidate if usage.licence_id == candidate.pk else usage.licence, usage.weight_bp)
                    for usage in design.usages.select_related("licence")
                ]
                try:
                    design_validate_usages(
                        category=design.category,
                        usages=usages,
                        designer_rate_bp=design.designer_rate_bp,
                        require_active=False,
                    )
                except ApplicationError as exc:
                    self.add_error("museum_rate_bp", f"{design.name}: {exc.message}")
                    break
        return cleaned


admin.site.unregister(Licence)


@admin.register(Licence)
class LicenceAdmin(collection_admin.LicenceAdmin):
    form = LicenceAdminForm
    inlines = [*collection_admin.LicenceAdmin.inlines, AllowedCategoryInline]
    list_filter = [*collection_admin.LicenceAdmin.list_filter, "allowed_categories"]
