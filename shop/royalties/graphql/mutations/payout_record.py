from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.core.errors import ApplicationError
from shop.core.graphql.errors import mutation_errors
from shop.core.graphql.inputs import clean_amount
from shop.core.money import Money
from shop.royalties.errors import RoyaltyErrorCode
from shop.royalties.graphql.types import RoyaltyError, RoyaltyLedgerEntry, payee_from_global_id
from shop.royalties.services import royalty_payout_record


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
