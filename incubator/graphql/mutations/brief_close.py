from __future__ import annotations

import graphene

from incubator import services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.mutations.lookups import brief_for
from incubator.graphql.types import Brief, IncubatorError
from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.core.graphql.errors import mutation_errors


class BriefClose(graphene.Mutation):
    class Arguments:
        id = graphene.ID(required=True)

    brief = graphene.Field(Brief)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @mutation_roles_required(Role.CURATOR)
    def mutate(cls, root, info, id):
        return cls(brief=services.brief_close(actor=info.context.user, brief=brief_for(id)), errors=[])
