from __future__ import annotations

import graphene

from incubator import services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.mutations.inputs import SubmissionCreateInput, submission_changes
from incubator.graphql.mutations.lookups import brief_for
from incubator.graphql.types import IncubatorError, Submission
from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.core.errors import ApplicationError
from shop.core.graphql.errors import mutation_errors


class SubmissionCreate(graphene.Mutation):
    class Arguments:
        input = SubmissionCreateInput(required=True)

    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @mutation_roles_required(Role.DESIGNER)
    def mutate(cls, root, info, input):
        brief = brief_for(input.brief, field="brief") if input.get("brief") else None
        changes = submission_changes(input)
        if not changes.get("title"):
            raise ApplicationError("A title is required.", code=IncubatorErrorCode.REQUIRED, field="title")
        submission = services.submission_create(designer=info.context.user, brief=brief, **changes)
        return cls(submission=submission, errors=[])
