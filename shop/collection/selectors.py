"""Collection reads: active licences, museums for staff, relics with their preview images.

Public surface: other apps call the collection app through this module (reads) and ``services`` (writes and
business rules); besides those they use only its models, error codes and the image pipeline (``imaging``,
``imagery``) and GraphQL types.
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from shop.collection.models import LicenceStatus, Museum, Relic, RelicImage, RelicImageTiles, TileSetKind


def licence_active_q(*, day: datetime.date | None = None, prefix: str = "") -> Q:
    """A ``Q`` matching licences active on ``day`` (today in Asia/Shanghai by default).

    ``prefix`` reaches the licence through a relation, e.g. ``"usages__licence__"``.
    """
    day = day or timezone.localdate()
    return (
        Q(**{f"{prefix}status": LicenceStatus.ACTIVE})
        & Q(**{f"{prefix}valid_from__lte": day})
        & (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day}))
    )


def museum_for_staff(*, user) -> Museum | None:
    """The museum a museum-staff user acts for, or None."""
    if user is None or not user.is_authenticated:
        return None
    membership = getattr(user, "museum_staff", None)
    return membership.museum if membership else None


def museum_list() -> QuerySet[Museum]:
    """Every museum, in the order they joined the programme."""
    return Museum.objects.order_by("id")


def museum_get(*, slug: str) -> Museum | None:
    """The museum with ``slug``, or None."""
    return Museum.objects.filter(slug=slug).first()


def relic_images_with_preview() -> QuerySet[RelicImage]:
    """Relic images that have a public (watermarked) preview; the private original is never exposed."""
    return RelicImage.objects.exclude(preview="").order_by("position", "id")


def relic_list(*, museum: str | None = None, category: str | None = None, search: str | None = None) -> QuerySet[Relic]:
    """Relics with their museum and public preview images (``preview_images``) prefetched,
    filtered by museum slug, category and a search term over both languages' names and periods.
    A constant number of queries however many relics are listed."""
    queryset = Relic.objects.select_related("museum").prefetch_related(
        Prefetch("images", queryset=relic_images_with_preview(), to_attr="preview_images")
    )
    if museum:
        queryset = queryset.filter(museum__slug=museum)
    if category:
        queryset = queryset.filter(category=category)
    if search and search.strip():
        term = search.strip()
        queryset = queryset.filter(
            Q(name_en__icontains=term)
            | Q(name_zh__icontains=term)
            | Q(period_en__icontains=term)
            | Q(period_zh__icontains=term)
            | Q(accession_number__iexact=term)
        )
    return queryset.order_by("museum_id", "name_en", "id")


def relic_list_featured(*, limit: int = 8) -> list[Relic]:
    """Featured relics first, then the most recently added, up to ``limit``."""
    return list(relic_list().order_by("-is_featured", "-created_at", "-id")[:limit])


def relic_get(*, slug: str) -> Relic | None:
    """The relic with ``slug`` with its museum and public preview images (``preview_images``), or None."""
    return relic_list().filter(slug=slug).first()


def relic_image_tiles(*, image_ids, kind: str) -> dict[int, RelicImageTiles]:
    """The tile sets of ``kind`` of the given relic images, by image id (images not tiled yet are absent)."""
    return {tiles.image_id: tiles for tiles in RelicImageTiles.objects.filter(image_id__in=list(image_ids), kind=kind)}


def relic_image_original_tiles(*, image_id: int) -> RelicImageTiles | None:
    """The private tile set of a relic image's original, or None while it is not made yet."""
    return RelicImageTiles.objects.filter(image_id=image_id, kind=TileSetKind.ORIGINAL).select_related("image").first()
