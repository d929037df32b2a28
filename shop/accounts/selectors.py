"""Account reads: the user behind a bearer token, the language to write to someone in.

Public surface: other apps call the accounts app through this module (reads) and ``services`` (writes and
business rules); besides those they use only its models, error codes and roles (``roles``, ``permissions``)
and GraphQL types.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from shop.accounts.models import AccessToken


def user_from_bearer_token(*, raw: str):
    """The active user a valid, unexpired bearer token belongs to, else an anonymous user."""
    if not raw:
        return AnonymousUser()
    token = (
        AccessToken.objects.select_related("user")
        .filter(key_hash=AccessToken.hash(raw), expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    if token is None:
        return AnonymousUser()
    return token.user


def user_language(user) -> str:
    """The language to write to ``user`` in: the one they last used on the site, else the default."""
    codes = {code for code, _ in settings.LANGUAGES}
    language = getattr(user, "language", "") or ""
    return language if language in codes else settings.LANGUAGE_CODE
