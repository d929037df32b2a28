"""Role checks, in one place, for pages and GraphQL alike."""

from __future__ import annotations

from shop.accounts.roles import Role

# Roles that act on others' work or money; none of them is ever taken by the person themself (DESIGN.md: staff roles
# are granted by an admin only).
STAFF_ROLES = frozenset({Role.CURATOR, Role.MUSEUM_STAFF, Role.FINANCE, Role.OPERATIONS})


def user_roles(user) -> frozenset[Role]:
    """The roles a user holds (cached on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_bashu_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(role for role in Role if role.value in names)
        user._bashu_roles = cached
    return cached


def user_has_role(user, *roles: Role | str) -> bool:
    """True when the user holds any of ``roles``. Superusers hold every role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    held = user_roles(user)
    return any(Role(role) in held for role in roles)


def user_holds_staff_role(user) -> bool:
    """True for admins, Django staff and holders of any of ``STAFF_ROLES``."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_staff or user_roles(user) & STAFF_ROLES)
