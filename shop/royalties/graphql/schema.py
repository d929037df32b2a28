"""Royalties in GraphQL: ``royaltyStatements`` (finance: all; museum staff and designers: their own),
``royaltyPeriodClose``, ``royaltySettlementIssue`` and ``payoutRecord`` (finance). Thin: services and
selectors do the work."""

from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import roles_required
from shop.accounts.roles import Role
from shop.core.graphql.dataloaders import peers_register
from shop.core.graphql.errors import permission_denied_error
from shop.royalties.graphql.mutations.payout_record import PayoutRecord
from shop.royalties.graphql.mutations.royalty_period_close import RoyaltyPeriodClose
from shop.royalties.graphql.mutations.royalty_settlement_issue import RoyaltySettlementIssue
from shop.royalties.graphql.types import RoyaltyStatement, payee_from_global_id
from shop.royalties.periods import period_parse
from shop.royalties.selectors import payees_visible_to, statement_list


class Query(graphene.ObjectType):
    royalty_statements = graphene.List(
        graphene.NonNull(RoyaltyStatement),
        required=True,
        period=graphene.String(required=True, description="YYYY-MM (Asia/Shanghai calendar month)."),
        payee=graphene.ID(description="A RoyaltyPayee id; omitted: every payee you may see."),
        description="Statements of a month: finance sees all; museum staff their museum's; designers their own.",
    )

    @staticmethod
    @roles_required(Role.FINANCE, Role.MUSEUM_STAFF, Role.DESIGNER)
    def resolve_royalty_statements(root, info, period: str, payee: str | None = None):
        month = period_parse(period)
        wanted = payee_from_global_id(payee) if payee else None
        visible = payees_visible_to(info.context.user)
        if wanted is not None:
            if visible is not None and wanted not in visible:
                raise permission_denied_error("You may see only your own statements.")
            payees = [wanted]
        else:
            payees = visible
        statements = statement_list(period=month, payees=payees)
        # The payees' names are read together (RoyaltyPayee.name, PayeeNameLoader).
        peers_register(info, [statement.payee for statement in statements])
        return statements


class Mutation(graphene.ObjectType):
    royalty_period_close = RoyaltyPeriodClose.Field()
    royalty_settlement_issue = RoyaltySettlementIssue.Field()
    payout_record = PayoutRecord.Field()
