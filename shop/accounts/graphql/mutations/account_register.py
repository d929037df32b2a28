from __future__ import annotations

import graphene
from django.utils.translation import gettext as _

from shop.accounts.errors import AccountErrorCode
from shop.accounts.graphql.types import AccountError
from shop.accounts.services import account_register_undisclosed
from shop.accounts.throttle import register_rate_limited
from shop.core.errors import ApplicationError
from shop.core.graphql.errors import mutation_errors


class AccountRegisterInput(graphene.InputObjectType):
    email = graphene.String(required=True)
    password = graphene.String(required=True)
    display_name = graphene.String()


class AccountRegister(graphene.Mutation):
    """Create a shopper account. Sign in afterwards with ``tokenCreate`` (or the sign-in page). An email that
    already has an account gets the same answer (its owner is told by email); registrations are rate limited
    per client address."""

    class Arguments:
        input = AccountRegisterInput(required=True)

    email = graphene.String()
    errors = graphene.List(graphene.NonNull(AccountError), required=True)

    @classmethod
    @mutation_errors(AccountErrorCode)
    def mutate(cls, root, info, input):
        if register_rate_limited(request=info.context):
            raise ApplicationError(
                _("Too many registrations from your address. Try again later."), code=AccountErrorCode.RATE_LIMITED
            )
        email = account_register_undisclosed(
            email=input.email, password=input.password, display_name=input.display_name or ""
        )
        return cls(email=email, errors=[])
