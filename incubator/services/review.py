"""What curators and museums do: review, museum approvals, the agreement, the sample, the launch."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from incubator import selectors
from incubator.errors import IncubatorErrorCode
from incubator.models import (
    ApprovalStatus,
    DesignAgreement,
    MuseumApproval,
    SampleDecision,
    SampleImage,
    SampleSubmission,
    Submission,
    SubmissionState,
)
from incubator.services.submissions import _denied, _lock, _require_designer
from incubator.services.workflow import (
    RATE_CHANGEABLE_STATES,
    Actor,
    submission_transition,
    transition_allowed,
    transition_check,
)
from incubator.uploads import image_sanitise
from shop.catalog.services import design_create, design_validate_usages
from shop.core.errors import ApplicationError
from shop.core.money import BASIS_POINTS

S = SubmissionState
Code = IncubatorErrorCode


class ReviewDecision(StrEnum):
    APPROVE = "APPROVE"
    REQUEST_CHANGES = "REQUEST_CHANGES"
    REJECT = "REJECT"


class MuseumDecision(StrEnum):
    APPROVE = "APPROVE"
    DECLINE = "DECLINE"


class SampleVerdict(StrEnum):
    ACCEPT = "ACCEPT"
    RETURN = "RETURN"


def _require_curator(actor, submission: Submission) -> None:
    """A curator, and not the submission's designer: nobody reviews, rates, samples or launches their own work."""
    if not selectors.user_is_curator(actor):
        raise _denied("Only curators may do this.")
    if submission.designer_id == actor.pk:
        raise _denied("You cannot judge your own submission; another curator must.")


def _require_comment(comment: str, message: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise ApplicationError(message, code=Code.REQUIRED, field="comment")
    return comment


def _usages(revision):
    return [(u.licence, u.weight_bp) for u in revision.usages.select_related("licence")]


@transaction.atomic
def submission_review(*, submission: Submission, actor, decision: str, comment: str = "") -> Submission:
    """A curator's verdict on a submitted revision. APPROVE and REQUEST_CHANGES take a submitted
    (or in-review) submission through in_review; APPROVE then asks every museum whose relics the
    revision uses (one request each). REJECT closes any open submission. Changes and rejections
    need a comment for the designer."""
    _require_curator(actor, submission)
    submission = _lock(submission)
    decision = ReviewDecision(decision)
    revision = submission.current_revision
    if decision == ReviewDecision.REJECT:
        comment = _require_comment(comment, gettext("Say why the design is rejected."))
        submission_transition(
            submission=submission, to_state=S.REJECTED, actor_kind=Actor.CURATOR, actor=actor, comment=comment
        )
        submission.approvals.filter(status=ApprovalStatus.PENDING).update(status=ApprovalStatus.CANCELLED)
        return submission
    target = S.CURATOR_APPROVED if decision == ReviewDecision.APPROVE else S.CHANGES_REQUESTED
    # Check the whole path before writing anything (submitted goes through in_review first).
    first_step = S.IN_REVIEW if submission.state == S.SUBMITTED else target
    transition_check(submission=submission, to_state=first_step, actor_kind=Actor.CURATOR)
    if decision == ReviewDecision.REQUEST_CHANGES:
        comment = _require_comment(comment, gettext("Say why changes are needed."))
    else:
        # The licences may have lapsed since the designer submitted.
        design_validate_usages(
            category=revision.category,
            usages=_usages(revision),
            designer_rate_bp=submission.designer_rate_bp,
            require_active=True,
        )
    if submission.state == S.SUBMITTED:
        submission_transition(submission=submission, to_state=S.IN_REVIEW, actor_kind=Actor.CURATOR, actor=actor)
    submission_transition(
        submission=submission, to_state=target, actor_kind=Actor.CURATOR, actor=actor, comment=comment
    )
    if decision == ReviewDecision.REQUEST_CHANGES:
        return submission
    museums = selectors.revision_museums(revision=revision)
    MuseumApproval.objects.bulk_create(
        MuseumApproval(submission=submission, revision=revision, museum=museum) for museum in museums
    )
    submission_transition(
        submission=submission,
        to_state=S.AWAITING_MUSEUMS,
        actor_kind=Actor.SYSTEM,
        actor=actor,
        comment=", ".join(museum.name_en for museum in museums),
    )
    return submission


@transaction.atomic
def submission_set_designer_rate(*, submission: Submission, actor, rate_bp: int) -> Submission:
    """A curator changes the designer rate the agreement will fix, until the museums have approved.
    Refused when museum and designer rates together would pass 100%."""
    _require_curator(actor, submission)
    submission = _lock(submission)
    if submission.state not in RATE_CHANGEABLE_STATES:
        raise ApplicationError(
            "The designer rate is fixed once the design is approved.", code=Code.INVALID_TRANSITION, field="rate_bp"
        )
    if not isinstance(rate_bp, int) or not 0 <= rate_bp <= BASIS_POINTS:
        raise ApplicationError(
            "The rate must be between 0 and 10000 basis points.", code=Code.RATE_OUT_OF_RANGE, field="rate_bp"
        )
    revision = submission.current_revision
    usages = _usages(revision)
    if revision.category is not None and usages:
        design_validate_usages(
            category=revision.category, usages=usages, designer_rate_bp=rate_bp, require_active=False
        )
    submission.designer_rate_bp = rate_bp
    submission.save(update_fields=["designer_rate_bp", "updated_at"])
    return submission


def _agreement_create(*, submission: Submission) -> DesignAgreement:
    revision = submission.current_revision
    design = design_create(
        name=revision.title,
        category=revision.category,
        usages=_usages(revision),
        designer=submission.designer,
        designer_rate_bp=submission.designer_rate_bp,
    )
    return DesignAgreement.objects.create(
        submission=submission, design=design, designer_rate_bp=submission.designer_rate_bp
    )


@transaction.atomic
def museum_approval_decide(*, approval: MuseumApproval, actor, decision: str, comment: str = "") -> MuseumApproval:
    """A museum's staff answer their museum's request. All museums approve → approved, with the
    design agreement (a catalogue design fixing usages and designer rate). Any decline → back to
    the designer as changes_requested with that museum's comment; the other requests are cancelled."""
    museum = selectors.staff_museum(actor)
    if museum is None or museum.pk != approval.museum_id:
        raise _denied("Only staff of the museum asked may answer this request.")
    if approval.submission.designer_id == actor.pk:
        raise _denied("You cannot decide on your own design; a colleague must.")
    decision = MuseumDecision(decision)
    submission = _lock(approval.submission)
    approval = MuseumApproval.objects.select_for_update().get(pk=approval.pk)
    if (
        approval.status != ApprovalStatus.PENDING
        or submission.state != S.AWAITING_MUSEUMS
        or approval.revision_id != submission.current_revision_id
    ):
        raise ApplicationError(
            gettext("This request has already been answered or is closed."), code=Code.INVALID_TRANSITION
        )
    if decision == MuseumDecision.DECLINE:
        comment = _require_comment(comment, gettext("Say why the museum declines."))
        transition_check(submission=submission, to_state=S.CHANGES_REQUESTED, actor_kind=Actor.MUSEUM)
    approval.status = ApprovalStatus.APPROVED if decision == MuseumDecision.APPROVE else ApprovalStatus.DECLINED
    approval.comment = (comment or "").strip()
    approval.decided_by = actor
    approval.decided_at = timezone.now()
    approval.save(update_fields=["status", "comment", "decided_by", "decided_at"])
    if decision == MuseumDecision.DECLINE:
        submission.approvals.filter(status=ApprovalStatus.PENDING).update(status=ApprovalStatus.CANCELLED)
        submission_transition(
            submission=submission,
            to_state=S.CHANGES_REQUESTED,
            actor_kind=Actor.MUSEUM,
            actor=actor,
            comment=f"{museum.name_en}: {approval.comment}",
        )
        return approval
    pending = submission.approvals.filter(revision_id=approval.revision_id).exclude(status=ApprovalStatus.APPROVED)
    if pending.exists():
        return approval
    transition_check(submission=submission, to_state=S.APPROVED, actor_kind=Actor.MUSEUM)
    _agreement_create(submission=submission)
    submission_transition(
        submission=submission, to_state=S.APPROVED, actor_kind=Actor.MUSEUM, actor=actor, comment=approval.comment
    )
    return approval


def submission_sample_submit(*, submission: Submission, actor, uploads: Sequence, note: str = "") -> SampleSubmission:
    """The designer sends photos (1–10) of the physical sample of an approved design. Every photo
    is checked and re-encoded before anything is written."""
    _require_designer(submission, actor)
    if not uploads:
        raise ApplicationError(gettext("Add at least one photo of the sample."), code=Code.REQUIRED, field="images")
    if len(uploads) > 10:
        raise ApplicationError(gettext("At most 10 photos of the sample."), code=Code.TOO_MANY_IMAGES, field="images")
    transition_check(submission=submission, to_state=S.SAMPLE_SUBMITTED, actor_kind=Actor.DESIGNER)
    clean = [image_sanitise(upload=upload, field="images") for upload in uploads]
    with transaction.atomic():
        submission = _lock(submission)
        sample = SampleSubmission.objects.create(submission=submission, note=(note or "").strip())
        for position, picture in enumerate(clean):
            image = SampleImage(
                sample=sample,
                format=picture.format,
                width=picture.width,
                height=picture.height,
                size_bytes=len(picture.content),
                position=position,
            )
            image.file.save("upload", ContentFile(picture.content), save=False)
            image.save()
        submission_transition(
            submission=submission, to_state=S.SAMPLE_SUBMITTED, actor_kind=Actor.DESIGNER, actor=actor, comment=note
        )
    return sample


@transaction.atomic
def submission_sample_decide(*, submission: Submission, actor, decision: str, comment: str = "") -> SampleSubmission:
    """A curator accepts the sample (→ sample_approved) or sends it back (→ approved, with a comment)."""
    _require_curator(actor, submission)
    submission = _lock(submission)
    verdict = SampleVerdict(decision)
    target = S.SAMPLE_APPROVED if verdict == SampleVerdict.ACCEPT else S.APPROVED
    transition_check(submission=submission, to_state=target, actor_kind=Actor.CURATOR)
    if verdict == SampleVerdict.RETURN:
        comment = _require_comment(comment, gettext("Say why the sample is sent back."))
    sample = submission.samples.select_for_update().filter(decision=SampleDecision.PENDING).order_by("-id").first()
    if sample is None:
        raise ApplicationError(gettext("There is no sample waiting for a decision."), code=Code.INVALID_TRANSITION)
    sample.decision = SampleDecision.ACCEPTED if verdict == SampleVerdict.ACCEPT else SampleDecision.RETURNED
    sample.comment = (comment or "").strip()
    sample.decided_by = actor
    sample.decided_at = timezone.now()
    sample.save(update_fields=["decision", "comment", "decided_by", "decided_at"])
    submission_transition(
        submission=submission, to_state=target, actor_kind=Actor.CURATOR, actor=actor, comment=comment
    )
    return sample


def review_decisions_allowed(*, submission: Submission, actor=None) -> list[ReviewDecision]:
    """The curator's review decisions the transition map allows for ``submission`` now, so a form never offers
    what ``submission_review`` would refuse (approve and request changes pass through in_review); none for
    ``actor``'s own submission (nobody judges their own work)."""
    if actor is not None and submission.designer_id == actor.pk:
        return []
    state = S(submission.state)
    via_review = transition_allowed(from_state=state, to_state=S.IN_REVIEW, actor_kind=Actor.CURATOR)
    reviewing = S.IN_REVIEW if via_review else state

    def reaches(target: S) -> bool:
        return transition_allowed(from_state=reviewing, to_state=target, actor_kind=Actor.CURATOR)

    decisions = []
    if reaches(S.CURATOR_APPROVED):
        decisions.append(ReviewDecision.APPROVE)
    if reaches(S.CHANGES_REQUESTED):
        decisions.append(ReviewDecision.REQUEST_CHANGES)
    if transition_allowed(from_state=state, to_state=S.REJECTED, actor_kind=Actor.CURATOR):
        decisions.append(ReviewDecision.REJECT)
    return decisions
