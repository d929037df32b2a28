"""The committed ``schema.graphql`` is the live schema, and the catalogue names of API.md exist in it."""

from __future__ import annotations

import difflib

from django.conf import settings
from graphql import get_named_type, print_schema

from config.schema import schema

SCHEMA_FILE = settings.BASE_DIR / "schema.graphql"


def test_committed_schema_matches_the_live_schema():
    committed = SCHEMA_FILE.read_text(encoding="utf-8").rstrip("\n")
    live = print_schema(schema.graphql_schema).rstrip("\n")

    diff = "\n".join(
        difflib.unified_diff(committed.splitlines(), live.splitlines(), "schema.graphql", "live", lineterm="")
    )
    assert committed == live, f"schema.graphql is stale: run `make schema` and commit it.\n{diff[:4000]}"


# The names clients are written against (API.md, "Queries"); renaming any of them breaks them.
CATALOGUE_CONTRACT = {
    "museums": set(),
    "museum": {"slug"},
    "relics": {"first", "after", "filter"},
    "relic": {"slug"},
    "categories": set(),
    "products": {"first", "after", "filter", "sortBy"},
    "product": {"slug"},
}
TYPE_CONTRACT = {
    "Museum": {"id", "slug", "name", "relics"},
    "Relic": {"id", "slug", "name", "period", "category", "museum", "images", "licences"},
    "RelicImage": {"url", "alt"},
    "Product": {
        "id",
        "slug",
        "name",
        "description",
        "category",
        "isAvailable",
        "pricing",
        "thumbnail",
        "variants",
        "design",
        "museums",
    },
    "ProductVariant": {"id", "sku", "name", "price", "quantityAvailable"},
    "Design": {"designer", "relics"},
    "Designer": {"displayName"},
    "Image": {"url", "alt"},
    "Money": {"amount", "currency"},
    "PriceRange": {"start", "stop"},
    "ProductConnection": {"edges", "pageInfo", "totalCount"},
    "RelicConnection": {"edges", "pageInfo", "totalCount"},
    "ProductFilterInput": {"museum", "relic", "category", "designer", "search", "priceGte", "priceLte", "available"},
    "RelicFilterInput": {"museum", "category", "period", "search"},
    "ProductSortingInput": {"field", "direction"},
}


def test_catalogue_queries_of_the_api_contract_exist_with_their_arguments():
    query = schema.graphql_schema.query_type
    for name, arguments in CATALOGUE_CONTRACT.items():
        assert name in query.fields, name
        assert arguments <= set(query.fields[name].args), (name, set(query.fields[name].args))


def test_catalogue_types_of_the_api_contract_have_their_fields():
    for type_name, fields in TYPE_CONTRACT.items():
        graphql_type = schema.graphql_schema.get_type(type_name)
        assert graphql_type is not None, type_name
        assert fields <= set(graphql_type.fields), (type_name, fields - set(graphql_type.fields))
    sort_fields = get_named_type(schema.graphql_schema.get_type("ProductSortingInput").fields["field"].type)
    assert set(sort_fields.values) == {"NAME", "PRICE", "CREATED"}
    assert schema.graphql_schema.get_type("Product").fields["thumbnail"].args["size"].type.name == "Int"
