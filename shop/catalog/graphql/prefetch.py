"""Prefetches for the product fields a query selected: a page of products costs the same number of
queries whatever its size (see tests/shop/catalog/graphql/test_query_counts.py)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from shop.catalog.models import DesignLicenceUsage, Product, ProductImage, ProductVariant
from shop.collection import imagery
from shop.collection.graphql.prefetch import below, licence_prefetches, relic_prefetches

IMAGES = "image_list"
VARIANTS = "variant_list"
USAGES = "usage_list"


def product_images() -> QuerySet[ProductImage]:
    return ProductImage.objects.order_by("position", "id").annotate(
        **imagery.thumbnail_ready_annotations(field="image")
    )


def product_prefetches(paths: frozenset[str]) -> list[Prefetch]:
    lookups = []
    if "thumbnail" in paths or "images" in paths:
        lookups.append(Prefetch("images", queryset=product_images(), to_attr=IMAGES))
    if "variants" in paths:
        variants = ProductVariant.objects.select_related("stock").order_by("position", "id")
        lookups.append(Prefetch("variants", queryset=variants, to_attr=VARIANTS))
    relics = below(below(paths, "design"), "relics")
    if relics or "museums" in paths:
        # Licensor museums come from the licences' shares; relics and their museums are joined.
        licence_paths = frozenset({"licensors"}) if "museums" in paths else frozenset()
        usages = (
            DesignLicenceUsage.objects.select_related("licence__relic__museum")
            .order_by("id")
            .prefetch_related(
                *licence_prefetches(licence_paths, prefix="licence__"),
                *relic_prefetches(relics, prefix="licence__relic__"),
            )
        )
        lookups.append(Prefetch("design__usages", queryset=usages, to_attr=USAGES))
    return lookups


def products_for_display(queryset: QuerySet[Product], *, paths: frozenset[str]) -> QuerySet[Product]:
    return queryset.select_related("category", "design__designer").prefetch_related(*product_prefetches(paths))


def product_image_list(product: Product) -> list[ProductImage]:
    cached = getattr(product, IMAGES, None)
    return cached if cached is not None else list(product_images().filter(product=product))


def product_variant_list(product: Product) -> list[ProductVariant]:
    cached = getattr(product, VARIANTS, None)
    if cached is not None:
        return cached
    return list(product.variants.select_related("stock").order_by("position", "id"))


def design_usage_list(design) -> list[DesignLicenceUsage]:
    cached = getattr(design, USAGES, None)
    if cached is not None:
        return cached
    return list(design.usages.select_related("licence__relic__museum").order_by("id"))
