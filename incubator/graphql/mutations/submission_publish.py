from __future__ import annotations

import graphene

from incubator import services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.mutations.lookups import submission_for
from incubator.graphql.types import IncubatorError, Submission
from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.catalog.graphql.types import Product
from shop.core.graphql.errors import mutation_errors


class SubmissionPublish(graphene.Mutation):
    """Publish (or, with ``published: false``, hide) the launched product."""

    class Arguments:
        id = graphene.ID(required=True)
        published = graphene.Boolean(default_value=True)

    submission = graphene.Field(Submission)
    product = graphene.Field(Product)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @mutation_roles_required(Role.CURATOR)
    def mutate(cls, root, info, id, published=True):
        submission = submission_for(info, id)
        product = services.submission_publish(submission=submission, actor=info.context.user, published=published)
        return cls(submission=submission, product=product, errors=[])
