from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.core.graphql.errors import mutation_errors
from shop.royalties.errors import RoyaltyErrorCode
from shop.royalties.graphql.types import RoyaltyError, RoyaltySettlement
from shop.royalties.payouts import royalty_settlement_issue
from shop.royalties.periods import period_parse


class RoyaltySettlementIssue(graphene.Mutation):
    """Issue the bank settlement of a closed month (finance), once: it is frozen from then on."""

    class Arguments:
        period = graphene.String(required=True, description="YYYY-MM, a closed period")

    settlement = graphene.Field(RoyaltySettlement)
    errors = graphene.List(graphene.NonNull(RoyaltyError), required=True)

    @classmethod
    @mutation_errors(RoyaltyErrorCode)
    @mutation_roles_required(Role.FINANCE)
    def mutate(cls, root, info, period: str):
        settlement = royalty_settlement_issue(period=period_parse(period), issued_by=info.context.user)
        return cls(settlement=settlement, errors=[])
