"""Prefetches for the relations a query selected, so that lists cost a fixed number of queries.

Every prefetch stores its rows in a ``to_attr``; the readers below use it when present and run
their own query when the object was loaded without it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from shop.collection import imagery
from shop.collection.models import Licence, LicensorShare, Relic, RelicImage
from shop.collection.selectors import relic_images_with_preview

PUBLIC_IMAGES = "public_images"
LICENCES = "licence_list"
LICENSORS = "licensor_list"
ALLOWED_CATEGORIES = "allowed_category_list"


def below(paths: Iterable[str], field: str) -> frozenset[str]:
    """The paths selected under ``field`` (``below({"a", "a.b"}, "a") == {"b"}``)."""
    prefix = f"{field}."
    return frozenset(path.removeprefix(prefix) for path in paths if path.startswith(prefix))


def public_relic_images() -> QuerySet[RelicImage]:
    """Relic images with a public preview, annotated with which thumbnails are rendered."""
    return relic_images_with_preview().annotate(**imagery.thumbnail_ready_annotations(field="preview"))


def licence_prefetches(paths: frozenset[str], *, prefix: str = "") -> list[Prefetch]:
    lookups = []
    if "licensors" in paths:
        shares = LicensorShare.objects.select_related("museum").order_by("museum_id")
        lookups.append(Prefetch(f"{prefix}shares", queryset=shares, to_attr=LICENSORS))
    if "allowedCategories" in paths:
        lookups.append(Prefetch(f"{prefix}allowed_categories", to_attr=ALLOWED_CATEGORIES))
    return lookups


def relic_prefetches(paths: frozenset[str], *, prefix: str = "") -> list[Prefetch]:
    """Prefetches for the ``Relic`` fields in ``paths``; ``prefix`` is the lookup reaching the relic."""
    lookups = []
    if "images" in paths:
        lookups.append(Prefetch(f"{prefix}images", queryset=public_relic_images(), to_attr=PUBLIC_IMAGES))
    if "licences" in paths:
        licences = Licence.objects.order_by("reference").prefetch_related(*licence_prefetches(below(paths, "licences")))
        lookups.append(Prefetch(f"{prefix}licences", queryset=licences, to_attr=LICENCES))
    return lookups


def relics_for_display(queryset: QuerySet[Relic], *, paths: frozenset[str]) -> QuerySet[Relic]:
    """``queryset`` with the museum joined and the selected relations prefetched."""
    return queryset.select_related("museum").prefetch_related(*relic_prefetches(paths))


def relic_public_images(relic: Relic) -> list[RelicImage]:
    cached = getattr(relic, PUBLIC_IMAGES, None)
    return cached if cached is not None else list(public_relic_images().filter(relic=relic))


def relic_licences(relic: Relic) -> list[Licence]:
    cached = getattr(relic, LICENCES, None)
    return cached if cached is not None else list(relic.licences.order_by("reference"))


def licence_licensors(licence: Licence) -> list[LicensorShare]:
    cached = getattr(licence, LICENSORS, None)
    return cached if cached is not None else list(licence.shares.select_related("museum").order_by("museum_id"))


def licence_allowed_categories(licence: Licence) -> list:
    cached = getattr(licence, ALLOWED_CATEGORIES, None)
    return cached if cached is not None else list(licence.allowed_categories.all())
