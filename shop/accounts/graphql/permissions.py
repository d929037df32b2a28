"""Role requirements for GraphQL fields and mutations, declared in one decorator.

They live with the roles they check (``shop.accounts.roles``): core sits below accounts and knows no roles,
and every app with restricted GraphQL fields comes after accounts."""

from __future__ import annotations

import functools

from shop.accounts.permissions import user_has_role
from shop.core.errors import ApplicationError, ErrorCode
from shop.core.graphql.errors import permission_denied_error


def roles_required(*roles):
    """For query resolvers: a user without any of ``roles`` gets a PERMISSION_DENIED error and null."""

    def decorate(resolver):
        @functools.wraps(resolver)
        def wrapper(root, info, *args, **kwargs):
            if not user_has_role(info.context.user, *roles):
                raise permission_denied_error()
            return resolver(root, info, *args, **kwargs)

        return wrapper

    return decorate


def mutation_roles_required(*roles):
    """For ``mutate`` classmethods (inside ``mutation_errors``): refused users get PERMISSION_DENIED in
    ``errors`` before the service runs, so nothing is written."""

    def decorate(mutate):
        @functools.wraps(mutate)
        def wrapper(cls, root, info, **kwargs):
            if not user_has_role(info.context.user, *roles):
                raise ApplicationError(
                    "You do not have permission to do this.", code=ErrorCode.PERMISSION_DENIED, field=None
                )
            return mutate(cls, root, info, **kwargs)

        return wrapper

    return decorate


def login_required_mutation(mutate):
    @functools.wraps(mutate)
    def wrapper(cls, root, info, **kwargs):
        if not info.context.user.is_authenticated:
            raise ApplicationError("Sign in first.", code=ErrorCode.PERMISSION_DENIED)
        return mutate(cls, root, info, **kwargs)

    return wrapper
