from __future__ import annotations

import graphene

from incubator import services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.enums import SubmissionReviewDecision
from incubator.graphql.mutations.lookups import submission_for
from incubator.graphql.types import IncubatorError, Submission
from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.core.graphql.errors import mutation_errors
from shop.core.graphql.inputs import enum_value


class SubmissionReview(graphene.Mutation):
    """A curator's verdict: APPROVE asks the museums concerned; REQUEST_CHANGES and REJECT need a comment."""

    class Arguments:
        id = graphene.ID(required=True)
        decision = SubmissionReviewDecision(required=True)
        comment = graphene.String()

    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @mutation_roles_required(Role.CURATOR)
    def mutate(cls, root, info, id, decision, comment=""):
        submission = submission_for(info, id)
        submission = services.submission_review(
            submission=submission, actor=info.context.user, decision=enum_value(decision), comment=comment or ""
        )
        submission.refresh_from_db()
        return cls(submission=submission, errors=[])
