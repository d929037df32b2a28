from __future__ import annotations

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from shop.accounts.selectors import user_from_bearer_token
from shop.accounts.services import user_language_set


class BearerTokenMiddleware:
    """``Authorization: Bearer <token>`` authenticates a headless client for this request only.

    A request that carries a bearer token is marked ``request.bearer_authenticated`` so that
    the GraphQL view may skip CSRF (the token is not ambient, unlike a session cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        request.bearer_authenticated = False
        if header.startswith("Bearer "):
            raw = header.removeprefix("Bearer ").strip()
            request.bearer_authenticated = True
            request.user = SimpleLazyObject(lambda: user_from_bearer_token(raw=raw))
        return self.get_response(request)


class UserLanguageMiddleware:
    """When a signed-in person switches language (the header's EN/中文 buttons post to Django's
    ``set_language``), remember it on their account; no other request writes anything."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and request.path_info == reverse("set_language"):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                user_language_set(user=user, language=request.POST.get("language", ""))
        return response
