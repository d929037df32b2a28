"""Public pages of the incubator: the designers (``/designers/``) and each one's page (``/designers/<slug>/``), for
shoppers and everyone."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from incubator import selectors
from shop.catalog import selectors as catalog
from shop.catalog.provenance import products_credit
from shop.catalog.selectors import ProductFilter
from shop.collection.imagery import image_url

PRODUCTS_SHOWN = 48
DESIGNERS_PER_PAGE = 24
AVATAR_ALIAS = "small"


@require_safe
def designer_index(request):
    """Every designer with a public page: portrait, name in both languages, how many products are on sale, a link;
    paged. Three queries however many designers (the count, the page, and nothing per designer)."""
    paginator = Paginator(selectors.designer_profiles_public(), DESIGNERS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    for profile in page.object_list:
        profile.avatar_thumbnail = image_url(instance=profile, field="avatar", alias=AVATAR_ALIAS)
    return render(
        request,
        "incubator/designer_index.html",
        {"pagination": {"page": page, "paginator": paginator}, "designers": page.object_list},
    )


@require_safe
def designer_page(request, slug: str):
    """Name in both languages, portrait, bio, their products on sale (published only) and the relics they drew
    from. A fixed number of queries however many products."""
    profile = selectors.designer_profile_public(slug=slug)
    if profile is None:
        raise Http404
    products = catalog.product_prefetch_for_display(
        catalog.product_list(filters=ProductFilter(designer_id=profile.user_id))
    )
    products = products_credit(products[:PRODUCTS_SHOWN])
    relics = {}
    for product in products:
        for usage in product.design.usages.all():
            relics.setdefault(usage.licence.relic_id, usage.licence.relic)
    return render(
        request,
        "incubator/designer_page.html",
        {"profile": profile, "products": products, "relics": list(relics.values())},
    )
