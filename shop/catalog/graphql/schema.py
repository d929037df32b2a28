"""Catalogue queries: categories and published products (public)."""

from __future__ import annotations

import graphene

from shop.catalog import selectors
from shop.catalog.graphql.types import DESIGNER_TYPE, Category, Product, ProductConnection
from shop.core.errors import ApplicationError
from shop.core.graphql.connections import connection_args, paginate
from shop.core.graphql.ids import decode_global_id
from shop.core.graphql.inputs import clean_amount, clean_text, enum_value
from shop.core.graphql.types import OrderDirection

ProductSortField = graphene.Enum.from_enum(selectors.ProductSortField, name="ProductSortField")


class ProductFilterInput(graphene.InputObjectType):
    museum = graphene.String(description="Slug of a licensor museum.")
    relic = graphene.String(description="Slug of a relic the design uses.")
    category = graphene.String(description="Category slug.")
    designer = graphene.ID(description="A `Designer` id (from `design { designer { id } }`).")
    search = graphene.String(description="Words in the name or description (either language), a SKU or a relic name.")
    price_gte = graphene.Decimal(description="Some variant costs at least this (a decimal string).")
    price_lte = graphene.Decimal(description="Some variant costs at most this (a decimal string).")
    available = graphene.Boolean()


class ProductSortingInput(graphene.InputObjectType):
    field = graphene.InputField(ProductSortField, required=True)
    direction = graphene.Field(OrderDirection, description="Default: ascending, newest first for CREATED.")


def _designer_pk(value: str) -> int:
    """A ``Designer`` id; a ``User`` id of the same person is accepted too."""
    try:
        return decode_global_id(value, expected_type=DESIGNER_TYPE, field="designer")
    except ApplicationError:
        return decode_global_id(value, expected_type="User", field="designer")


def product_filter_from_input(data: dict | None) -> selectors.ProductFilter:
    """The selector's filter for a ``ProductFilterInput``; malformed values are INVALID errors."""
    data = data or {}
    designer = data.get("designer")
    return selectors.ProductFilter(
        museum=clean_text(data.get("museum"), field="museum"),
        relic=clean_text(data.get("relic"), field="relic"),
        category=clean_text(data.get("category"), field="category"),
        designer_id=_designer_pk(designer) if designer is not None else None,
        search=clean_text(data.get("search"), field="search"),
        price_gte=clean_amount(data.get("price_gte"), field="price_gte"),
        price_lte=clean_amount(data.get("price_lte"), field="price_lte"),
        available=data.get("available"),
    )


class Query(graphene.ObjectType):
    categories = graphene.List(graphene.NonNull(Category), required=True)
    products = graphene.Field(
        graphene.NonNull(ProductConnection),
        filter=graphene.Argument(ProductFilterInput),
        sort_by=graphene.Argument(ProductSortingInput),
        **connection_args(),
        description="Published products; unpublished ones are never listed.",
    )
    product = graphene.Field(Product, slug=graphene.String(required=True), description="Null unless published.")

    @staticmethod
    def resolve_categories(root, info):
        return list(selectors.category_list())

    @staticmethod
    def resolve_products(root, info, first=None, after=None, filter=None, sort_by=None):
        filters = product_filter_from_input(filter)
        sort_field, descending = selectors.ProductSortField.CREATED, None
        if sort_by:
            sort_field = selectors.ProductSortField(enum_value(sort_by["field"]))
            direction = sort_by.get("direction")
            descending = None if direction is None else enum_value(direction) == OrderDirection.DESC.value
        queryset = selectors.product_list(filters=filters, sort_by=sort_field, descending=descending)
        queryset = queryset.select_related("category", "design__designer")
        return paginate(queryset, connection_type=ProductConnection, first=first, after=after)

    @staticmethod
    def resolve_product(root, info, slug: str):
        queryset = selectors.product_queryset_annotated().filter(slug=slug)
        return queryset.select_related("category", "design__designer").first()


class Mutation(graphene.ObjectType):
    pass
