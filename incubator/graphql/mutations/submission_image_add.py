from __future__ import annotations

import graphene

from incubator import services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.mutations.lookups import designer_only, submission_for
from incubator.graphql.types import IncubatorError, Submission, SubmissionImage
from incubator.uploads import image_decode_base64
from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.core.graphql.errors import mutation_errors


class SubmissionImageAdd(graphene.Mutation):
    """Add a prototype image sent as base64 (small files; larger ones through the portal's upload form)."""

    class Arguments:
        id = graphene.ID(required=True)
        image = graphene.String(required=True, description="Base64 of a JPEG, PNG or WebP file.")
        alt = graphene.String()

    submission = graphene.Field(Submission)
    image = graphene.Field(SubmissionImage)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @mutation_roles_required(Role.DESIGNER)
    def mutate(cls, root, info, id, image, alt=""):
        submission = submission_for(info, id)
        designer_only(info, submission)
        raw = image_decode_base64(data=image)
        added = services.submission_image_add(submission=submission, actor=info.context.user, upload=raw, alt=alt)
        submission.refresh_from_db()
        return cls(submission=submission, image=added, errors=[])
