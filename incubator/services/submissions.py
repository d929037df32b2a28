"""What designers do with a submission: draft, edit, illustrate, submit and withdraw (profiles and briefs:
``incubator.services.designers``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from incubator import selectors
from incubator.errors import IncubatorErrorCode
from incubator.models import (
    ApprovalStatus,
    Brief,
    RevisionLicenceUsage,
    Submission,
    SubmissionImage,
    SubmissionRevision,
    SubmissionState,
)
from incubator.services.workflow import EDITABLE_STATES, Actor, submission_transition, transition_check
from incubator.uploads import image_sanitise
from shop.catalog.models import Category
from shop.catalog.services import design_validate_usages
from shop.collection.models import Licence
from shop.core.errors import ApplicationError, full_clean_or_refuse

UNSET = object()
Code = IncubatorErrorCode


def submission_link(submission: Submission) -> str:
    return reverse("incubator:submission_detail", args=[submission.pk])


def _denied(message: str = "You do not have permission to do this.") -> ApplicationError:
    return ApplicationError(message, code=Code.PERMISSION_DENIED)


# --- submissions ----------------------------------------------------------------------------


def _money(value, *, field: str, allow_zero: bool) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        raise TypeError("Money is never a float")
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ApplicationError("Enter an amount such as 128.00.", code=Code.INVALID, field=field) from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")) or amount >= Decimal("1e10"):
        raise ApplicationError("Enter an amount with at most two decimals.", code=Code.INVALID, field=field)
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ApplicationError(
            "The amount must be positive." if not allow_zero else "The amount cannot be negative.",
            code=Code.INVALID,
            field=field,
        )
    return amount


def _check_usages(usages: Sequence[tuple[Licence, int]], *, category: Category | None, rate_bp: int) -> None:
    """Weights, licences and rates as the catalogue will require them (the licence must allow the
    category and be active). Only possible once a category is chosen."""
    if category is None or not usages:
        return
    design_validate_usages(category=category, usages=usages, designer_rate_bp=rate_bp, require_active=True)


def _lock(submission: Submission) -> Submission:
    return Submission.objects.select_for_update(of=("self",)).select_related("current_revision").get(pk=submission.pk)


def _require_designer(submission: Submission, actor) -> None:
    if actor is None or not actor.is_authenticated or submission.designer_id != actor.pk:
        raise _denied("Only the designer of this submission may do this.")


def _require_editable(submission: Submission) -> None:
    if submission.state not in EDITABLE_STATES:
        raise ApplicationError(
            gettext("A submission that is “%(state)s” cannot be edited.")
            % {"state": SubmissionState(submission.state).label},
            code=Code.INVALID_TRANSITION,
        )


def _editable_revision(submission: Submission) -> SubmissionRevision:
    """The revision the designer may change: the current one while unsubmitted, else a new copy
    (number + 1, same usages and images) so the submitted one stays as it was reviewed."""
    current = submission.current_revision
    if not current.is_frozen:
        return current
    fresh = SubmissionRevision.objects.create(
        submission=submission,
        number=current.number + 1,
        title=current.title,
        description=current.description,
        category=current.category,
        materials=current.materials,
        dimensions=current.dimensions,
        proposed_retail_price=current.proposed_retail_price,
        estimated_unit_cost=current.estimated_unit_cost,
        currency=current.currency,
    )
    RevisionLicenceUsage.objects.bulk_create(
        RevisionLicenceUsage(revision=fresh, licence_id=u.licence_id, weight_bp=u.weight_bp)
        for u in current.usages.all()
    )
    for image in current.images.all():
        # The stored file is shared: files are never changed, so both revisions show the same picture.
        SubmissionImage.objects.create(
            revision=fresh,
            file=image.file.name,
            format=image.format,
            width=image.width,
            height=image.height,
            size_bytes=image.size_bytes,
            alt=image.alt,
            position=image.position,
        )
    submission.current_revision = fresh
    submission.save(update_fields=["current_revision", "updated_at"])
    return fresh


def _apply_changes(revision: SubmissionRevision, *, rate_bp: int, **changes) -> None:
    for name in ("title", "description", "materials", "dimensions"):
        value = changes.get(name, UNSET)
        if value is not UNSET:
            setattr(revision, name, (value or "").strip())
    if changes.get("category", UNSET) is not UNSET:
        revision.category = changes["category"]
    if changes.get("proposed_retail_price", UNSET) is not UNSET:
        revision.proposed_retail_price = _money(
            changes["proposed_retail_price"], field="proposed_retail_price", allow_zero=False
        )
    if changes.get("estimated_unit_cost", UNSET) is not UNSET:
        revision.estimated_unit_cost = _money(
            changes["estimated_unit_cost"], field="estimated_unit_cost", allow_zero=True
        )
    if not revision.title:
        raise ApplicationError("A title is required.", code=Code.REQUIRED, field="title")
    usages = changes.get("usages", UNSET)
    if usages is UNSET:
        usages = [(u.licence, u.weight_bp) for u in revision.usages.select_related("licence")]
        replace = False
    else:
        usages = list(usages)
        replace = True
    _check_usages(usages, category=revision.category, rate_bp=rate_bp)
    full_clean_or_refuse(revision)
    revision.save()
    if replace:
        revision.usages.all().delete()
        for _licence, weight_bp in usages:
            if not isinstance(weight_bp, int) or not 1 <= weight_bp <= 10_000:
                raise ApplicationError(
                    "Each weight must be between 1 and 10000 basis points.", code=Code.RATE_OUT_OF_RANGE, field="usages"
                )
        if len({licence.pk for licence, _ in usages}) != len(usages):
            raise ApplicationError("A licence may be used only once.", code=Code.INVALID, field="usages")
        RevisionLicenceUsage.objects.bulk_create(
            RevisionLicenceUsage(revision=revision, licence=licence, weight_bp=weight_bp)
            for licence, weight_bp in usages
        )


@transaction.atomic
def submission_create(
    *,
    designer,
    title: str,
    description: str = "",
    category: Category | None = None,
    usages: Sequence[tuple[Licence, int]] = (),
    materials: str = "",
    dimensions: str = "",
    proposed_retail_price: Decimal | None = None,
    estimated_unit_cost: Decimal | None = None,
    brief: Brief | None = None,
) -> Submission:
    """Start a draft (revision 1). Refused for non-designers and for closed briefs; whatever is
    given is validated now (a draft may still be incomplete)."""
    if not selectors.user_is_designer(designer):
        raise _denied("Sign up as a designer first.")
    if brief is not None and not brief.is_open:
        raise ApplicationError(
            gettext("This brief is closed to new submissions."), code=Code.BRIEF_CLOSED, field="brief"
        )
    submission = Submission.objects.create(designer=designer, brief=brief)
    revision = SubmissionRevision(submission=submission, number=1)
    _apply_changes(
        revision,
        rate_bp=submission.designer_rate_bp,
        title=title,
        description=description,
        category=category,
        usages=usages,
        materials=materials,
        dimensions=dimensions,
        proposed_retail_price=proposed_retail_price,
        estimated_unit_cost=estimated_unit_cost,
    )
    submission.current_revision = revision
    submission.save(update_fields=["current_revision", "updated_at"])
    return submission


@transaction.atomic
def submission_update(
    *,
    submission: Submission,
    actor,
    title=UNSET,
    description=UNSET,
    category=UNSET,
    usages=UNSET,
    materials=UNSET,
    dimensions=UNSET,
    proposed_retail_price=UNSET,
    estimated_unit_cost=UNSET,
) -> Submission:
    """Change the draft, or start the next revision after changes were requested. Only the
    designer, only in draft or changes_requested; a refused change writes nothing."""
    submission = _lock(submission)
    _require_designer(submission, actor)
    _require_editable(submission)
    revision = _editable_revision(submission)
    _apply_changes(
        revision,
        rate_bp=submission.designer_rate_bp,
        title=title,
        description=description,
        category=category,
        usages=usages,
        materials=materials,
        dimensions=dimensions,
        proposed_retail_price=proposed_retail_price,
        estimated_unit_cost=estimated_unit_cost,
    )
    submission.save(update_fields=["updated_at"])
    return submission


def submission_image_add(*, submission: Submission, actor, upload, alt: str = "") -> SubmissionImage:
    """Add a prototype image (bytes or a file). The upload is checked and re-encoded before anything
    is written (see ``incubator.uploads``); a bad file leaves the submission as it was."""
    # Cheap refusals first, then the expensive decoding, then the write under the row lock.
    _require_designer(submission, actor)
    _require_editable(submission)
    clean = image_sanitise(upload=upload)
    with transaction.atomic():
        submission = _lock(submission)
        _require_editable(submission)
        revision = _editable_revision(submission)
        count = revision.images.count()
        if count >= settings.INCUBATOR_MAX_IMAGES_PER_REVISION:
            raise ApplicationError(
                f"A revision holds at most {settings.INCUBATOR_MAX_IMAGES_PER_REVISION} images.",
                code=Code.TOO_MANY_IMAGES,
                field="image",
            )
        image = SubmissionImage(
            revision=revision,
            format=clean.format,
            width=clean.width,
            height=clean.height,
            size_bytes=len(clean.content),
            alt=(alt or "")[:300],
            position=count,
        )
        image.file.save("upload", ContentFile(clean.content), save=False)
        image.save()
        submission.save(update_fields=["updated_at"])
    return image


@transaction.atomic
def submission_image_remove(*, image: SubmissionImage, actor) -> Submission:
    """Remove a prototype image from the current revision (a submitted revision keeps its own)."""
    submission = _lock(image.revision.submission)
    _require_designer(submission, actor)
    _require_editable(submission)
    if image.revision_id != submission.current_revision_id:
        raise ApplicationError("Only images of the current revision can be removed.", code=Code.INVALID, field="id")
    revision = _editable_revision(submission)
    revision.images.filter(file=image.file.name).delete()
    for position, remaining in enumerate(revision.images.order_by("position", "id")):
        if remaining.position != position:
            remaining.position = position
            remaining.save(update_fields=["position"])
    return submission


def _require_complete(submission: Submission, revision: SubmissionRevision) -> None:
    for field, value in (
        ("category", revision.category),
        ("proposed_retail_price", revision.proposed_retail_price),
        ("estimated_unit_cost", revision.estimated_unit_cost),
    ):
        if value is None:
            raise ApplicationError("This is required before submitting.", code=Code.REQUIRED, field=field)
    usages = [(u.licence, u.weight_bp) for u in revision.usages.select_related("licence")]
    if not usages:
        raise ApplicationError("Choose the licensed relics the design uses.", code=Code.REQUIRED, field="usages")
    design_validate_usages(
        category=revision.category, usages=usages, designer_rate_bp=submission.designer_rate_bp, require_active=True
    )
    count = revision.images.count()
    if count < 1:
        raise ApplicationError("Add at least one prototype image.", code=Code.REQUIRED, field="images")
    if count > settings.INCUBATOR_MAX_IMAGES_PER_REVISION:
        raise ApplicationError("At most 10 prototype images.", code=Code.TOO_MANY_IMAGES, field="images")


@transaction.atomic
def submission_submit(*, submission: Submission, actor, comment: str = "") -> Submission:
    """Send the draft (or, after changes were requested, the next revision) to the curators.
    Guarantees: complete (category, priced, licensed relics allowed for the category and active,
    1–10 images); a draft answering a brief only while the brief is open; the revision is frozen."""
    submission = _lock(submission)
    _require_designer(submission, actor)
    transition_check(submission=submission, to_state=SubmissionState.SUBMITTED, actor_kind=Actor.DESIGNER)
    if submission.state == SubmissionState.DRAFT and submission.brief and not submission.brief.is_open:
        raise ApplicationError(
            gettext("This brief is closed to new submissions."), code=Code.BRIEF_CLOSED, field="brief"
        )
    revision = _editable_revision(submission)
    _require_complete(submission, revision)
    revision.submitted_at = timezone.now()
    revision.save(update_fields=["submitted_at"])
    submission_transition(
        submission=submission,
        to_state=SubmissionState.SUBMITTED,
        actor_kind=Actor.DESIGNER,
        actor=actor,
        comment=comment,
    )
    return submission


@transaction.atomic
def submission_withdraw(*, submission: Submission, actor, comment: str = "") -> Submission:
    """The designer withdraws from any open state; pending museum requests are cancelled."""
    submission = _lock(submission)
    _require_designer(submission, actor)
    submission_transition(
        submission=submission,
        to_state=SubmissionState.WITHDRAWN,
        actor_kind=Actor.DESIGNER,
        actor=actor,
        comment=comment,
    )
    submission.approvals.filter(status=ApprovalStatus.PENDING).update(status=ApprovalStatus.CANCELLED)
    return submission
