from __future__ import annotations

import graphene

from incubator import services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.mutations.lookups import designer_only, submission_for
from incubator.graphql.types import IncubatorError, SampleSubmission, Submission
from incubator.uploads import image_decode_base64
from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.core.errors import ApplicationError
from shop.core.graphql.errors import mutation_errors

MAX_SAMPLE_PHOTOS = 10


class SubmissionSampleSubmit(graphene.Mutation):
    """Send photos (1–10, base64) of the physical sample of an approved design."""

    class Arguments:
        id = graphene.ID(required=True)
        images = graphene.List(graphene.NonNull(graphene.String), required=True)
        note = graphene.String()

    submission = graphene.Field(Submission)
    sample = graphene.Field(SampleSubmission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @mutation_roles_required(Role.DESIGNER)
    def mutate(cls, root, info, id, images, note=""):
        submission = submission_for(info, id)
        if len(images) > MAX_SAMPLE_PHOTOS:
            raise ApplicationError(
                f"At most {MAX_SAMPLE_PHOTOS} photos of the sample.",
                code=IncubatorErrorCode.TOO_MANY_IMAGES,
                field="images",
            )
        designer_only(info, submission)
        uploads = [image_decode_base64(data=data, field="images") for data in images]
        sample = services.submission_sample_submit(
            submission=submission, actor=info.context.user, uploads=uploads, note=note or ""
        )
        submission.refresh_from_db()
        return cls(submission=submission, sample=sample, errors=[])
