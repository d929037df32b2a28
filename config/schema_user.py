"""The signed-in user in GraphQL: ``me { email displayName roles orders(first) }``.

It lives in ``config/`` because it gathers what several apps know about one person (accounts,
orders, later submissions); apps may not import later apps, config may import them all."""

from __future__ import annotations

import graphene

from incubator.graphql.types import SubmissionConnection
from incubator.selectors import submission_list_for_designer
from shop.accounts.permissions import user_roles
from shop.core.graphql.connections import connection_args, paginate
from shop.orders.graphql.types import OrderConnection
from shop.orders.selectors import order_list_for_user


class User(graphene.ObjectType):
    email = graphene.String(required=True)
    display_name = graphene.String(required=True)
    roles = graphene.List(graphene.NonNull(graphene.String), required=True, description="customer, designer, ...")
    orders = graphene.Field(
        OrderConnection, required=True, description="The user's own orders, newest first.", **connection_args()
    )
    submissions = graphene.Field(
        SubmissionConnection,
        required=True,
        description="The user's own incubator submissions (as a designer), newest first.",
        **connection_args(),
    )

    class Meta:
        description = "The signed-in user. Everything here is the user's own."

    @staticmethod
    def resolve_roles(root, info):
        return sorted(role.value for role in user_roles(root))

    @staticmethod
    def resolve_orders(root, info, first=None, after=None):
        return paginate(order_list_for_user(user=root), connection_type=OrderConnection, first=first, after=after)

    @staticmethod
    def resolve_submissions(root, info, first=None, after=None):
        return paginate(
            submission_list_for_designer(designer=root), connection_type=SubmissionConnection, first=first, after=after
        )


class Query(graphene.ObjectType):
    me = graphene.Field(User, description="The signed-in user (session or bearer token); null for guests.")

    @staticmethod
    def resolve_me(root, info):
        user = info.context.user
        return user if user.is_authenticated else None
