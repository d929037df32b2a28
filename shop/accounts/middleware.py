from __future__ import annotations

from django.utils import translation
from django.utils.functional import SimpleLazyObject

from shop.accounts.models import User
from shop.accounts.selectors import user_from_bearer_token


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
    """Remembers the language a signed-in person uses (one UPDATE when it changes, none otherwise), so
    the emails and notifications written to them later, by the worker, are in that language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = translation.get_language()
            if language and getattr(user, "language", language) != language:
                User.objects.filter(pk=user.pk).update(language=language)
                user.language = language
        return response
