"""What every portal view checks before its work: the submission may be seen (else 404), an upload is
not oversized (refused before anything reads the body), and how a refused service call is shown."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from incubator import selectors
from shop.core.errors import ApplicationError, ErrorCode
from shop.core.middleware import request_body_limit


def submission_or_404(request, pk: int):
    """The submission if this user may see it; otherwise 404 (hidden and missing look the same)."""
    submission = selectors.submission_get_visible(user=request.user, pk=pk)
    if submission is None:
        raise Http404
    return submission


def body_too_large(request, *, files: int) -> bool:
    """The declared body is over ``files`` uploads' allowance (an unreadable length counts as too large)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > files * settings.INCUBATOR_MAX_UPLOAD_BYTES + 64 * 1024


def upload_size_checked(*, files: int, message, back: str):
    """Refuse an oversized upload from its declared length before anything reads the body.

    The CSRF middleware reads ``request.POST`` (parsing, and spooling to disk, the whole multipart body)
    before any view runs, so the view is CSRF-exempt on the outside and CSRF-protected inside, once the
    declared size is acceptable. The refusal itself writes nothing."""

    def decorate(view):
        protected = csrf_protect(view)

        @functools.wraps(view)
        def checked(request, pk: int, *args, **kwargs):
            if body_too_large(request, files=files):
                messages.error(request, message)
                return redirect(back, pk=pk)
            return protected(request, pk, *args, **kwargs)

        # The door's body limit (shop.core.middleware) lets this view's declared allowance through.
        return request_body_limit(lambda: files * settings.INCUBATOR_MAX_UPLOAD_BYTES + 64 * 1024)(csrf_exempt(checked))

    return decorate


def refused(request, exc: ApplicationError, pk: int):
    """A refused action on a submission: 403 when the user may not do it, else the message on its page."""
    if exc.code == ErrorCode.PERMISSION_DENIED:
        return HttpResponseForbidden(exc.message)
    messages.error(request, exc.message)
    return redirect("incubator:submission_detail", pk=pk)


def form_upload_guarded(*, files: int, message):
    """``upload_size_checked`` for a page whose form carries uploads (GET shows it, POST saves it): an oversized
    POST is refused from its declared length, before anything reads the body, back to the same page."""

    def decorate(view):
        protected = csrf_protect(view)

        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            if request.method == "POST" and body_too_large(request, files=files):
                messages.error(request, message)
                return redirect(request.get_full_path())
            return protected(request, *args, **kwargs)

        # The door's body limit (shop.core.middleware) lets this form's declared allowance through.
        return request_body_limit(lambda: files * settings.INCUBATOR_MAX_UPLOAD_BYTES + 64 * 1024)(csrf_exempt(checked))

    return decorate
