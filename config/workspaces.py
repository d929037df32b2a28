"""Where each role works: the header's account menu and the page a person lands on after signing in.

Here, in config/, because a workspace belongs to the app that serves it (accounts, incubator,
royalties, operations) and config is the one layer that may know them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from shop.accounts.permissions import user_has_role
from shop.accounts.roles import Role


@dataclass(frozen=True, slots=True)
class Workspace:
    key: str
    label: str
    url: str


# (key, label, URL name, roles that open it; empty = every signed-in person, "admin" = staff users).
# In landing order: a person with several roles lands on the first one they hold.
WORKSPACES: tuple[tuple[str, object, str, tuple[Role, ...] | str], ...] = (
    ("operations", _("Operations"), "operations:order-list", (Role.OPERATIONS,)),
    ("finance", _("Finance"), "royalties:dashboard", (Role.FINANCE,)),
    ("review", _("Review queue"), "incubator:curator_queue", (Role.CURATOR,)),
    ("approvals", _("Approvals"), "incubator:approval_queue", (Role.MUSEUM_STAFF,)),
    ("incubator", _("Design portal"), "incubator:home", (Role.DESIGNER,)),
    ("royalties", _("My royalties"), "royalties:mine", (Role.DESIGNER, Role.MUSEUM_STAFF)),
    ("account", _("My orders"), "accounts:account", ()),
    ("admin", _("Admin"), "admin:index", "admin"),
)


def _opens(user, roles) -> bool:
    if roles == "admin":
        return user.is_active and user.is_staff
    return not roles or user_has_role(user, *roles)  # superusers hold every role, so see every workspace


# A workspace that a role's own workspace already covers: finance's /royalties/ is the finance dashboard (they
# see every payee), so "My royalties" beside "Finance" would be a second link to the same page.
COVERED_BY = {"royalties": Role.FINANCE}


def user_workspaces(user) -> list[Workspace]:
    """Every workspace ``user`` may open, in landing order (none for an anonymous visitor). Workspaces
    whose app is not installed (no URL), or that another workspace of theirs covers, are left out."""
    if user is None or not user.is_authenticated:
        return []
    found = []
    for key, label, url_name, roles in WORKSPACES:
        if not _opens(user, roles):
            continue
        if key in COVERED_BY and user_has_role(user, COVERED_BY[key]):
            continue
        try:
            found.append(Workspace(key=key, label=str(label), url=reverse(url_name)))
        except NoReverseMatch:
            continue
    return found


def user_landing_url(user) -> str:
    """Where ``user`` lands after signing in: superusers the admin; everyone else the first workspace
    they hold in ``WORKSPACES`` order (a shopper: their orders)."""
    if user.is_superuser:
        return reverse("admin:index")
    spaces = user_workspaces(user)
    return spaces[0].url if spaces else reverse("storefront:home")


def workspaces_context(request) -> dict:
    """Template context: ``workspaces`` for the header's account menu (computed only when used)."""
    return {"workspaces": SimpleLazyObject(lambda: user_workspaces(getattr(request, "user", None)))}
