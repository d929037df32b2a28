from __future__ import annotations

import graphene

from incubator import services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.mutations.lookups import submission_for
from incubator.graphql.types import IncubatorError, Submission
from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.core.graphql.errors import mutation_errors


class SubmissionDesignerRateSet(graphene.Mutation):
    """Change the designer rate the agreement will fix (until the museums have approved)."""

    class Arguments:
        id = graphene.ID(required=True)
        rate_bp = graphene.Int(required=True)

    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @mutation_roles_required(Role.CURATOR)
    def mutate(cls, root, info, id, rate_bp):
        submission = services.submission_set_designer_rate(
            submission=submission_for(info, id), actor=info.context.user, rate_bp=rate_bp
        )
        return cls(submission=submission, errors=[])
