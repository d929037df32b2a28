from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.core.graphql.errors import mutation_errors
from shop.royalties.errors import RoyaltyErrorCode
from shop.royalties.graphql.types import RoyaltyError, RoyaltyPeriod
from shop.royalties.periods import period_parse
from shop.royalties.services import royalty_period_close


class RoyaltyPeriodClose(graphene.Mutation):
    """Close a month (finance): freeze it and write every payee's statement."""

    class Arguments:
        period = graphene.String(required=True, description="YYYY-MM")

    period = graphene.Field(RoyaltyPeriod)
    errors = graphene.List(graphene.NonNull(RoyaltyError), required=True)

    @classmethod
    @mutation_errors(RoyaltyErrorCode)
    @mutation_roles_required(Role.FINANCE)
    def mutate(cls, root, info, period: str):
        closed = royalty_period_close(period=period_parse(period), closed_by=info.context.user)
        return cls(period=closed, errors=[])
