"""Storefront pages for shoppers. Thin: forms read the input, selectors read the data.

Every list is loaded with its relations up front, so a page runs a fixed number of queries
however many products or relics it shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from shop.catalog import selectors as catalog
from shop.catalog.provenance import design_approvals, products_credit
from shop.catalog.selectors import ProductFilter
from shop.collection import selectors as collection
from shop.collection.models import TileSetKind
from shop.collection.tiles import tiles_info, tiles_public_base_url
from shop.storefront.forms import ProductFilterForm, RelicFilterForm
from shop.storefront.provenance import product_museums, purchase_split

PRODUCTS_PER_PAGE = 24
RELICS_PER_PAGE = 24
SHELF_SIZE = 8


@dataclass(frozen=True, slots=True)
class Pagination:
    """A page of results, or none with the reason a shopper is told (a bad or too-high page number)."""

    paginator: Paginator
    page: Page | None
    error: str = ""


def _paginate(request: HttpRequest, queryset: QuerySet, *, per_page: int) -> Pagination:
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page") or "1"
    try:
        number = int(raw)
    except ValueError:
        return Pagination(paginator, None, _("“%(page)s” is not a page number.") % {"page": raw[:20]})
    if number < 1 or number > paginator.num_pages:
        return Pagination(paginator, None, _("There is no page %(page)s.") % {"page": number})
    return Pagination(paginator, paginator.page(number))


def _products(filters: ProductFilter | None = None, **kwargs) -> QuerySet:
    return catalog.product_prefetch_for_display(catalog.product_list(filters=filters, **kwargs))


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    featured = list(_products().filter(is_featured=True)[:4])
    featured_ids = [product.pk for product in featured]
    new = list(_products().exclude(pk__in=featured_ids)[:SHELF_SIZE])
    products_credit(featured + new)  # one query for both shelves
    return render(
        request,
        "storefront/home.html",
        {
            "museums": collection.museum_list(),
            "featured_relics": collection.relic_list_featured(limit=6),
            "featured_products": featured,
            "new_products": new,
        },
    )


@require_safe
def museum_detail(request: HttpRequest, slug: str) -> HttpResponse:
    museum = collection.museum_get(slug=slug)
    if museum is None:
        raise Http404(_("No museum here."))
    products = _products(ProductFilter(museum=museum.slug))
    return render(
        request,
        "storefront/museum_detail.html",
        {
            "museum": museum,
            "relics": collection.relic_list(museum=museum.slug),
            "products": products_credit(products[: SHELF_SIZE + 1]),
            "shelf_size": SHELF_SIZE,
        },
    )


@require_safe
def relic_list(request: HttpRequest) -> HttpResponse:
    form = RelicFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # errors are shown; only the valid fields filter
    relics = collection.relic_list(**form.relic_filters()) if form.is_bound else collection.relic_list()
    pagination = _paginate(request, relics, per_page=RELICS_PER_PAGE)
    return render(request, "storefront/relic_list.html", {"form": form, "pagination": pagination})


@require_safe
def relic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    relic = collection.relic_get(slug=slug)
    if relic is None:
        raise Http404(_("No relic here."))
    # Everyone zooms the watermarked preview (designers zoom the original in the portal).
    tiles = collection.relic_image_tiles(
        image_ids=[image.pk for image in relic.preview_images], kind=TileSetKind.PREVIEW
    )
    zoom = {
        image_id: json.dumps(tiles_info(tile_set, base_url=request.build_absolute_uri(tiles_public_base_url(tile_set))))
        for image_id, tile_set in tiles.items()
    }
    return render(
        request,
        "storefront/relic_detail.html",
        {
            "relic": relic,
            "images": [(image, zoom.get(image.pk)) for image in relic.preview_images],
            "products": products_credit(_products(ProductFilter(relic=relic.slug))[:12]),
        },
    )


@require_safe
def product_list(request: HttpRequest) -> HttpResponse:
    form = ProductFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # errors are shown; only the valid fields filter
    sort_field, descending = form.sort_order()
    products = _products(form.product_filter(), sort_by=sort_field, descending=descending)
    pagination = _paginate(request, products, per_page=PRODUCTS_PER_PAGE)
    if pagination.page is not None:
        pagination.page.object_list = products_credit(pagination.page.object_list)
    return render(request, "storefront/product_list.html", {"form": form, "pagination": pagination})


@require_safe
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product = catalog.product_get_for_page(slug=slug)
    if product is None:
        raise Http404(_("No product here."))
    offers = catalog.product_variant_offers(product=product)
    products_credit([product])
    default_offer = next((offer for offer in offers if offer.is_available), None)
    shown = default_offer or (offers[0] if offers else None)
    return render(
        request,
        "storefront/product_detail.html",
        {
            "product": product,
            "offers": offers,
            "default_offer": default_offer,
            "is_available": any(offer.is_available for offer in offers),
            "museums": product_museums(product),
            "approvals": design_approvals(design_ids=[product.design_id]).get(product.design_id, []),
            "split": purchase_split(product=product, variant=shown.variant) if shown else None,
            "split_variant": shown.variant if shown else None,
        },
    )
