from __future__ import annotations

import graphene

from incubator import services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.mutations.inputs import SubmissionInput, submission_changes
from incubator.graphql.mutations.lookups import submission_for
from incubator.graphql.types import IncubatorError, Submission
from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.core.graphql.errors import mutation_errors


class SubmissionUpdate(graphene.Mutation):
    class Arguments:
        id = graphene.ID(required=True)
        input = SubmissionInput(required=True)

    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @mutation_roles_required(Role.DESIGNER)
    def mutate(cls, root, info, id, input):
        submission = submission_for(info, id)
        submission = services.submission_update(
            submission=submission, actor=info.context.user, **submission_changes(input)
        )
        return cls(submission=submission, errors=[])
