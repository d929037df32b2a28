"""Dataloaders of the collection's types (see ``shop/core/graphql/dataloaders.py``): a relation asked of
one relic, licence or museum of a list is loaded for the whole list in one query."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber

from shop.collection import imagery
from shop.collection.models import Licence, LicensorShare, Museum, Relic, RelicImage
from shop.collection.selectors import relic_images_with_preview
from shop.core.graphql.connections import connection_from_rows, page_bounds
from shop.core.graphql.dataloaders import DataLoader, RelationLoader


def public_relic_images() -> QuerySet[RelicImage]:
    """Relic images with a public preview, annotated with which thumbnails are rendered."""
    return relic_images_with_preview().annotate(**imagery.thumbnail_ready_annotations(field="preview"))


class RelicImagesLoader(RelationLoader[Relic]):
    """The watermarked public images (never the originals)."""

    relation, many = "images", True

    def prefetch(self) -> Prefetch:
        return Prefetch("images", queryset=public_relic_images(), to_attr="public_images")


class RelicLicencesLoader(RelationLoader[Relic]):
    relation, many = "licences", True

    def prefetch(self) -> Prefetch:
        return Prefetch("licences", queryset=Licence.objects.order_by("reference"), to_attr="licence_list")


class LicenceRelicLoader(RelationLoader[Licence]):
    relation = "relic"

    def prefetch(self) -> Prefetch:
        return Prefetch("relic", queryset=Relic.objects.select_related("museum"))


class LicenceLicensorsLoader(RelationLoader[Licence]):
    """The museums holding a licence, with their shares, by museum."""

    relation, many = "shares", True

    def prefetch(self) -> Prefetch:
        shares = LicensorShare.objects.select_related("museum").order_by("museum_id")
        return Prefetch("shares", queryset=shares, to_attr="licensor_list")


class LicenceAllowedCategoriesLoader(RelationLoader[Licence]):
    relation, many = "allowed_categories", True

    def prefetch(self) -> Prefetch:
        return Prefetch("allowed_categories", to_attr="allowed_category_list")


class MuseumRelicPageLoader(DataLoader[Museum, object]):
    """A page of each museum's relics, by name, for ``Museum.relics(first, after)``: one query for the pages
    of every museum listed (a row number per museum picks each page). Params: ``connection_type``,
    ``first``, ``after``."""

    def batch_load(self, museums: list[Museum]) -> list[object]:
        offset, limit = page_bounds(first=self.params.get("first"), after=self.params.get("after"))
        pages: dict[int, list[Relic]] = {museum.pk: [] for museum in museums}
        if limit:
            ranked = (
                Relic.objects.filter(museum__in=museums)
                .select_related("museum")
                .annotate(position=Window(RowNumber(), partition_by=F("museum_id"), order_by=[F("name_en"), F("id")]))
            )
            for relic in ranked.filter(position__gt=offset, position__lte=offset + limit + 1).order_by(
                "museum_id", "position"
            ):
                pages[relic.museum_id].append(relic)
        return [
            connection_from_rows(
                pages[museum.pk],
                offset=offset,
                limit=limit,
                connection_type=self.params["connection_type"],
                count_source=Relic.objects.filter(museum=museum),
            )
            for museum in museums
        ]
