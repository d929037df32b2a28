"""The root GraphQL schema: each app contributes its ``Query`` and ``Mutation`` in ``graphql/schema.py``."""

import graphene

from config.schema_user import Query as UserQuery
from incubator.graphql import schema as incubator
from shop.accounts.graphql import schema as accounts
from shop.catalog.graphql import schema as catalog
from shop.checkout.graphql import schema as checkout
from shop.collection.graphql import schema as collection
from shop.core.graphql.hygiene import input_hygiene_install
from shop.orders.graphql import schema as orders
from shop.royalties.graphql import schema as royalties


class Query(
    UserQuery,
    collection.Query,
    catalog.Query,
    accounts.Query,
    checkout.Query,
    orders.Query,
    incubator.Query,
    royalties.Query,
    graphene.ObjectType,
):
    pass


class Mutation(
    accounts.Mutation,
    checkout.Mutation,
    orders.Mutation,
    incubator.Mutation,
    royalties.Mutation,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
# Every argument of every field is checked before its resolver runs (NUL bytes, naive datetimes, …).
input_hygiene_install(schema.graphql_schema)
