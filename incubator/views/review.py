"""The curators' and museums' pages: review, samples, launch and publish; the curator queue and the
museum approval queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, When
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incubator import selectors, services
from incubator.forms import (
    ApprovalForm,
    LaunchForm,
    ReviewForm,
    SampleDecisionForm,
)
from incubator.models import ApprovalStatus, SubmissionState
from incubator.views.guards import refused, submission_or_404
from shop.core.errors import ApplicationError, ErrorCode

S = SubmissionState
# Where the next step is a curator's: review, the sample, the launch.
CURATOR_TURN_STATES = (S.SUBMITTED, S.IN_REVIEW, S.SAMPLE_SUBMITTED, S.SAMPLE_APPROVED)


@login_required
@require_POST
def submission_review(request, pk: int):
    submission = submission_or_404(request, pk)
    # Any known decision is read; whether it may be taken now is the service's answer (the page offers only those).
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("incubator:submission_detail", pk=pk)
    try:
        services.submission_review(submission=submission, actor=request.user, **form.cleaned_data)
    except ApplicationError as exc:
        return refused(request, exc, pk)
    messages.success(request, _("Decision recorded."))
    return redirect("incubator:submission_detail", pk=pk)


@login_required
@require_POST
def submission_sample_decide(request, pk: int):
    submission = submission_or_404(request, pk)
    form = SampleDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("incubator:submission_detail", pk=pk)
    try:
        services.submission_sample_decide(submission=submission, actor=request.user, **form.cleaned_data)
    except ApplicationError as exc:
        return refused(request, exc, pk)
    return redirect("incubator:submission_detail", pk=pk)


@login_required
@require_POST
def submission_launch(request, pk: int):
    submission = submission_or_404(request, pk)
    form = LaunchForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[name].label if name in form.fields else ''}: {' '.join(messages_)}"
            for name, messages_ in form.errors.items()
        )
        messages.error(request, _("The product could not be launched. %(errors)s") % {"errors": errors})
        return redirect("incubator:submission_detail", pk=pk)
    data = form.cleaned_data
    try:
        services.submission_launch(
            submission=submission,
            actor=request.user,
            variants=[
                services.LaunchVariant(
                    sku=data["sku"],
                    name=data["name"],
                    name_zh=data["variant_name_zh"],
                    price=data["price"],
                    stock=data["stock"],
                )
            ],
            slug=data["slug"],
            name_en=data["name_en"],
            name_zh=data["name_zh"],
            description_en=data["description_en"],
            description_zh=data["description_zh"],
        )
    except ApplicationError as exc:
        return refused(request, exc, pk)
    messages.success(request, _("Launched. The product stays hidden until you publish it."))
    return redirect("incubator:submission_detail", pk=pk)


@login_required
@require_POST
def submission_publish(request, pk: int):
    submission = submission_or_404(request, pk)
    published = request.POST.get("published", "1") == "1"
    try:
        product = services.submission_publish(submission=submission, actor=request.user, published=published)
    except ApplicationError as exc:
        return refused(request, exc, pk)
    if published:
        messages.success(request, _("Published: “%(name)s” is on sale now.") % {"name": product.name})
    else:
        messages.success(request, _("Hidden: “%(name)s” is no longer shown in the shop.") % {"name": product.name})
    return redirect("incubator:submission_detail", pk=pk)


@login_required
def curator_queue(request):
    if not selectors.user_is_curator(request.user):
        return HttpResponseForbidden(_("Curators only."))
    state = request.GET.get("state") or ""
    if state not in SubmissionState.values:
        state = ""
    submissions = selectors.submission_list_visible(user=request.user, state=state or None).prefetch_related(
        "current_revision__images"
    )
    if not state:
        # The whole queue: what waits for a curator's decision first, then the rest, newest first; a
        # designer's unsubmitted draft is theirs (listed only when asked for by its state).
        waiting_first = Case(When(state__in=CURATOR_TURN_STATES, then=0), default=1)
        submissions = submissions.exclude(state=SubmissionState.DRAFT).order_by(waiting_first, "-created_at", "-id")
    page = Paginator(submissions, 50).get_page(request.GET.get("page"))
    return render(
        request, "incubator/curator_queue.html", {"page": page, "state": state, "states": SubmissionState.choices}
    )


@login_required
def approval_queue(request):
    museum = selectors.staff_museum(request.user)
    if museum is None and not selectors.user_is_curator(request.user):
        return HttpResponseForbidden(_("Museum staff only."))
    # What waits for an answer comes first; then the answered ones, newest first.
    waiting_first = Case(When(status=ApprovalStatus.PENDING, then=0), default=1)
    approvals = (
        selectors.approval_list_visible(user=request.user)
        .prefetch_related("revision__images")
        .order_by(waiting_first, "-created_at", "-id")
    )
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
