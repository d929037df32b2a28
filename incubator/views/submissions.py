"""A submission's pages: create and edit it, its images and sample, submit and withdraw it, its detail page,
and the images themselves (served only to those who may see them)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from incubator import selectors, services
from incubator.forms import (
    ApprovalForm,
    CommentForm,
    ImageUploadForm,
    LaunchForm,
    ReviewForm,
    SampleDecisionForm,
    SubmissionForm,
)
from incubator.models import ApprovalStatus, SubmissionImage, SubmissionState
from incubator.services.workflow import EDITABLE_STATES, Actor, transition_allowed
from incubator.views.guards import form_upload_guarded, refused, submission_or_404, upload_size_checked
from shop.core.errors import ApplicationError, ErrorCode
from shop.core.forms import add_application_error


def _save_submission(request, form: SubmissionForm, submission=None):
    """Everything the one form holds, in one transaction: the draft (or the next revision), the images removed
    and the images added. A refused image refuses the whole save, so the designer never half-saves."""
    data = form.cleaned_data
    fields = {
        "title": data["title"],
        "description": data["description"],
        "category": data["category"],
        "usages": form.usages_with_weights(),
        "materials": data["materials"],
        "dimensions": data["dimensions"],
        "proposed_retail_price": data["proposed_retail_price"],
        "estimated_unit_cost": data["estimated_unit_cost"],
    }
    with transaction.atomic():
        if submission is None:
            submission = services.submission_create(designer=request.user, brief=data.get("brief"), **fields)
        else:
            submission = services.submission_update(submission=submission, actor=request.user, **fields)
        tokens = set(data.get("remove_images") or [])
        for image in list(submission.current_revision.images.all()) if tokens else []:
            if str(image.token) in tokens:
                services.submission_image_remove(image=image, actor=request.user)
                submission.refresh_from_db()
        for upload in data.get("images") or []:
            services.submission_image_add(submission=submission, actor=request.user, upload=upload)
    return submission


def _editor(request, form, submission):
    profile = selectors.designer_profile_for(user=request.user)
    rate = submission.designer_rate_bp if submission else settings.SHOP_DEFAULT_DESIGNER_RATE_BP
    images = list(submission.current_revision.images.all()) if submission else []
    return render(
        request,
        "incubator/submission_form.html",
        {
            "form": form,
            "submission": submission,
            "images": images,
            "profile": profile,
            "rate_bp": rate,
            "max_images": settings.INCUBATOR_MAX_IMAGES_PER_REVISION,
        },
    )


def _saved(request, submission, *, then_submit: bool):
    if then_submit:
        try:
            services.submission_submit(
                submission=submission, actor=request.user, comment=request.POST.get("comment", "")
            )
        except ApplicationError as exc:
            messages.error(request, _("Saved, but not submitted yet: %(reason)s") % {"reason": exc.message})
            return redirect("incubator:submission_edit", pk=submission.pk)
        messages.success(request, _("Submitted. The curators have been told."))
        return redirect("incubator:submission_detail", pk=submission.pk)
    messages.success(request, _("Draft saved."))
    return redirect("incubator:submission_edit", pk=submission.pk)


_guarded = form_upload_guarded(files=10, message=_lazy("The images are larger than allowed (20 MB each)."))


@login_required
@_guarded
def submission_new(request):
    if not selectors.user_is_designer(request.user):
        return redirect("incubator:signup")
    initial = {"brief": request.GET.get("brief")}
    relic = request.GET.get("relic")
    licence = selectors.licence_list_usable().filter(relic__slug=relic).first() if relic else None
    if licence is not None:
        initial.update(usages=[licence.pk], weights={licence.pk: "100"})
    form = SubmissionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            submission = _save_submission(request, form)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            return _saved(request, submission, then_submit=request.POST.get("then") == "submit")
    return _editor(request, form, None)


@login_required
@_guarded
def submission_edit(request, pk: int):
    submission = submission_or_404(request, pk)
    if submission.designer_id != request.user.pk:
        return HttpResponseForbidden(_("Only the designer may edit this submission."))
    if submission.state not in EDITABLE_STATES:
        messages.error(request, _("This submission cannot be edited in its current state."))
        return redirect("incubator:submission_detail", pk=pk)
    revision = submission.current_revision
    usages = list(revision.usages.all())
    initial = {
        "title": revision.title,
        "description": revision.description,
        "category": revision.category_id,
        "materials": revision.materials,
        "dimensions": revision.dimensions,
        "proposed_retail_price": revision.proposed_retail_price,
        "estimated_unit_cost": revision.estimated_unit_cost,
        "usages": [usage.licence_id for usage in usages],
        # 6000 → "60", 3333 → "33.33" (normalize, not rstrip: "60".rstrip("0") is "6").
        "weights": {usage.licence_id: f"{(Decimal(usage.weight_bp) / 100).normalize():f}" for usage in usages},
    }
    form = SubmissionForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        with_brief=False,
        existing_images=revision.images.all(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_submission(request, form, submission)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            return _saved(request, submission, then_submit=request.POST.get("then") == "submit")
    submission.refresh_from_db()
    return _editor(request, form, submission)


@login_required
@require_POST
@upload_size_checked(files=1, message=_lazy("The file is larger than 20 MB."), back="incubator:submission_edit")
def submission_image_upload(request, pk: int):
    submission = submission_or_404(request, pk)
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an image file to upload."))
        return redirect("incubator:submission_edit", pk=pk)
    try:
        services.submission_image_add(
            submission=submission, actor=request.user, upload=form.cleaned_data["image"], alt=form.cleaned_data["alt"]
        )
    except ApplicationError as exc:
        if exc.code == ErrorCode.PERMISSION_DENIED:
            return HttpResponseForbidden(exc.message)
        messages.error(request, exc.message)
        return redirect("incubator:submission_edit", pk=pk)
    messages.success(request, _("Image added."))
    return redirect("incubator:submission_edit", pk=pk)


@login_required
@require_POST
def submission_image_delete(request, pk: int, token):
    submission = submission_or_404(request, pk)
    image = SubmissionImage.objects.filter(token=token, revision__submission=submission).first()
    if image is None:
        raise Http404
    try:
        services.submission_image_remove(image=image, actor=request.user)
    except ApplicationError as exc:
        return refused(request, exc, pk)
    return redirect("incubator:submission_edit", pk=pk)


@login_required
@require_POST
def submission_submit(request, pk: int):
    submission = submission_or_404(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        services.submission_submit(
            submission=submission, actor=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except ApplicationError as exc:
        return refused(request, exc, pk)
    messages.success(request, _("Submitted. The curators have been told."))
    return redirect("incubator:submission_detail", pk=pk)


@login_required
@require_POST
def submission_withdraw(request, pk: int):
    submission = submission_or_404(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        services.submission_withdraw(
            submission=submission, actor=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except ApplicationError as exc:
        return refused(request, exc, pk)
    messages.success(request, _("Withdrawn."))
    return redirect("incubator:submission_detail", pk=pk)


@login_required
@require_POST
@upload_size_checked(
    files=10, message=_lazy("The photos are larger than allowed (20 MB each)."), back="incubator:submission_detail"
)
def submission_sample(request, pk: int):
    submission = submission_or_404(request, pk)
    try:
        services.submission_sample_submit(
            submission=submission,
            actor=request.user,
            uploads=request.FILES.getlist("images"),
            note=request.POST.get("note", ""),
        )
    except ApplicationError as exc:
        return refused(request, exc, pk)
    messages.success(request, _("Sample photos sent to the curators."))
    return redirect("incubator:submission_detail", pk=pk)


@login_required
def submission_detail(request, pk: int):
    submission = submission_or_404(request, pk)
    user = request.user
    is_designer = submission.designer_id == user.pk
    is_curator = selectors.user_is_curator(user)
    museum = selectors.staff_museum(user)

    def may(to_state: str, actor: Actor) -> bool:
        return transition_allowed(from_state=submission.state, to_state=to_state, actor_kind=actor)

    decisions = services.review_decisions_allowed(submission=submission, actor=user) if is_curator else []
    revision = submission.current_revision
    relics = {
        usage.licence.relic_id: usage.licence.relic
        for usage in selectors.revision_usages_with_relics(revision=revision)
    }
    approvals = list(submission.approvals.select_related("museum", "decided_by", "revision"))
    timeline = list(submission.transitions.select_related("actor"))
    # The step that asked the museums stored their English names as its note: the page names them in its language.
    for step in timeline:
        if step.to_state == SubmissionState.AWAITING_MUSEUMS:
            step.museums_asked = [a.museum.name for a in approvals if a.revision.number == step.revision_number]
    context = {
        "submission": submission,
        "revisions": selectors.revision_list(submission=submission),
        "designer_profile": selectors.designer_profile_for(user=submission.designer),
        "timeline": timeline,
        "approvals": approvals,
        "samples": submission.samples.prefetch_related("images"),
        "is_designer": is_designer,
        "is_curator": is_curator,
        "can_edit": is_designer and submission.state in EDITABLE_STATES,
        # The buttons follow the one transition map, so they can never offer what the services refuse.
        "can_withdraw": is_designer and may(SubmissionState.WITHDRAWN, Actor.DESIGNER),
        "can_review": bool(decisions),
        "can_sample": is_designer and may(SubmissionState.SAMPLE_SUBMITTED, Actor.DESIGNER),
        "can_decide_sample": is_curator and may(SubmissionState.SAMPLE_APPROVED, Actor.CURATOR),
        "can_launch": is_curator and may(SubmissionState.LAUNCHED, Actor.CURATOR),
        "can_publish": is_curator and submission.state == SubmissionState.LAUNCHED,
        "launch_form": LaunchForm(initial=LaunchForm.initial_for(submission)),
        "my_approval": (
            submission.approvals.filter(museum=museum, status=ApprovalStatus.PENDING).first() if museum else None
        ),
        "review_form": ReviewForm(decisions=decisions),
        "prototype_images": list(revision.images.all()) if revision else [],
        "relics": list(relics.values()),
        "approval_form": ApprovalForm(),
        "sample_form": SampleDecisionForm(),
    }
    return render(request, "incubator/submission_detail.html", context)


def image_serve(request, token):
    """A prototype or sample image, only to those who may see it (404 to everyone else). The file
    was re-encoded on upload; it is sent with its real type and never sniffed or cached publicly."""
    image = selectors.image_get_visible(user=request.user, token=token)
    if image is None:
        raise Http404
    response = FileResponse(image.file.open("rb"), content_type=image.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = f'inline; filename="{image.token}.{image.extension}"'
    return response
