from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from shop.accounts.models import AccessToken, User
from shop.accounts.roles import Role

TOKEN_LIFETIME = timedelta(days=30)


@transaction.atomic
def user_create(*, email: str, password: str | None, display_name: str = "", roles: tuple[Role, ...] = ()) -> User:
    """Create a user holding ``roles`` (groups created on demand)."""
    user = User.objects.create_user(email=email, password=password, display_name=display_name)
    for role in roles:
        user_grant_role(user=user, role=role)
    return user


def user_grant_role(*, user: User, role: Role) -> None:
    """Add the user to the role's group; idempotent."""
    group, _ = Group.objects.get_or_create(name=Role(role).value)
    user.groups.add(group)
    if hasattr(user, "_bashu_roles"):
        del user._bashu_roles


def access_token_create(*, user: User) -> str:
    """Issue a bearer token; returns the raw key, which is never stored."""
    raw = AccessToken.new_raw_key()
    AccessToken.objects.create(user=user, key_hash=AccessToken.hash(raw), expires_at=timezone.now() + TOKEN_LIFETIME)
    return raw
