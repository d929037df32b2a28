"""Public GraphQL types of the catalogue: categories, products, variants, designs."""

from __future__ import annotations

import graphene
from django.conf import settings
from graphene import relay
from graphene_django import DjangoObjectType
from graphql_relay import to_global_id

from shop.catalog import models as catalog
from shop.catalog.graphql.dataloaders import (
    DesignRelicsLoader,
    ProductDesignLoader,
    ProductImagesLoader,
    ProductMuseumsLoader,
    ProductVariantsLoader,
)
from shop.catalog.selectors import product_is_available
from shop.collection import imagery
from shop.collection.graphql.types import Image, ImageValue, Museum, Relic
from shop.core.errors import ApplicationError, ErrorCode
from shop.core.graphql.connections import CountableConnection
from shop.core.graphql.types import Money
from shop.core.money import Money as MoneyValue

DESIGNER_TYPE = "Designer"


class Category(DjangoObjectType):
    name = graphene.String(required=True, description="In the request's language.")

    class Meta:
        model = catalog.Category
        interfaces = (relay.Node,)
        fields = ("id", "slug", "name_en", "name_zh")
        description = "A product category."


class Designer(graphene.ObjectType):
    id = graphene.ID(required=True, description="Pass to `products(filter: {designer})`.")
    display_name = graphene.String(required=True)

    class Meta:
        description = "The public face of a designer (no contact details)."

    @staticmethod
    def resolve_id(root, info) -> str:
        return to_global_id(DESIGNER_TYPE, root.pk)

    @staticmethod
    def resolve_display_name(root, info) -> str:
        return root.display_name or "—"


class Design(graphene.ObjectType):
    name = graphene.String(required=True)
    designer = graphene.Field(Designer, description="Null for the museums' own designs.")
    relics = graphene.List(graphene.NonNull(Relic), required=True, description="The relics the design is based on.")

    class Meta:
        description = "What a product is made from: licensed relic imagery and a designer."

    @staticmethod
    def resolve_relics(root: catalog.Design, info):
        return DesignRelicsLoader.for_request(info).load(root)


class PriceRange(graphene.ObjectType):
    start = graphene.Field(Money, required=True)
    stop = graphene.Field(Money, required=True)


class ProductPricing(graphene.ObjectType):
    price_range = graphene.Field(PriceRange, description="Cheapest and dearest variant, VAT included.")

    @staticmethod
    def resolve_price_range(root: catalog.Product, info):
        low, high = getattr(root, "price_min", None), getattr(root, "price_max", None)
        if low is None:
            prices = [variant.price_amount for variant in ProductVariantsLoader.for_request(info).load(root)]
            if not prices:
                return None
            low, high = min(prices), max(prices)
        currency = settings.SHOP_CURRENCY
        return PriceRange(start=MoneyValue(low, currency), stop=MoneyValue(high, currency))


class ProductVariant(DjangoObjectType):
    name = graphene.String(required=True, description="In the request's language.")
    price = graphene.Field(Money, required=True, description="VAT included.")
    quantity_available = graphene.Int(required=True, description="Units in stock and not held by open orders.")

    class Meta:
        model = catalog.ProductVariant
        interfaces = (relay.Node,)
        fields = ("id", "sku", "name_en", "name_zh")
        description = "A sellable unit of a product."

    @staticmethod
    def resolve_price(root: catalog.ProductVariant, info) -> MoneyValue:
        return MoneyValue(root.price_amount, root.currency)

    @staticmethod
    def resolve_quantity_available(root: catalog.ProductVariant, info) -> int:
        try:
            stock = root.stock
        except catalog.Stock.DoesNotExist:  # a variant without a stock row has nothing to sell
            return 0
        return stock.quantity_available


class Product(DjangoObjectType):
    name = graphene.String(required=True, description="In the request's language.")
    description = graphene.String(required=True)
    category = graphene.Field(Category, required=True)
    is_available = graphene.Boolean(
        required=True, description="Buyable now: every licence of its design active and some stock."
    )
    pricing = graphene.Field(ProductPricing, required=True)
    thumbnail = graphene.Field(
        Image,
        size=graphene.Int(description="Longest side in pixels; the smallest pre-rendered size that covers it."),
        description="The first product photograph.",
    )
    images = graphene.List(graphene.NonNull(Image), required=True)
    variants = graphene.List(graphene.NonNull(ProductVariant), required=True)
    design = graphene.Field(Design, required=True)
    museums = graphene.List(
        graphene.NonNull(Museum), required=True, description="The museums licensing the relics it uses."
    )

    class Meta:
        model = catalog.Product
        interfaces = (relay.Node,)
        fields = ("id", "slug", "name_en", "name_zh", "description_en", "description_zh", "created_at")
        description = "A published product."

    @staticmethod
    def resolve_is_available(root: catalog.Product, info) -> bool:
        return product_is_available(root)

    @staticmethod
    def resolve_pricing(root: catalog.Product, info):
        return root

    @staticmethod
    def resolve_thumbnail(root: catalog.Product, info, size: int | None = None):
        if size is not None and size < 1:
            raise ApplicationError("`size` must be a positive number of pixels.", code=ErrorCode.INVALID, field="size")
        images = ProductImagesLoader.for_request(info).load(root)
        if not images:
            return None
        return ImageValue(
            instance=images[0],
            field="image",
            alt=images[0].alt or root.name,
            default_alias=imagery.thumbnail_alias_for_pixels(size),
        )

    @staticmethod
    def resolve_images(root: catalog.Product, info):
        return [
            ImageValue(instance=image, field="image", alt=image.alt or root.name)
            for image in ProductImagesLoader.for_request(info).load(root)
        ]

    @staticmethod
    def resolve_variants(root: catalog.Product, info):
        return ProductVariantsLoader.for_request(info).load(root)

    @staticmethod
    def resolve_design(root: catalog.Product, info):
        return ProductDesignLoader.for_request(info).load(root)

    @staticmethod
    def resolve_museums(root: catalog.Product, info):
        return ProductMuseumsLoader.for_request(info).load(root)


class ProductConnection(CountableConnection):
    class Meta:
        node = Product
