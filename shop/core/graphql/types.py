"""Types shared by every app's schema."""

from __future__ import annotations

import graphene

from shop.core.money import Money as MoneyValue


class Money(graphene.ObjectType):
    """An exact amount: ``amount`` is a decimal string with the currency's minor units (\"128.00\")."""

    amount = graphene.Decimal(required=True)
    currency = graphene.String(required=True, description="ISO 4217 code, e.g. CNY.")

    class Meta:
        description = "An exact amount of money; never a float."

    @staticmethod
    def resolve_amount(root: MoneyValue, info):
        return root.amount

    @staticmethod
    def resolve_currency(root: MoneyValue, info):
        return root.currency


class OrderDirection(graphene.Enum):
    ASC = "ASC"
    DESC = "DESC"

    class Meta:
        description = "Sort direction."
