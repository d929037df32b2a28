"""What a mutation acts on, found as the caller may see it: a hidden row and a missing one give the
same NOT_FOUND."""

from __future__ import annotations

from incubator import models, selectors
from incubator.errors import IncubatorErrorCode
from shop.core.errors import ApplicationError
from shop.core.graphql.ids import decode_global_id

# List inputs are capped (STYLE.md convention 3).
MAX_LIST = 100


def not_found(field: str = "id") -> ApplicationError:
    return ApplicationError("No such item, or you may not see it.", code=IncubatorErrorCode.NOT_FOUND, field=field)


def submission_for(info, global_id: str) -> models.Submission:
    """The submission behind ``global_id`` if the caller may see it; NOT_FOUND otherwise."""
    pk = decode_global_id(global_id, expected_type="Submission")
    submission = selectors.submission_get_visible(user=info.context.user, pk=pk)
    if submission is None:
        raise not_found()
    return submission


def brief_for(global_id: str, *, field: str = "id") -> models.Brief:
    brief = models.Brief.objects.filter(pk=decode_global_id(global_id, expected_type="Brief", field=field)).first()
    if brief is None:
        raise not_found(field)
    return brief


def designer_only(info, submission: models.Submission) -> None:
    """Uploads are the designer's own: a curator who can see the submission still may not add to it."""
    if submission.designer_id != info.context.user.pk:
        raise ApplicationError(
            "Only the designer of this submission may do this.", code=IncubatorErrorCode.PERMISSION_DENIED
        )
