from __future__ import annotations

import graphene

from incubator import models, selectors, services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.enums import MuseumApprovalDecision
from incubator.graphql.mutations.lookups import not_found
from incubator.graphql.types import IncubatorError, MuseumApproval, Submission
from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.core.graphql.errors import mutation_errors
from shop.core.graphql.ids import decode_global_id
from shop.core.graphql.inputs import enum_value


class MuseumApprovalDecide(graphene.Mutation):
    """Staff of the museum asked approve or decline (a decline needs a comment for the designer)."""

    class Arguments:
        id = graphene.ID(required=True)
        decision = MuseumApprovalDecision(required=True)
        comment = graphene.String()

    approval = graphene.Field(MuseumApproval)
    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @mutation_roles_required(Role.MUSEUM_STAFF)
    def mutate(cls, root, info, id, decision, comment=""):
        pk = decode_global_id(id, expected_type="MuseumApproval")
        approval = selectors.approval_get_visible(user=info.context.user, pk=pk)
        if approval is None:
            raise not_found()
        approval = services.museum_approval_decide(
            approval=approval, actor=info.context.user, decision=enum_value(decision), comment=comment or ""
        )
        submission = models.Submission.objects.get(pk=approval.submission_id)
        return cls(approval=approval, submission=submission, errors=[])
