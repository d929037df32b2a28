"""Sign-up, sign-in (rate limited), sign-out and the shopper's account page."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from shop.accounts import throttle
from shop.accounts.errors import AccountErrorCode
from shop.accounts.forms import SignInForm, SignUpForm
from shop.accounts.services import account_register, user_language_set, user_sign_in_check
from shop.core.errors import ApplicationError
from shop.core.forms import add_application_error


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "landing"  # each role's own workspace (config.workspaces)


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and throttle.register_rate_limited(request=request):
        form.is_valid()
        form.add_error(None, _("Too many registrations from your address. Try again later."))
        return render(request, "accounts/sign_up.html", {"form": form, "next": _next_url(request)}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_register(**form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            login(request, user)
            user_language_set(user=user, language=translation.get_language())
            return redirect(_next_url(request))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/sign_up.html", {"form": form, "next": _next_url(request)}, status=status)


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                user = user_sign_in_check(request=request, **form.cleaned_data)
            except ApplicationError as exc:
                add_application_error(form, exc)
                if exc.code == AccountErrorCode.RATE_LIMITED:
                    status = 429
            else:
                login(request, user)
                user_language_set(user=user, language=translation.get_language())
                return redirect(_next_url(request))
    return render(request, "accounts/sign_in.html", {"form": form, "next": _next_url(request)}, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("storefront:home")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    # Through the reverse relation: accounts comes before orders and does not import it.
    orders = request.user.orders.order_by("-created_at", "-id")[:50]
    return render(request, "accounts/account.html", {"orders": orders})
