"""``<id:…>`` URL parts: a number no database row can have is a 404 from the resolver, on every page."""

import pytest
from django.urls import get_resolver

from shop.core.forms import MAX_ROW_ID

TOO_BIG = str(MAX_ROW_ID + 1)


def _routes(resolver=None, prefix=""):
    """Every route string of the project, includes joined."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            yield from _routes(pattern, route)
        else:
            yield route


def _id_routes(resolver=None, prefix=""):
    """Every route of the project with an ``<id:…>`` part, as a URL with each such part set to TOO_BIG."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            yield from _id_routes(pattern, route)
        elif "<id:" in route and "<" not in route.replace("<id:", "").split(">", 1)[-1]:
            parts = route.split("<id:")
            url = parts[0] + "".join(TOO_BIG + part.split(">", 1)[1] for part in parts[1:])
            yield "/" + url.lstrip("^/").replace("\\Z", "").replace("$", "")


ROUTES = sorted(set(_id_routes()))


def test_the_project_names_its_row_ids_with_the_id_converter():
    assert len(ROUTES) >= 15
    assert [route for route in _routes() if "<int:" in route] == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", ROUTES)
def test_an_id_no_row_can_have_is_not_found_for_get_and_post(client, url):
    from shop.accounts.models import User

    client.force_login(User.objects.create_superuser(email="root@example.com", password="x-long-password-1"))
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
