"""Designer portal, curator queue and museum approval pages. Thin: forms in, services do the work,
``incubator.selectors`` decides what each person may see (hidden and missing are the same 404)."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from incubator import selectors, services
from incubator.forms import (
    ApprovalForm,
    CommentForm,
    DesignerProfileForm,
    DesignerSignupForm,
    ImageUploadForm,
    LaunchForm,
    ReviewForm,
    SampleDecisionForm,
    SubmissionForm,
)
from incubator.models import ApprovalStatus, SubmissionImage, SubmissionState
from incubator.services.workflow import EDITABLE_STATES, Actor, transition_allowed
from shop.accounts.services import user_create
from shop.core.errors import ApplicationError, ErrorCode
from shop.core.forms import add_application_error


def _submission_or_404(request, pk: int):
    submission = selectors.submission_get_visible(user=request.user, pk=pk)
    if submission is None:
        raise Http404
    return submission


def _body_too_large(request, *, files: int) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > files * settings.INCUBATOR_MAX_UPLOAD_BYTES + 64 * 1024


def _upload_size_checked(*, files: int, message, back: str):
    """Refuse an oversized upload from its declared length before anything reads the body.

    The CSRF middleware reads ``request.POST`` (parsing, and spooling to disk, the whole multipart body)
    before any view runs, so the view is CSRF-exempt on the outside and CSRF-protected inside, once the
    declared size is acceptable. The refusal itself writes nothing."""

    def decorate(view):
        protected = csrf_protect(view)

        @functools.wraps(view)
        def checked(request, pk: int, *args, **kwargs):
            if _body_too_large(request, files=files):
                messages.error(request, message)
                return redirect(back, pk=pk)
            return protected(request, pk, *args, **kwargs)

        return csrf_exempt(checked)

    return decorate


def _refused(request, exc: ApplicationError, pk: int):
    if exc.code == ErrorCode.PERMISSION_DENIED:
        return HttpResponseForbidden(exc.message)
    messages.error(request, exc.message)
    return redirect("incubator:submission_detail", pk=pk)


def home(request):
    if request.user.is_authenticated:
        if selectors.user_is_curator(request.user):
            return redirect("incubator:curator_queue")
        if selectors.staff_museum(request.user) is not None:
            return redirect("incubator:approval_queue")
        if selectors.user_is_designer(request.user):
            return redirect("incubator:submission_list")
    return render(request, "incubator/home.html", {"briefs": selectors.brief_list(open_only=True)[:5]})


def designer_signup(request):
    """New visitors create an account and a designer profile at once; signed-in users add a profile."""
    if request.user.is_authenticated and selectors.designer_profile_for(user=request.user):
        return redirect("incubator:profile")
    form_class = DesignerProfileForm if request.user.is_authenticated else DesignerSignupForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = request.user
                if not user.is_authenticated:
                    user = user_create(
                        email=data["email"], password=data["password"], display_name=data["display_name"]
                    )
                services.designer_profile_save(
                    user=user,
                    display_name=data["display_name"],
                    bio=data["bio"],
                    portfolio_url=data["portfolio_url"],
                    payout_details=data["payout_details"],
                )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            if not request.user.is_authenticated:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to the incubator."))
            return redirect("incubator:relic_library")
    return render(request, "incubator/signup.html", {"form": form})


@login_required
def designer_profile(request):
    profile = selectors.designer_profile_for(user=request.user)
    if profile is None:
        return redirect("incubator:signup")
    initial = {
        "display_name": profile.display_name,
        "bio": profile.bio,
        "portfolio_url": profile.portfolio_url,
        "payout_details": profile.payout_details,
    }
    form = DesignerProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.designer_profile_save(user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("incubator:profile")
    return render(request, "incubator/profile.html", {"form": form, "profile": profile})


@login_required
def relic_library(request):
    if not (selectors.user_is_designer(request.user) or selectors.user_is_curator(request.user)):
        return redirect("incubator:signup")
    page = Paginator(selectors.relic_library(), 24).get_page(request.GET.get("page"))
    return render(request, "incubator/relic_library.html", {"page": page})


def brief_list(request):
    return render(request, "incubator/brief_list.html", {"briefs": selectors.brief_list(open_only=True)})


@login_required
def submission_list(request):
    if not selectors.user_is_designer(request.user):
        return redirect("incubator:signup")
    submissions = selectors.submission_list_for_designer(designer=request.user)
    return render(request, "incubator/submission_list.html", {"submissions": submissions})


def _save_submission(request, form: SubmissionForm, submission=None):
    data = form.cleaned_data
    fields = {
        "title": data["title"],
        "description": data["description"],
        "category": data["category"],
        "usages": form.usages(),
        "materials": data["materials"],
        "dimensions": data["dimensions"],
        "proposed_retail_price": data["proposed_retail_price"],
        "estimated_unit_cost": data["estimated_unit_cost"],
    }
    if submission is None:
        return services.submission_create(designer=request.user, brief=data.get("brief"), **fields)
    return services.submission_update(submission=submission, actor=request.user, **fields)


@login_required
def submission_new(request):
    if not selectors.user_is_designer(request.user):
        return redirect("incubator:signup")
    form = SubmissionForm(request.POST or None, initial={"brief": request.GET.get("brief")})
    if request.method == "POST" and form.is_valid():
        try:
            submission = _save_submission(request, form)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Draft saved. Add prototype images, then submit it."))
            return redirect("incubator:submission_edit", pk=submission.pk)
    return render(request, "incubator/submission_form.html", {"form": form, "submission": None})


@login_required
def submission_edit(request, pk: int):
    submission = _submission_or_404(request, pk)
    if submission.designer_id != request.user.pk:
        return HttpResponseForbidden(_("Only the designer may edit this submission."))
    if submission.state not in EDITABLE_STATES:
        messages.error(request, _("This submission cannot be edited in its current state."))
        return redirect("incubator:submission_detail", pk=pk)
    revision = submission.current_revision
    initial = {
        "title": revision.title,
        "description": revision.description,
        "category": revision.category_id,
        "materials": revision.materials,
        "dimensions": revision.dimensions,
        "proposed_retail_price": revision.proposed_retail_price,
        "estimated_unit_cost": revision.estimated_unit_cost,
    }
    for row, usage in enumerate(revision.usages.all()[:4]):
        initial[f"licence_{row}"] = usage.licence_id
        initial[f"weight_{row}"] = usage.weight_bp / 100
    form = SubmissionForm(request.POST or None, initial=initial, with_brief=False)
    if request.method == "POST" and form.is_valid():
        try:
            _save_submission(request, form, submission)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("incubator:submission_edit", pk=pk)
    submission.refresh_from_db()
    return render(
        request,
        "incubator/submission_form.html",
        {
            "form": form,
            "submission": submission,
            "images": submission.current_revision.images.all(),
            "image_form": ImageUploadForm(),
        },
    )


@login_required
@require_POST
@_upload_size_checked(files=1, message=_lazy("The file is larger than 20 MB."), back="incubator:submission_edit")
def submission_image_upload(request, pk: int):
    submission = _submission_or_404(request, pk)
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
    submission = _submission_or_404(request, pk)
    image = SubmissionImage.objects.filter(token=token, revision__submission=submission).first()
    if image is None:
        raise Http404
    try:
        services.submission_image_remove(image=image, actor=request.user)
    except ApplicationError as exc:
        return _refused(request, exc, pk)
    return redirect("incubator:submission_edit", pk=pk)


@login_required
@require_POST
def submission_submit(request, pk: int):
    submission = _submission_or_404(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        services.submission_submit(
            submission=submission, actor=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except ApplicationError as exc:
        return _refused(request, exc, pk)
    messages.success(request, _("Submitted. The curators have been told."))
    return redirect("incubator:submission_detail", pk=pk)


@login_required
@require_POST
def submission_withdraw(request, pk: int):
    submission = _submission_or_404(request, pk)
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        services.submission_withdraw(
            submission=submission, actor=request.user, comment=form.cleaned_data.get("comment", "")
        )
    except ApplicationError as exc:
        return _refused(request, exc, pk)
    messages.success(request, _("Withdrawn."))
    return redirect("incubator:submission_detail", pk=pk)


@login_required
@require_POST
@_upload_size_checked(
    files=10, message=_lazy("The photos are larger than allowed (20 MB each)."), back="incubator:submission_detail"
)
def submission_sample(request, pk: int):
    submission = _submission_or_404(request, pk)
    try:
        services.submission_sample_submit(
            submission=submission,
            actor=request.user,
            uploads=request.FILES.getlist("images"),
            note=request.POST.get("note", ""),
        )
    except ApplicationError as exc:
        return _refused(request, exc, pk)
    messages.success(request, _("Sample photos sent to the curators."))
    return redirect("incubator:submission_detail", pk=pk)


@login_required
def submission_detail(request, pk: int):
    submission = _submission_or_404(request, pk)
    user = request.user
    is_designer = submission.designer_id == user.pk
    is_curator = selectors.user_is_curator(user)
    museum = selectors.staff_museum(user)

    def may(to_state: str, actor: Actor) -> bool:
        return transition_allowed(from_state=submission.state, to_state=to_state, actor_kind=actor)

    context = {
        "submission": submission,
        "revisions": selectors.revision_list(submission=submission),
        "timeline": submission.transitions.select_related("actor"),
        "approvals": submission.approvals.select_related("museum", "decided_by"),
        "samples": submission.samples.prefetch_related("images"),
        "is_designer": is_designer,
        "is_curator": is_curator,
        "can_edit": is_designer and submission.state in EDITABLE_STATES,
        # The buttons follow the one transition map, so they can never offer what the services refuse.
        "can_withdraw": is_designer and may(SubmissionState.WITHDRAWN, Actor.DESIGNER),
        "can_review": is_curator
        and (may(SubmissionState.IN_REVIEW, Actor.CURATOR) or may(SubmissionState.CURATOR_APPROVED, Actor.CURATOR)),
        "can_reject": is_curator and may(SubmissionState.REJECTED, Actor.CURATOR),
        "can_sample": is_designer and may(SubmissionState.SAMPLE_SUBMITTED, Actor.DESIGNER),
        "can_decide_sample": is_curator and may(SubmissionState.SAMPLE_APPROVED, Actor.CURATOR),
        "can_launch": is_curator and may(SubmissionState.LAUNCHED, Actor.CURATOR),
        "can_publish": is_curator and submission.state == SubmissionState.LAUNCHED,
        "launch_form": LaunchForm(),
        "my_approval": (
            submission.approvals.filter(museum=museum, status=ApprovalStatus.PENDING).first() if museum else None
        ),
        "review_form": ReviewForm(),
        "approval_form": ApprovalForm(),
        "sample_form": SampleDecisionForm(),
    }
    return render(request, "incubator/submission_detail.html", context)


@login_required
@require_POST
def submission_review(request, pk: int):
    submission = _submission_or_404(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("incubator:submission_detail", pk=pk)
    try:
        services.submission_review(submission=submission, actor=request.user, **form.cleaned_data)
    except ApplicationError as exc:
        return _refused(request, exc, pk)
    messages.success(request, _("Decision recorded."))
    return redirect("incubator:submission_detail", pk=pk)


@login_required
@require_POST
def submission_sample_decide(request, pk: int):
    submission = _submission_or_404(request, pk)
    form = SampleDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("incubator:submission_detail", pk=pk)
    try:
        services.submission_sample_decide(submission=submission, actor=request.user, **form.cleaned_data)
    except ApplicationError as exc:
        return _refused(request, exc, pk)
    return redirect("incubator:submission_detail", pk=pk)


@login_required
@require_POST
def submission_launch(request, pk: int):
    submission = _submission_or_404(request, pk)
    form = LaunchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the SKU, a name, the price and the stock of the first variant."))
        return redirect("incubator:submission_detail", pk=pk)
    data = form.cleaned_data
    try:
        services.submission_launch(
            submission=submission,
            actor=request.user,
            variants=[
                services.LaunchVariant(sku=data["sku"], name=data["name"], price=data["price"], stock=data["stock"])
            ],
            slug=data["slug"],
            name_zh=data["name_zh"],
        )
    except ApplicationError as exc:
        return _refused(request, exc, pk)
    messages.success(request, _("Launched. The product stays hidden until you publish it."))
    return redirect("incubator:submission_detail", pk=pk)


@login_required
@require_POST
def submission_publish(request, pk: int):
    submission = _submission_or_404(request, pk)
    try:
        services.submission_publish(
            submission=submission, actor=request.user, published=request.POST.get("published", "1") == "1"
        )
    except ApplicationError as exc:
        return _refused(request, exc, pk)
    return redirect("incubator:submission_detail", pk=pk)


@login_required
def curator_queue(request):
    if not selectors.user_is_curator(request.user):
        return HttpResponseForbidden(_("Curators only."))
    state = request.GET.get("state") or ""
    if state not in SubmissionState.values:
        state = ""
    submissions = selectors.submission_list_visible(user=request.user, state=state or None)
    page = Paginator(submissions, 50).get_page(request.GET.get("page"))
    return render(
        request, "incubator/curator_queue.html", {"page": page, "state": state, "states": SubmissionState.choices}
    )


@login_required
def approval_queue(request):
    museum = selectors.staff_museum(request.user)
    if museum is None and not selectors.user_is_curator(request.user):
        return HttpResponseForbidden(_("Museum staff only."))
    approvals = selectors.approval_list_visible(user=request.user)
    page = Paginator(approvals, 50).get_page(request.GET.get("page"))
    return render(request, "incubator/approval_queue.html", {"page": page, "museum": museum, "form": ApprovalForm()})


@login_required
@require_POST
def approval_decide(request, pk: int):
    approval = selectors.approval_get_visible(user=request.user, pk=pk)
    if approval is None:
        raise Http404
    form = ApprovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("incubator:approval_queue")
    try:
        services.museum_approval_decide(approval=approval, actor=request.user, **form.cleaned_data)
    except ApplicationError as exc:
        if exc.code == ErrorCode.PERMISSION_DENIED:
            return HttpResponseForbidden(exc.message)
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("incubator:approval_queue")


@login_required
def notification_list(request):
    if request.method == "POST":
        services.notification_mark_read(user=request.user)
        return redirect("incubator:notifications")
    page = Paginator(selectors.notification_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "incubator/notifications.html",
        {"page": page, "unread": selectors.notification_unread_count(user=request.user)},
    )


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
