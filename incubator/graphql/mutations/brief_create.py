from __future__ import annotations

import graphene

from incubator import services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.mutations.lookups import MAX_LIST
from incubator.graphql.types import Brief, IncubatorError
from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.catalog.models import Category
from shop.collection.models import Relic
from shop.core.errors import ApplicationError
from shop.core.graphql.errors import mutation_errors


class BriefCreateInput(graphene.InputObjectType):
    title = graphene.String(required=True)
    text = graphene.String(required=True)
    relics = graphene.List(graphene.NonNull(graphene.String), description="Relic slugs.")
    categories = graphene.List(graphene.NonNull(graphene.String), description="Category slugs.")
    deadline = graphene.DateTime()


class BriefCreate(graphene.Mutation):
    class Arguments:
        input = BriefCreateInput(required=True)

    brief = graphene.Field(Brief)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @mutation_roles_required(Role.CURATOR)
    def mutate(cls, root, info, input):
        relic_slugs = (input.get("relics") or [])[:MAX_LIST]
        category_slugs = (input.get("categories") or [])[:MAX_LIST]
        relics = list(Relic.objects.filter(slug__in=relic_slugs))
        categories = list(Category.objects.filter(slug__in=category_slugs))
        if len(relics) != len(set(relic_slugs)):
            raise ApplicationError("Some relic slugs are unknown.", code=IncubatorErrorCode.NOT_FOUND, field="relics")
        if len(categories) != len(set(category_slugs)):
            raise ApplicationError(
                "Some category slugs are unknown.", code=IncubatorErrorCode.NOT_FOUND, field="categories"
            )
        brief = services.brief_create(
            actor=info.context.user,
            title=input.title,
            text=input.text,
            relics=relics,
            categories=categories,
            deadline=input.get("deadline"),
        )
        return cls(brief=brief, errors=[])
