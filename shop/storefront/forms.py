"""Filter forms of the storefront's list pages (GET). Invalid input becomes a form error, never a 500."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.catalog.models import Category
from shop.catalog.selectors import ProductFilter, ProductSortField
from shop.collection.models import Museum, Relic, RelicCategory

MAX_PRICE = Decimal("99999999.99")


# What a shopper picks → (sort field, descending).
PRODUCT_SORTS: dict[str, tuple[ProductSortField, bool]] = {
    "newest": (ProductSortField.CREATED, True),
    "price": (ProductSortField.PRICE, False),
    "-price": (ProductSortField.PRICE, True),
    "name": (ProductSortField.NAME, False),
}


class LocalizedModelChoiceField(forms.ModelChoiceField):
    """Choices labelled with the model's name in the active language."""

    def label_from_instance(self, obj) -> str:
        return obj.name


class ProductFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    museum = LocalizedModelChoiceField(
        label=_("Museum"),
        queryset=Museum.objects.order_by("id"),
        to_field_name="slug",
        required=False,
        empty_label=_("All museums"),
    )
    relic = LocalizedModelChoiceField(
        label=_("Relic"),
        queryset=Relic.objects.order_by("museum_id", "name_en"),
        to_field_name="slug",
        required=False,
        empty_label=_("All relics"),
    )
    category = LocalizedModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All categories"),
    )
    price_min = forms.DecimalField(
        label=_("Price from (¥)"), required=False, min_value=0, max_value=MAX_PRICE, decimal_places=2
    )
    price_max = forms.DecimalField(
        label=_("Price to (¥)"), required=False, min_value=0, max_value=MAX_PRICE, decimal_places=2
    )
    available = forms.BooleanField(label=_("Available now only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest")),
            ("price", _("Price: low to high")),
            ("-price", _("Price: high to low")),
            ("name", _("Name")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A museum holds thousands of relics: the select offers only the one chosen (shoppers
        # arrive from a relic's page), so the page never renders the whole collection.
        # Validation still checks the submitted slug against every relic.
        chosen = Relic.objects.filter(slug=self.data.get("relic") or "").first() if self.is_bound else None
        field = self.fields["relic"]
        field.widget.choices = [("", field.empty_label)] + ([(chosen.slug, chosen.name)] if chosen else [])

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("price_min"), cleaned.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("The upper price must not be below the lower one."))
        return cleaned

    def product_filter(self) -> ProductFilter:
        """The filter made of the fields that are valid; invalid ones are ignored (and shown as errors)."""
        data = getattr(self, "cleaned_data", {})
        museum, relic, category = data.get("museum"), data.get("relic"), data.get("category")
        return ProductFilter(
            museum=museum.slug if museum else None,
            relic=relic.slug if relic else None,
            category=category.slug if category else None,
            search=data.get("q") or None,
            price_gte=data.get("price_min"),
            price_lte=data.get("price_max"),
            available=True if data.get("available") else None,
        )

    def sort_order(self) -> tuple[ProductSortField, bool]:
        data = getattr(self, "cleaned_data", {})
        return PRODUCT_SORTS.get(data.get("sort") or "newest", PRODUCT_SORTS["newest"])


class RelicFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    museum = LocalizedModelChoiceField(
        label=_("Museum"),
        queryset=Museum.objects.order_by("id"),
        to_field_name="slug",
        required=False,
        empty_label=_("All museums"),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *RelicCategory.choices]
    )

    def relic_filters(self) -> dict[str, str | None]:
        data = getattr(self, "cleaned_data", {})
        museum = data.get("museum")
        return {
            "museum": museum.slug if museum else None,
            "category": data.get("category") or None,
            "search": data.get("q") or None,
        }
