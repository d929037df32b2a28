"""Yardsticks the benchmarks measure the shop against, in the same server and the same run.

- ``floor``: the least a request through this stack costs (middleware, one ``SELECT 1``, a small JSON body).
- ``catalog_json``: the data of ``products(first: N)`` in the full shape of ``bench/catalog.py``, written by
  hand: the same selector and page, the same prefetches (so the same SQL), plain loops building dicts,
  ``JsonResponse``. What the GraphQL layer costs is the difference.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.http import JsonResponse
from graphql_relay import offset_to_cursor, to_global_id

from shop.catalog.graphql.dataloaders import product_images
from shop.catalog.models import Design, DesignLicenceUsage, ProductVariant
from shop.catalog.selectors import product_is_available, product_list
from shop.collection import imagery
from shop.collection.models import LicensorShare


def floor(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"ok": True})


def _money(amount) -> dict:
    return {"amount": str(amount), "currency": settings.SHOP_CURRENCY}


def catalog_json(request):
    first = min(int(request.GET.get("first", 100)), 100)
    queryset = product_list().select_related("category", "design__designer")
    page = list(queryset[: first + 1])
    total = queryset.order_by().count()
    has_next, page = len(page) > first, page[:first]
    usages = DesignLicenceUsage.objects.select_related("licence__relic__museum").order_by("id")
    prefetch_related_objects(
        page,
        Prefetch("images", queryset=product_images(), to_attr="image_list"),
        Prefetch("variants", queryset=ProductVariant.objects.select_related("stock"), to_attr="variant_list"),
        Prefetch("design", queryset=Design.objects.select_related("designer")),
        Prefetch("design__usages", queryset=usages, to_attr="usage_list"),
    )
    licences = [usage.licence for product in page for usage in product.design.usage_list]
    prefetch_related_objects(
        licences,
        Prefetch("shares", queryset=LicensorShare.objects.select_related("museum"), to_attr="share_list"),
    )
    alias = imagery.thumbnail_alias_for_pixels(400)
    edges = []
    for product in page:
        images = product.image_list
        thumbnail = None
        if images:
            url = imagery.image_url(instance=images[0], field="image", alias=alias)
            thumbnail = {"url": request.build_absolute_uri(url), "alt": images[0].alt or product.name}
        relics, museums = {}, {}
        for usage in product.design.usage_list:
            relics.setdefault(usage.licence.relic_id, usage.licence.relic)
            for share in usage.licence.share_list:
                museums.setdefault(share.museum_id, share.museum)
        designer = product.design.designer
        edges.append(
            {
                "node": {
                    "id": to_global_id("Product", product.pk),
                    "slug": product.slug,
                    "name": product.name,
                    "description": product.description,
                    "isAvailable": product_is_available(product),
                    "category": {"slug": product.category.slug, "name": product.category.name},
                    "pricing": {"priceRange": {"start": _money(product.price_min), "stop": _money(product.price_max)}},
                    "thumbnail": thumbnail,
                    "variants": [
                        {
                            "id": to_global_id("ProductVariant", variant.pk),
                            "sku": variant.sku,
                            "name": variant.name,
                            "price": _money(variant.price_amount),
                            "quantityAvailable": variant.stock.quantity_available,
                        }
                        for variant in product.variant_list
                    ],
                    "design": {
                        "designer": {"displayName": designer.display_name or "—"} if designer else None,
                        "relics": [
                            {
                                "slug": relic.slug,
                                "name": relic.name,
                                "period": relic.period,
                                "museum": {"slug": relic.museum.slug, "name": relic.museum.name},
                            }
                            for relic in relics.values()
                        ],
                    },
                    "museums": [{"slug": museums[pk].slug, "name": museums[pk].name} for pk in sorted(museums)],
                },
            }
        )
    return JsonResponse(
        {
            "data": {
                "products": {
                    "totalCount": total,
                    "pageInfo": {
                        "hasNextPage": has_next,
                        "endCursor": offset_to_cursor(len(edges) - 1) if edges else None,
                    },
                    "edges": edges,
                }
            }
        }
    )
