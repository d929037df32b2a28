from __future__ import annotations

import graphene

from shop.accounts.errors import AccountErrorCode
from shop.accounts.graphql.types import AccountError
from shop.accounts.services import account_register
from shop.core.graphql.errors import mutation_errors


class AccountRegisterInput(graphene.InputObjectType):
    email = graphene.String(required=True)
    password = graphene.String(required=True)
    display_name = graphene.String()


class AccountRegister(graphene.Mutation):
    """Create a shopper account. Sign in afterwards with ``tokenCreate`` (or the sign-in page)."""

    class Arguments:
        input = AccountRegisterInput(required=True)

    email = graphene.String()
    errors = graphene.List(graphene.NonNull(AccountError), required=True)

    @classmethod
    @mutation_errors(AccountErrorCode)
    def mutate(cls, root, info, input):
        user = account_register(email=input.email, password=input.password, display_name=input.display_name or "")
        return cls(email=user.email, errors=[])
