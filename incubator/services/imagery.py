"""Relic originals for designers: the high-resolution download, marked and written to the audit log.

Who may download what is decided in one place, :func:`relic_image_download_refusal` (extend it there: separation of
duties, quotas). The rule: an active designer with a designer profile, for a relic whose licence their own
submission uses, while that submission is neither withdrawn nor rejected.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from incubator import selectors
from incubator.downloads import RelicImageDownload
from incubator.errors import IncubatorErrorCode
from incubator.models import Submission, SubmissionState
from shop.collection.marking import marked_rendition
from shop.collection.models import RelicImage
from shop.core.errors import ApplicationError

Code = IncubatorErrorCode
# A submission in these states no longer gives a reason to hold the relic's original.
DOWNLOAD_CLOSED_STATES = frozenset({SubmissionState.WITHDRAWN, SubmissionState.REJECTED})


def relic_image_download_refusal(*, actor, image: RelicImage, submission: Submission | None) -> ApplicationError | None:
    """Why ``actor`` may not download ``image`` for ``submission`` now, or None when they may."""
    profile = selectors.designer_profile_for(user=actor) if actor is not None else None
    if profile is None or not actor.is_active or not selectors.user_is_designer(actor):
        return ApplicationError(
            "Only designers with a designer profile may download originals.", code=Code.PERMISSION_DENIED
        )
    if submission is None or submission.designer_id != actor.pk:
        return ApplicationError("Choose one of your submissions.", code=Code.PERMISSION_DENIED, field="submission")
    if submission.state in DOWNLOAD_CLOSED_STATES:
        return ApplicationError(
            "A withdrawn or rejected submission gives no access to originals.",
            code=Code.PERMISSION_DENIED,
            field="submission",
        )
    revision = submission.current_revision
    if revision is None or not revision.usages.filter(licence__relic_id=image.relic_id).exists():
        return ApplicationError(
            "Use this relic's licence in the submission first.", code=Code.PERMISSION_DENIED, field="submission"
        )
    if not image.original:
        return ApplicationError("This image has no original.", code=Code.NOT_FOUND)
    return None


def _visible_mark(actor, *, mark: int) -> str:
    profile = selectors.designer_profile_for(user=actor)
    name = profile.display_name if profile else actor.email
    if profile and profile.display_name_zh and profile.display_name_zh != name:
        name = f"{name} {profile.display_name_zh}"
    day = timezone.localdate().isoformat()
    return f"Licensed to {name} · designer #{actor.pk} · {day} · Bashu Creative download {mark}"


def _fresh_mark() -> int:
    while True:
        mark = secrets.randbelow(2**31 - 1) + 1
        if not RelicImageDownload.objects.filter(mark=mark).exists():
            return mark


@transaction.atomic
def relic_image_download(
    *, actor, image: RelicImage, submission: Submission | None, purpose: str = ""
) -> tuple[RelicImageDownload, bytes]:
    """The original of ``image`` at full resolution as a JPEG carrying a visible mark (the designer's name and
    id, the date, the download's mark number) and a hidden one (the mark number), and its audit record. Refused
    (``PERMISSION_DENIED``, nothing written) unless :func:`relic_image_download_refusal` allows it. The file is
    returned only once its record is written, in the same transaction: no file leaves unlogged."""
    refusal = relic_image_download_refusal(actor=actor, image=image, submission=submission)
    if refusal is not None:
        raise refusal
    mark = _fresh_mark()
    text = _visible_mark(actor, mark=mark)
    with image.original.open("rb") as stored:
        data = stored.read()
    content = marked_rendition(data, visible_text=text, number=mark)
    record = RelicImageDownload.objects.create(
        designer=actor,
        image=image,
        submission=submission,
        purpose=(purpose or "").strip()[:300],
        mark=mark,
        visible_mark=text,
        width=image.width,
        height=image.height,
    )
    return record, content
