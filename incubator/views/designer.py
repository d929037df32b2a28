"""The designer portal's own pages: the portal home, sign-up and profile, the relic library, briefs, the
designer's submissions and notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from incubator import selectors, services
from incubator.forms import (
    DesignerProfileForm,
    DesignerSignupForm,
)
from incubator.views.guards import form_upload_guarded
from shop.accounts.services import user_create
from shop.core.errors import ApplicationError
from shop.core.forms import add_application_error


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
                    display_name_zh=data["display_name_zh"],
                    bio=data["bio"],
                    bio_zh=data["bio_zh"],
                    portfolio_url=data["portfolio_url"],
                    payout_details=data.get("payout_details", ""),
                    avatar=data.get("avatar"),
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
@form_upload_guarded(files=1, message=_lazy("The portrait is larger than 20 MB."))
def designer_profile(request):
    profile = selectors.designer_profile_for(user=request.user)
    if profile is None:
        return redirect("incubator:signup")
    initial = {
        "display_name": profile.display_name,
        "display_name_zh": profile.display_name_zh,
        "bio": profile.bio,
        "bio_zh": profile.bio_zh,
        "portfolio_url": profile.portfolio_url,
        "payout_details": profile.payout_details,
    }
    form = DesignerProfileForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.designer_profile_save(user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("incubator:profile")
    return render(request, "incubator/profile.html", {"form": form, "profile": profile})


def brief_list(request):
    return render(request, "incubator/brief_list.html", {"briefs": selectors.brief_list(open_only=True)})


@login_required
def submission_list(request):
    if not selectors.user_is_designer(request.user):
        return redirect("incubator:signup")
    # The list shows each submission's first image: loaded for the whole list at once.
    submissions = selectors.submission_list_for_designer(designer=request.user).prefetch_related(
        "current_revision__images"
    )
    return render(request, "incubator/submission_list.html", {"submissions": submissions})


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
