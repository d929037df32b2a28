from __future__ import annotations

import graphene

from incubator import services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.mutations.lookups import submission_for
from incubator.graphql.types import IncubatorError, Submission
from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.core.graphql.errors import mutation_errors


class SubmissionWithdraw(graphene.Mutation):
    """Withdraw from any open state."""

    class Arguments:
        id = graphene.ID(required=True)
        comment = graphene.String()

    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @mutation_roles_required(Role.DESIGNER)
    def mutate(cls, root, info, id, comment=""):
        submission = services.submission_withdraw(
            submission=submission_for(info, id), actor=info.context.user, comment=comment or ""
        )
        submission.refresh_from_db()
        return cls(submission=submission, errors=[])
