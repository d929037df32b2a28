"""Products with variants, stock and photos; photos go through ``product_image_add``."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Max, Min, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from shop.catalog.models import Product, ProductImage, ProductVariant, Stock
from shop.catalog.selectors import inactive_usage_exists
from shop.catalog.services import product_image_add, stock_set_quantity
from shop.collection import admin as collection_admin


class VariantAdminForm(forms.ModelForm):
    """A variant with its on-hand stock; stock never goes below what orders hold."""

    stock_quantity = forms.IntegerField(label=_("stock on hand"), min_value=0, max_value=1_000_000, initial=0)

    class Meta:
        model = ProductVariant
        fields = ["sku", "name_en", "name_zh", "price_amount", "currency", "position", "stock_quantity"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        stock = Stock.objects.filter(variant_id=self.instance.pk).first() if self.instance.pk else None
        self.allocated = stock.quantity_allocated if stock else 0
        if stock is not None:
            self.initial["stock_quantity"] = stock.quantity
            self.fields["stock_quantity"].help_text = _("%(n)s held by open orders") % {"n": self.allocated}

    def clean_price_amount(self):
        price = self.cleaned_data["price_amount"]
        if price is not None and price <= 0:
            raise ValidationError(_("The price must be positive."), code="invalid")
        return price

    def clean_stock_quantity(self):
        quantity = self.cleaned_data["stock_quantity"]
        if quantity is not None and quantity < self.allocated:
            raise ValidationError(
                _("Stock cannot go below the %(n)s units already allocated to orders."),
                code="invalid",
                params={"n": self.allocated},
            )
        return quantity


def _stock_save(variant: ProductVariant, quantity: int) -> None:
    if Stock.objects.filter(variant=variant).exists():
        stock_set_quantity(variant=variant, quantity=quantity)
    else:
        Stock.objects.create(variant=variant, quantity=quantity)


class VariantInline(admin.TabularInline):
    model = ProductVariant
    form = VariantAdminForm
    extra = 0
    min_num = 1
    fields = ["sku", "name_en", "name_zh", "price_amount", "currency", "stock_quantity", "position"]


class ProductImageInlineForm(forms.ModelForm):
    upload = forms.ImageField(label=_("photograph"), required=False, help_text=_("Re-encoded; metadata removed."))

    class Meta:
        model = ProductImage
        fields = ["upload", "alt_en", "alt_zh", "position"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["upload"].disabled = True

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if self.instance.pk:
            return None
        if not upload:
            raise ValidationError(_("Choose a photograph."), code="required")
        collection_admin.upload_checked(upload)
        return upload


class ProductImageFormSet(BaseInlineFormSet):
    def save_new(self, form, commit=True):
        data = form.cleaned_data
        return product_image_add(
            product=self.instance,
            image_file=data["upload"],
            alt_en=data.get("alt_en", ""),
            alt_zh=data.get("alt_zh", ""),
            position=data.get("position") or 0,
        )


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    form = ProductImageInlineForm
    formset = ProductImageFormSet
    extra = 0
    fields = ["thumbnail", "upload", "alt_en", "alt_zh", "position"]
    readonly_fields = ["thumbnail"]

    @admin.display(description="")
    def thumbnail(self, image: ProductImage) -> str:
        return collection_admin.thumbnail_html(image.image) if image.pk else "—"


class ProductAdminForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "slug",
            "name_en",
            "name_zh",
            "design",
            "category",
            "description_en",
            "description_zh",
            "is_published",
            "is_featured",
        ]

    def clean(self):
        cleaned = super().clean()
        design, category = cleaned.get("design"), cleaned.get("category")
        if design is not None and category is not None and design.category_id != category.pk:
            self.add_error("category", _("A product is in its design's category (%(c)s).") % {"c": design.category})
        return cleaned


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductAdminForm
    list_display = [
        "thumbnail",
        "name_en",
        "name_zh",
        "category",
        "designer",
        "price_range",
        "stock_on_hand",
        "licences_active",
        "is_published",
        "is_featured",
    ]
    list_display_links = ["thumbnail", "name_en"]
    list_filter = ["is_published", "is_featured", "category", "design__usages__licence__status"]
    search_fields = ["name_en", "name_zh", "slug", "variants__sku", "design__usages__licence__relic__name_en"]
    list_select_related = ["category", "design__designer"]
    autocomplete_fields = ["design"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [VariantInline, ProductImageInline]

    def get_queryset(self, request):
        stock = (
            Stock.objects.filter(variant__product_id=OuterRef("pk"))
            .values("variant__product_id")
            .annotate(total=Sum("quantity"))
            .values("total")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                price_min=Min("variants__price_amount"),
                price_max=Max("variants__price_amount"),
                stock_total=Coalesce(Subquery(stock[:1]), 0),
                all_licences_active=~inactive_usage_exists(),
            )
            .prefetch_related("images")
        )

    def save_formset(self, request, form, formset, change) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is ProductVariant:
            for variant_form in formset.forms:
                data = getattr(variant_form, "cleaned_data", None)
                if data and not data.get("DELETE") and variant_form.instance.pk:
                    _stock_save(variant_form.instance, data["stock_quantity"])

    @admin.display(description="")
    def thumbnail(self, product: Product) -> str:
        images = list(product.images.all())
        return collection_admin.thumbnail_html(images[0].image, size=60) if images else "—"

    @admin.display(description=_("designer"), ordering="design__designer__email")
    def designer(self, product: Product) -> str:
        return str(product.design.designer) if product.design.designer else _("museum's own")

    @admin.display(description=_("price (¥)"), ordering="price_min")
    def price_range(self, product: Product) -> str:
        if product.price_min is None:
            return "—"
        if product.price_min == product.price_max:
            return f"{product.price_min:.2f}"
        return f"{product.price_min:.2f}–{product.price_max:.2f}"

    @admin.display(description=_("stock"), ordering="stock_total")
    def stock_on_hand(self, product: Product) -> int:
        return product.stock_total

    @admin.display(description=_("licences active"), boolean=True, ordering="all_licences_active")
    def licences_active(self, product: Product) -> bool:
        return product.all_licences_active


@admin.register(ProductVariant)
class ProductVariantAdmin(admin.ModelAdmin):
    """Find a variant by SKU and set its price or stock; variants are added on the product's page."""

    form = VariantAdminForm
    list_display = ["sku", "product", "name_en", "price_amount", "currency", "on_hand", "allocated"]
    list_filter = ["currency", "product__category"]
    search_fields = ["sku", "product__name_en", "product__name_zh"]
    list_select_related = ["product", "stock"]
    readonly_fields = ["product"]
    fields = ["product", "sku", "name_en", "name_zh", "price_amount", "currency", "position", "stock_quantity"]

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        _stock_save(obj, form.cleaned_data["stock_quantity"])

    @admin.display(description=_("on hand"), ordering="stock__quantity")
    def on_hand(self, variant: ProductVariant) -> int | str:
        stock = getattr(variant, "stock", None)
        return stock.quantity if stock else "—"

    @admin.display(description=_("allocated"), ordering="stock__quantity_allocated")
    def allocated(self, variant: ProductVariant) -> int | str:
        stock = getattr(variant, "stock", None)
        return stock.quantity_allocated if stock else "—"
