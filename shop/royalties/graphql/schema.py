"""Royalties in GraphQL: ``royaltyStatements`` (finance: all; museum staff and designers: their own),
``royaltyPeriodClose``, ``royaltySettlementIssue`` and ``payoutRecord`` (finance). Thin: services and
selectors do the work."""

from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import mutation_roles_required, roles_required
from shop.accounts.roles import Role
from shop.core.errors import ApplicationError
from shop.core.graphql.errors import error_type, mutation_errors, permission_denied_error
from shop.core.graphql.inputs import clean_amount
from shop.core.money import Money
from shop.royalties.errors import RoyaltyErrorCode
from shop.royalties.graphql.types import (
    RoyaltyLedgerEntry,
    RoyaltyPeriod,
    RoyaltySettlement,
    RoyaltyStatement,
    payee_from_global_id,
)
from shop.royalties.payouts import royalty_settlement_issue
from shop.royalties.periods import period_parse
from shop.royalties.selectors import payee_names, payees_visible_to, statement_list
from shop.royalties.services import royalty_payout_record, royalty_period_close

RoyaltyError = error_type("RoyaltyError", RoyaltyErrorCode)


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
        info.context._royalty_payee_names = payee_names(s.payee for s in statements)
        return statements


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


class RoyaltyMoneyInput(graphene.InputObjectType):
    amount = graphene.Decimal(required=True, description='A decimal string, e.g. "1280.50".')
    currency = graphene.String(required=True)


class PayoutRecord(graphene.Mutation):
    """Record a transfer paid to a payee (finance): refused above the available balance or in another currency."""

    class Arguments:
        payee = graphene.ID(required=True)
        amount = RoyaltyMoneyInput(required=True)
        reference = graphene.String(required=True, description="The bank or Stripe transfer reference.")

    entry = graphene.Field(RoyaltyLedgerEntry)
    errors = graphene.List(graphene.NonNull(RoyaltyError), required=True)

    @classmethod
    @mutation_errors(RoyaltyErrorCode)
    @mutation_roles_required(Role.FINANCE)
    def mutate(cls, root, info, payee: str, amount, reference: str):
        value = clean_amount(amount.amount, field="amount")
        currency = (amount.currency or "").upper()
        try:
            money = Money(value, currency)
        except ValueError:
            raise ApplicationError(
                f"“{amount.currency}” is not a supported currency.", code=RoyaltyErrorCode.INVALID, field="amount"
            ) from None
        if money.amount != value:
            raise ApplicationError("Too many decimal places.", code=RoyaltyErrorCode.INVALID, field="amount")
        entry = royalty_payout_record(
            payee=payee_from_global_id(payee),
            amount_minor=money.minor,
            currency=money.currency,
            reference=reference,
            memo=f"recorded by {info.context.user.email}",
        )
        return cls(entry=entry, errors=[])


class Mutation(graphene.ObjectType):
    royalty_period_close = RoyaltyPeriodClose.Field()
    royalty_settlement_issue = RoyaltySettlementIssue.Field()
    payout_record = PayoutRecord.Field()
