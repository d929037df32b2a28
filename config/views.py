"""Pages that belong to no single app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from config.workspaces import user_landing_url


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """After sign-in: each role lands in its own workspace (``config.workspaces``)."""
    return redirect(user_landing_url(request.user))
