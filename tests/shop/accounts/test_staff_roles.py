"""Staff roles in the Django admin: curators and finance sign in and see what their group allows."""

import pytest
from django.contrib.auth.models import Group

from shop.accounts.roles import ADMIN_PERMISSIONS, Role
from shop.accounts.services import role_permissions_sync, user_grant_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _granted(role: Role) -> set[str]:
    group = Group.objects.get(name=role.value)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_every_listed_permission_exists_and_migrate_gave_each_group_exactly_its_list():
    assert role_permissions_sync() == []  # no typo: every "app.codename" names a real permission
    for role, names in ADMIN_PERMISSIONS.items():
        assert _granted(role) == set(names)


def test_sync_puts_a_group_back_to_its_list():
    finance = Group.objects.get(name=Role.FINANCE.value)
    finance.permissions.clear()
    role_permissions_sync()
    assert _granted(Role.FINANCE) == set(ADMIN_PERMISSIONS[Role.FINANCE])


@pytest.mark.parametrize(("role", "staff"), [(Role.CURATOR, True), (Role.FINANCE, True), (Role.DESIGNER, False)])
def test_granting_a_staff_role_opens_the_admin(role, staff):
    user = UserFactory()
    user_grant_role(user=user, role=role)
    user.refresh_from_db()
    assert user.is_staff is staff


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        (Role.CURATOR, "/admin/catalog/product/", 200),
        (Role.CURATOR, "/admin/catalog/product/add/", 200),
        (Role.CURATOR, "/admin/incubator/submission/", 200),
        (Role.CURATOR, "/admin/royalties/royaltyentry/", 403),
        (Role.CURATOR, "/admin/accounts/user/", 403),
        (Role.FINANCE, "/admin/royalties/royaltyentry/", 200),
        (Role.FINANCE, "/admin/royalties/museumbankaccount/add/", 200),
        (Role.FINANCE, "/admin/royalties/royaltyentry/add/", 403),  # the ledger is written by services only
        (Role.FINANCE, "/admin/catalog/product/", 403),
        (Role.MUSEUM_STAFF, "/admin/", 302),  # not staff: sent to the admin's sign-in
        (Role.DESIGNER, "/admin/", 302),
    ],
)
def test_each_role_sees_its_part_of_the_admin(client, role, path, status):
    user = UserFactory(roles=[role])
    client.force_login(user)
    assert client.get(path).status_code == status
