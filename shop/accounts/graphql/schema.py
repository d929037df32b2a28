"""Accounts in GraphQL: ``accountRegister`` and ``tokenCreate`` (bearer tokens for headless clients).

``me`` lives in ``config/schema_user.py`` because a user's orders belong to a later app."""

from __future__ import annotations

import graphene

from shop.accounts.errors import AccountErrorCode
from shop.accounts.services import access_token_create, account_register, user_sign_in_check
from shop.core.graphql.errors import error_type, mutation_errors

AccountError = error_type("AccountError", AccountErrorCode)


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


class TokenCreate(graphene.Mutation):
    """Exchange email and password for a bearer token (30 days). Attempts are rate limited per
    client IP and per email; the error does not say whether the email exists."""

    class Arguments:
        email = graphene.String(required=True)
        password = graphene.String(required=True)

    token = graphene.String()
    errors = graphene.List(graphene.NonNull(AccountError), required=True)

    @classmethod
    @mutation_errors(AccountErrorCode)
    def mutate(cls, root, info, email, password):
        user = user_sign_in_check(request=info.context, email=email, password=password)
        return cls(token=access_token_create(user=user), errors=[])


class Query(graphene.ObjectType):
    pass


class Mutation(graphene.ObjectType):
    account_register = AccountRegister.Field()
    token_create = TokenCreate.Field()
