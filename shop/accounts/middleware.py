from __future__ import annotations

from django.utils.functional import SimpleLazyObject

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
