"""Collection queries: museums and relics (public)."""

from __future__ import annotations

import graphene
from django.db.models import Q

from shop.collection import selectors
from shop.collection.graphql.types import Museum, Relic, RelicCategory, RelicConnection
from shop.core.graphql.connections import connection_args, paginate
from shop.core.graphql.dataloaders import peers_register
from shop.core.graphql.inputs import clean_text, enum_value


class RelicFilterInput(graphene.InputObjectType):
    museum = graphene.String(description="Museum slug.")
    category = graphene.Field(RelicCategory)
    period = graphene.String(description="Part of the period or dynasty, in either language.")
    search = graphene.String(description="Words in the name or period (either language) or an accession number.")


class Query(graphene.ObjectType):
    museums = graphene.List(graphene.NonNull(Museum), required=True)
    museum = graphene.Field(Museum, slug=graphene.String(required=True))
    relics = graphene.Field(
        graphene.NonNull(RelicConnection), filter=graphene.Argument(RelicFilterInput), **connection_args()
    )
    relic = graphene.Field(Relic, slug=graphene.String(required=True))

    @staticmethod
    def resolve_museums(root, info):
        museums = list(selectors.museum_list())
        peers_register(info, museums)  # ``museums { relics }`` pages every museum in one query
        return museums

    @staticmethod
    def resolve_museum(root, info, slug: str):
        return selectors.museum_get(slug=slug)

    @staticmethod
    def resolve_relics(root, info, first=None, after=None, filter=None):
        filter = filter or {}
        category = filter.get("category")
        period = clean_text(filter.get("period"), field="period")
        queryset = selectors.relic_list(
            museum=clean_text(filter.get("museum"), field="museum"),
            category=enum_value(category),
            search=clean_text(filter.get("search"), field="search"),
        )
        if period:
            queryset = queryset.filter(Q(period_en__icontains=period) | Q(period_zh__icontains=period))
        # The selector's own image prefetch is dropped: the dataloaders fetch what the query asks for.
        return paginate(queryset.prefetch_related(None), connection_type=RelicConnection, first=first, after=after)

    @staticmethod
    def resolve_relic(root, info, slug: str):
        return selectors.relic_list().prefetch_related(None).filter(slug=slug).first()


class Mutation(graphene.ObjectType):
    pass
