"""Types shared by every app's schema."""

from __future__ import annotations

import graphene


class Money(graphene.ObjectType):
    """An exact amount: ``amount`` is a decimal string with the currency's minor units (\"128.00\")."""

    # Read from ``shop.core.money.Money``'s attributes of the same names by graphene's default resolver
    # (which ``execution.ShopExecutionContext`` serves without graphql-core's per-field machinery).
    amount = graphene.Decimal(required=True)
    currency = graphene.String(required=True, description="ISO 4217 code, e.g. CNY.")

    class Meta:
        description = "An exact amount of money; never a float."


class OrderDirection(graphene.Enum):
    ASC = "ASC"
    DESC = "DESC"

    class Meta:
        description = "Sort direction."
