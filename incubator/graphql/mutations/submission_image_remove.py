from __future__ import annotations

import graphene

from incubator import models, selectors, services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.mutations.lookups import not_found
from incubator.graphql.types import IncubatorError, Submission
from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.core.graphql.errors import mutation_errors
from shop.core.graphql.ids import decode_global_id


class SubmissionImageRemove(graphene.Mutation):
    class Arguments:
        id = graphene.ID(required=True, description="A `SubmissionImage` id.")

    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @mutation_roles_required(Role.DESIGNER)
    def mutate(cls, root, info, id):
        pk = decode_global_id(id, expected_type="SubmissionImage")
        image = models.SubmissionImage.objects.select_related("revision__submission").filter(pk=pk).first()
        if (
            image is None
            or selectors.submission_get_visible(user=info.context.user, pk=image.revision.submission_id) is None
        ):
            raise not_found()
        submission = services.submission_image_remove(image=image, actor=info.context.user)
        submission.refresh_from_db()
        return cls(submission=submission, errors=[])
