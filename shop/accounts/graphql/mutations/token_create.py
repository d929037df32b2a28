from __future__ import annotations

import graphene

from shop.accounts.errors import AccountErrorCode
from shop.accounts.graphql.types import AccountError
from shop.accounts.services import access_token_create, user_sign_in_check
from shop.core.graphql.errors import mutation_errors


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
