"""Catalogue reads shared by GraphQL and the storefront pages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.db import connection
from django.db.models import Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Collate
from django.utils import translation

from shop.catalog.models import Category, DesignLicenceUsage, Product, ProductImage, ProductVariant, Stock
from shop.collection.selectors import licence_active_q, relic_images_with_preview


class ProductSortField(StrEnum):
    NAME = "NAME"
    PRICE = "PRICE"
    CREATED = "CREATED"


@dataclass(frozen=True, slots=True)
class ProductFilter:
    museum: str | None = None  # museum slug
    relic: str | None = None  # relic slug
    category: str | None = None  # category slug
    designer_id: int | None = None
    search: str | None = None
    price_gte: Decimal | None = None
    price_lte: Decimal | None = None
    available: bool | None = None


def inactive_usage_exists() -> Exists:
    """A licence the product's design uses is not active today (correlated on ``design_id``)."""
    return Exists(
        DesignLicenceUsage.objects.filter(design_id=OuterRef("design_id")).exclude(licence_active_q(prefix="licence__"))
    )


def product_queryset_annotated() -> QuerySet[Product]:
    """Published products annotated with ``price_min``, ``price_max``, ``stock_available`` and
    ``licences_active`` (every licence the design uses is active today), the facts that
    ``is_available`` is made of. One SQL query however many products."""
    available_stock = (
        Stock.objects.filter(variant__product_id=OuterRef("pk"))
        .values("variant__product_id")
        .annotate(total=Sum(F("quantity") - F("quantity_allocated")))
        .values("total")
    )
    return Product.objects.filter(is_published=True).annotate(
        price_min=Min("variants__price_amount"),
        price_max=Max("variants__price_amount"),
        stock_available=Coalesce(available_stock[:1], 0),
        licences_active=~inactive_usage_exists(),
    )


def product_is_available(product: Product) -> bool:
    """Buyable now: published, every licence of its design active, some stock. Uses the
    annotations of ``product_queryset_annotated`` when present."""
    if not product.is_published:
        return False
    licences_active = getattr(product, "licences_active", None)
    if licences_active is None:
        licences_active = all(
            usage.licence.is_active_now() for usage in product.design.usages.select_related("licence")
        )
    stock = getattr(product, "stock_available", None)
    if stock is None:
        stock = sum(v.stock.quantity_available for v in product.variants.select_related("stock"))
    return bool(licences_active and stock > 0)


PINYIN_COLLATION = "zh-Hans-x-icu"  # PostgreSQL built with ICU (Debian's is)


def _name_order(language: str) -> F | Collate:
    if not language.lower().startswith("zh"):
        return F("name_en")
    if connection.vendor == "postgresql":
        return Collate("name_zh", PINYIN_COLLATION)
    return F("name_zh")


def product_list(
    *,
    filters: ProductFilter | None = None,
    sort_by: ProductSortField = ProductSortField.CREATED,
    descending: bool | None = None,
    language: str | None = None,
) -> QuerySet[Product]:
    """Published products matching ``filters``, ordered by ``sort_by`` with ``id`` as tiebreak.

    By name means by the name shoppers read: in Chinese (``language`` zh-*, default the active language)
    by ``name_zh`` in pinyin order on PostgreSQL (ICU collation), in code point order elsewhere.

    Search matches English and Chinese names, descriptions, SKUs and relic names. Unknown
    slugs match nothing (they are not errors)."""
    filters = filters or ProductFilter()
    queryset = product_queryset_annotated()
    if filters.museum:
        queryset = queryset.filter(design__usages__licence__shares__museum__slug=filters.museum)
    if filters.relic:
        queryset = queryset.filter(design__usages__licence__relic__slug=filters.relic)
    if filters.category:
        queryset = queryset.filter(category__slug=filters.category)
    if filters.designer_id is not None:
        queryset = queryset.filter(design__designer_id=filters.designer_id)
    if filters.search:
        term = filters.search.strip()
        queryset = queryset.filter(
            Q(name_en__icontains=term)
            | Q(name_zh__icontains=term)
            | Q(description_en__icontains=term)
            | Q(description_zh__icontains=term)
            | Q(variants__sku__iexact=term)
            | Q(design__usages__licence__relic__name_en__icontains=term)
            | Q(design__usages__licence__relic__name_zh__icontains=term)
        )
    if filters.price_gte is not None:
        queryset = queryset.filter(price_max__gte=filters.price_gte)
    if filters.price_lte is not None:
        queryset = queryset.filter(price_min__lte=filters.price_lte)
    if filters.available is not None:
        available = Q(licences_active=True, stock_available__gt=0)
        queryset = queryset.filter(available) if filters.available else queryset.exclude(available)
    # Joins through usages/shares can repeat a product: keep each once.
    queryset = queryset.filter(pk__in=queryset.values("pk")) if _needs_distinct(filters) else queryset
    match sort_by:
        case ProductSortField.NAME:
            descending = bool(descending)
            name = _name_order(language or translation.get_language() or "en")
            order = [name.desc(), "-id"] if descending else [name.asc(), "id"]
        case ProductSortField.PRICE:
            descending = bool(descending)
            order = ["-price_min", "-id"] if descending else ["price_min", "id"]
        case _:
            descending = True if descending is None else descending
            order = ["-created_at", "-id"] if descending else ["created_at", "id"]
    return queryset.order_by(*order)


def _needs_distinct(filters: ProductFilter) -> bool:
    return bool(filters.museum or filters.relic or filters.search)


def category_list() -> QuerySet[Category]:
    return Category.objects.all()


def product_prefetch_for_display(queryset: QuerySet[Product]) -> QuerySet[Product]:
    """``queryset`` with what a product card or page shows loaded up front: category, designer,
    images (``gallery``), and the relics its design uses with their museums and public preview
    images (``design.usages`` → ``licence.relic.preview_images``). Rendering any number of
    products then runs a fixed number of queries."""
    usages = DesignLicenceUsage.objects.select_related("licence__relic__museum").prefetch_related(
        Prefetch("licence__relic__images", queryset=relic_images_with_preview(), to_attr="preview_images")
    )
    return queryset.select_related("category", "design__designer").prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"), to_attr="gallery"),
        Prefetch("design__usages", queryset=usages),
    )


def product_get_for_page(*, slug: str) -> Product | None:
    """The published product with ``slug`` (annotated as ``product_queryset_annotated``), with its
    display relations and its variants and stock prefetched, or None."""
    queryset = product_queryset_annotated().filter(slug=slug)
    return (
        product_prefetch_for_display(queryset)
        .prefetch_related(Prefetch("variants", queryset=ProductVariant.objects.select_related("stock")))
        .first()
    )


@dataclass(frozen=True, slots=True)
class VariantOffer:
    variant: ProductVariant
    quantity_available: int
    is_available: bool


def product_variant_offers(*, product: Product) -> list[VariantOffer]:
    """Each variant of ``product`` with what can be bought now: none while any licence of the
    design is inactive (the variant stays listed, unavailable), otherwise its free stock."""
    licences_active = getattr(product, "licences_active", None)
    if licences_active is None:
        licences_active = all(usage.licence.is_active_now() for usage in product.design.usages.all())
    offers = []
    for variant in product.variants.all():
        stock = getattr(variant, "stock", None)  # a variant without a stock row has none to sell
        quantity = stock.quantity_available if stock is not None else 0
        offers.append(
            VariantOffer(
                variant=variant,
                quantity_available=quantity,
                is_available=bool(product.is_published and licences_active and quantity > 0),
            )
        )
    return offers
