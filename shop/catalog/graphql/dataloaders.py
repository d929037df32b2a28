"""Dataloaders of the catalogue's types (see ``shop/core/graphql/dataloaders.py``): a page of products
costs the same number of queries whatever its size (tests/shop/catalog/graphql/test_query_counts.py)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from shop.catalog.models import Design, DesignLicenceUsage, Product, ProductImage, ProductVariant
from shop.collection import imagery
from shop.collection.graphql.dataloaders import LicenceLicensorsLoader
from shop.collection.models import Museum, Relic
from shop.core.graphql.dataloaders import DataLoader, RelationLoader


def product_images() -> QuerySet[ProductImage]:
    return ProductImage.objects.order_by("position", "id").annotate(
        **imagery.thumbnail_ready_annotations(field="image")
    )


class ProductImagesLoader(RelationLoader[Product]):
    relation, many = "images", True

    def prefetch(self) -> Prefetch:
        return Prefetch("images", queryset=product_images(), to_attr="image_list")


class ProductVariantsLoader(RelationLoader[Product]):
    """Variants in their order, each with its stock row."""

    relation, many = "variants", True

    def prefetch(self) -> Prefetch:
        variants = ProductVariant.objects.select_related("stock").order_by("position", "id")
        return Prefetch("variants", queryset=variants, to_attr="variant_list")


class ProductDesignLoader(RelationLoader[Product]):
    relation = "design"

    def prefetch(self) -> Prefetch:
        return Prefetch("design", queryset=Design.objects.select_related("designer"))


class DesignUsagesLoader(RelationLoader[Design]):
    """The licences a design uses, each with its relic and the relic's museum."""

    relation, many = "usages", True

    def prefetch(self) -> Prefetch:
        usages = DesignLicenceUsage.objects.select_related("licence__relic__museum").order_by("id")
        return Prefetch("usages", queryset=usages, to_attr="usage_list")


class DesignRelicsLoader(DataLoader[Design, list[Relic]]):
    """The relics a design is based on, once each, in the order of its licence usages."""

    def batch_load(self, designs: list[Design]) -> list[list[Relic]]:
        result = []
        for usages in DesignUsagesLoader.for_request(self.info).load_many(designs):
            relics: dict[int, Relic] = {}
            for usage in usages:
                relics.setdefault(usage.licence.relic_id, usage.licence.relic)
            result.append(list(relics.values()))
        return result


class ProductMuseumsLoader(DataLoader[Product, list[Museum]]):
    """The museums licensing the relics a product uses (each licence's licensors), by id."""

    def batch_load(self, products: list[Product]) -> list[list[Museum]]:
        designs = ProductDesignLoader.for_request(self.info).load_many(products)
        usage_lists = DesignUsagesLoader.for_request(self.info).load_many(designs)
        licences = [usage.licence for usages in usage_lists for usage in usages]
        shares = dict(
            zip(
                [licence.pk for licence in licences],
                LicenceLicensorsLoader.for_request(self.info).load_many(licences),
                strict=True,
            )
        )
        result = []
        for usages in usage_lists:
            museums: dict[int, Museum] = {}
            for usage in usages:
                for share in shares[usage.licence_id]:
                    museums.setdefault(share.museum_id, share.museum)
            result.append([museums[pk] for pk in sorted(museums)])
        return result
