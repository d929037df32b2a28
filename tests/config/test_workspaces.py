"""Every role lands in its own workspace after signing in, and the header links to each one it holds."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from shop.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"

# role → (where they land, the workspaces their header menu lists, in order)
CASES = {
    "shopper": ((), "accounts:account", ["account"]),
    "designer": ((Role.DESIGNER,), "incubator:home", ["incubator", "royalties", "account"]),
    "curator": ((Role.CURATOR,), "incubator:curator_queue", ["review", "account", "admin"]),
    "museum staff": ((Role.MUSEUM_STAFF,), "incubator:approval_queue", ["approvals", "royalties", "account"]),
    "finance": ((Role.FINANCE,), "royalties:dashboard", ["finance", "account", "admin"]),
    "operations": ((Role.OPERATIONS,), "operations:order-list", ["operations", "account"]),
    "operations and finance": (
        (Role.OPERATIONS, Role.FINANCE),
        "operations:order-list",
        ["operations", "finance", "account", "admin"],
    ),
    "finance and museum staff": (
        (Role.FINANCE, Role.MUSEUM_STAFF),
        "royalties:dashboard",
        ["finance", "approvals", "account", "admin"],  # their royalties are on the finance dashboard
    ),
    "curator and designer": (
        (Role.CURATOR, Role.DESIGNER),
        "incubator:curator_queue",
        ["review", "incubator", "royalties", "account", "admin"],
    ),
}


def _sign_in(client, user):
    return client.post(reverse("accounts:sign-in"), {"email": user.email, "password": PASSWORD})


def _menu(html: str) -> list[str]:
    return re.findall(r'data-workspace="([a-z]+)"', html)


@pytest.mark.parametrize("who", CASES)
def test_each_role_lands_in_its_workspace_and_sees_its_links(client, who):
    roles, landing, menu = CASES[who]
    user = UserFactory(roles=roles)

    response = _sign_in(client, user)
    assert response.status_code == 302 and response.url == reverse("landing")
    landed = client.get(response.url)
    assert landed.status_code == 302 and landed.url == reverse(landing)

    page = client.get(reverse("storefront:home")).content.decode()
    assert _menu(page) == menu
    assert "Sign in</a>" not in page


def test_a_superuser_lands_in_the_admin_and_sees_every_workspace(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    _sign_in(client, user)
    assert client.get(reverse("landing")).url == reverse("admin:index")
    menu = _menu(client.get(reverse("storefront:home")).content.decode())
    assert {"operations", "finance", "review", "approvals", "incubator", "account", "admin"} <= set(menu)


def test_an_anonymous_visitor_sees_sign_in_and_no_account_menu(client):
    page = client.get(reverse("storefront:home")).content.decode()
    assert reverse("accounts:sign-in") in page and "Sign in</a>" in page
    assert _menu(page) == []


def test_the_landing_page_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get(reverse("landing"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:sign-in"))


def test_the_language_a_person_uses_is_remembered_for_their_emails(client):
    user = UserFactory(roles=(Role.DESIGNER,))
    _sign_in(client, user)
    user.refresh_from_db()
    assert user.language == "en"  # the language of the sign-in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    user.refresh_from_db()
    assert user.language == "zh-hans"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "zh-hans"  # an unknown code changes nothing
