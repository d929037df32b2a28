from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shop.collection.models import Licence, localized


class Category(models.Model):
    """A product category (tableware, stationery, scarves...). Licences name the ones they allow."""

    slug = models.SlugField(_("slug"), unique=True)
    name_en = models.CharField(_("name en"), max_length=120)
    name_zh = models.CharField(_("name zh"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    licences = models.ManyToManyField(
        Licence, verbose_name=_("licences"), related_name="allowed_categories", blank=True
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return localized(self, "name")


class Design(models.Model):
    """What a product is made from: licence usages (weights sum to 10000) and an optional designer.

    ``designer_rate_bp`` is fixed by the design agreement (incubator) or set by a curator for
    museums' own designs; rates adding up past 100% are refused by ``services.design_create``.
    """

    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="designs")
    designer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="designs",
    )
    designer_rate_bp = models.PositiveIntegerField(
        _("designer rate bp"), default=0, validators=[MaxValueValidator(10_000)]
    )
    licences = models.ManyToManyField(
        Licence, verbose_name=_("licences"), through="DesignLicenceUsage", related_name="designs"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("design")
        verbose_name_plural = _("designs")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(designer_rate_bp__lte=10_000), name="design_rate_at_most_100pct"),
            models.CheckConstraint(
                condition=Q(designer__isnull=False) | Q(designer_rate_bp=0), name="design_rate_needs_designer"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DesignLicenceUsage(models.Model):
    design = models.ForeignKey(Design, verbose_name=_("design"), on_delete=models.CASCADE, related_name="usages")
    licence = models.ForeignKey(Licence, verbose_name=_("licence"), on_delete=models.PROTECT, related_name="usages")
    weight_bp = models.PositiveIntegerField(
        _("weight bp"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )

    class Meta:
        verbose_name = _("design licence usage")
        verbose_name_plural = _("design licence usages")
        ordering = ["design_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["design", "licence"], name="design_usage_unique"),
            models.CheckConstraint(
                condition=Q(weight_bp__gte=1, weight_bp__lte=10_000), name="design_usage_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.design} uses {self.licence} ({self.weight_bp}bp)"


class Product(models.Model):
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name_en = models.CharField(_("name en"), max_length=200)
    name_zh = models.CharField(_("name zh"), max_length=200)
    description_en = models.TextField(_("description en"), blank=True)
    description_zh = models.TextField(_("description zh"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="products"
    )
    design = models.ForeignKey(Design, verbose_name=_("design"), on_delete=models.PROTECT, related_name="products")
    is_published = models.BooleanField(_("is published"), default=False, db_index=True)
    is_featured = models.BooleanField(_("is featured"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


def product_image_path(instance: ProductImage, filename: str) -> str:
    return f"products/{uuid.uuid4().hex}.jpg"


class ProductImage(models.Model):
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to=product_image_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    alt_en = models.CharField(_("alt en"), max_length=300, blank=True)
    alt_zh = models.CharField(_("alt zh"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["product_id", "position", "id"]

    def __str__(self) -> str:
        return self.image.name

    @property
    def alt(self) -> str:
        return localized(self, "alt")


class ProductVariant(models.Model):
    """A sellable unit. ``price_amount`` is VAT-inclusive, in ``currency``."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(_("sku"), max_length=64, unique=True)
    name_en = models.CharField(_("name en"), max_length=120, blank=True)
    name_zh = models.CharField(_("name zh"), max_length=120, blank=True)
    price_amount = models.DecimalField(_("price amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("product variant")
        verbose_name_plural = _("product variants")
        ordering = ["product_id", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(price_amount__gt=0), name="variant_price_positive"),
        ]

    def __str__(self) -> str:
        return self.sku

    @property
    def name(self) -> str:
        return localized(self, "name")


class Stock(models.Model):
    """On-hand quantity and what open orders hold of it. ``allocated`` never exceeds ``quantity``."""

    variant = models.OneToOneField(
        ProductVariant, verbose_name=_("variant"), on_delete=models.CASCADE, related_name="stock"
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=0)
    quantity_allocated = models.PositiveIntegerField(_("quantity allocated"), default=0)
    low_stock_threshold = models.PositiveIntegerField(
        _("low stock threshold"),
        default=5,
        help_text=_("Listed as low stock when the units available fall to this or below."),
    )

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stocks")
        constraints = [
            models.CheckConstraint(condition=Q(quantity_allocated__lte=F("quantity")), name="stock_no_oversell"),
        ]

    def __str__(self) -> str:
        return f"{self.variant_id}: {self.quantity} on hand, {self.quantity_allocated} allocated"

    @property
    def quantity_available(self) -> int:
        return max(self.quantity - self.quantity_allocated, 0)


class StockMovementReason(models.TextChoices):
    OPENING = "opening", pgettext_lazy("stock", "Opening balance")
    RECOUNT = "recount", _("Recount")
    DAMAGED = "damaged", _("Damaged")
    RESTOCK = "restock", _("Restock")
    RETURN = "return", _("Returned by a customer")
    SHIPMENT = "shipment", _("Shipped to a customer")


class StockMovement(models.Model):
    """One change of a variant's on-hand stock, with its reason: the history is append-only (rows are
    never updated or deleted), and the movements of a stock row add up to its ``quantity``."""

    stock = models.ForeignKey(Stock, verbose_name=_("stock"), on_delete=models.PROTECT, related_name="movements")
    delta = models.IntegerField(_("delta"))
    quantity_after = models.PositiveIntegerField(_("quantity after"))
    reason = models.CharField(_("reason"), max_length=12, choices=StockMovementReason.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    reference = models.CharField(
        pgettext_lazy("stock movement", "reference"),
        max_length=64,
        blank=True,
        help_text=_("An order number or return, when there is one."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(delta=0), name="stock_movement_not_zero")]

    def __str__(self) -> str:
        return f"{self.stock_id} {self.delta:+d} ({self.reason})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Stock movements are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Stock movements are append-only.")
