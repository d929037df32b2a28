"""Accounts in GraphQL: ``accountRegister`` and ``tokenCreate`` (bearer tokens for headless clients).

``me`` lives in ``config/schema_user.py`` because a user's orders belong to a later app."""

from __future__ import annotations

import graphene

from shop.accounts.graphql.mutations.account_register import AccountRegister
from shop.accounts.graphql.mutations.token_create import TokenCreate


class Query(graphene.ObjectType):
    pass


class Mutation(graphene.ObjectType):
    account_register = AccountRegister.Field()
    token_create = TokenCreate.Field()
