"""Body limits at the door and URLs no view should see (issue 13, findings 3 and 5).

The finding: an anonymous 100 MB multipart POST to /graphql/ was spooled to disk and answered 200, and
/account/sign-in/ spooled 96.6 MB before its 403. Now the declared length decides, before anything reads the body:
these tests hand Django a body stream that fails the test if a single byte is read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve

from shop.core.middleware import RequestBodyLimitMiddleware
from tests.factories import UserFactory

HUNDRED_MB = 100 * 1024 * 1024


class _Untouchable:
    """A request body that must never be read."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read")

    readline = read


def _post(client, path, length, content_type="multipart/form-data; boundary=x", **extra):
    return client.generic(
        "POST",
        path,
        b"",
        content_type=content_type,
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": _Untouchable()},
        **extra,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/graphql/", "/account/sign-in/", "/account/sign-up/", "/webhooks/stripe/", "/checkout/", "/admin/login/"],
)
def test_an_over_long_body_is_refused_before_it_is_read(path):
    response = _post(Client(), path, HUNDRED_MB)

    assert response.status_code == 413


@pytest.mark.django_db
def test_graphql_gets_a_json_413():
    response = _post(Client(), "/graphql/", settings.REQUEST_BODY_MAX_BYTES + 1, content_type="application/json")

    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"


@pytest.mark.django_db
def test_a_body_within_the_limit_goes_through(client):
    response = client.post("/graphql/", data='{"query": "{ categories { slug } }"}', content_type="application/json")

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_malformed_length_is_a_400():
    response = _post(Client(), "/graphql/", "12abc")

    assert response.status_code == 400


def test_the_upload_views_keep_their_larger_limit(rf):
    one_image = resolve("/incubator/submissions/1/images/").func
    sample = resolve("/incubator/submissions/1/sample/").func
    request = rf.post("/incubator/submissions/1/images/", CONTENT_LENGTH=str(10 * 1024 * 1024))
    request.resolver_match = resolve(request.path_info)

    assert one_image.request_body_max_bytes() == settings.INCUBATOR_MAX_UPLOAD_BYTES + 64 * 1024
    assert sample.request_body_max_bytes() == 10 * settings.INCUBATOR_MAX_UPLOAD_BYTES + 64 * 1024
    assert RequestBodyLimitMiddleware(lambda r: None).process_view(request, one_image, (), {}) is None
    ten_images = 10 * settings.INCUBATOR_MAX_UPLOAD_BYTES + 64 * 1024
    assert resolve("/incubator/submissions/new/").func.request_body_max_bytes() == ten_images
    assert resolve("/incubator/submissions/1/edit/").func.request_body_max_bytes() == ten_images
    assert (
        resolve("/incubator/profile/").func.request_body_max_bytes() == settings.INCUBATOR_MAX_UPLOAD_BYTES + 64 * 1024
    )


@pytest.mark.django_db
def test_the_admin_allows_staff_more_and_nobody_else(rf):
    ten_mb = 10 * 1024 * 1024
    assert _post(Client(), "/admin/catalog/product/add/", ten_mb).status_code == 413  # anonymous

    request = rf.post("/admin/catalog/product/add/")
    request.resolver_match = resolve(request.path_info)
    request.user = UserFactory(is_staff=True, password=None)

    assert (
        RequestBodyLimitMiddleware.limit(request, request.resolver_match.func) == settings.ADMIN_REQUEST_BODY_MAX_BYTES
    )


def test_the_proxy_holds_the_same_limits():
    """deploy/nginx.conf refuses what the app refuses (gunicorn has no body limit of its own)."""
    conf = (Path(settings.BASE_DIR) / "deploy" / "nginx.conf").read_text()
    sizes = [int(size) for size in re.findall(r"client_max_body_size (\d+);", conf)]

    assert sizes == [
        settings.REQUEST_BODY_MAX_BYTES,
        settings.INCUBATOR_MAX_UPLOAD_BYTES + 64 * 1024,
        10 * settings.INCUBATOR_MAX_UPLOAD_BYTES + 64 * 1024,
        10 * settings.INCUBATOR_MAX_UPLOAD_BYTES + 64 * 1024,  # the submission editor
        settings.INCUBATOR_MAX_UPLOAD_BYTES + 64 * 1024,  # the designer's portrait
        settings.ADMIN_REQUEST_BODY_MAX_BYTES,
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/products/a%00b/", "/relics/?search=%00", "/orders/BC%00/", "/products/?q=a&x=%00"])
def test_a_nul_character_in_the_address_is_a_400(client, url):
    assert client.get(url).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/products/no-such-product/", "/relics/no-such-relic/", "/museums/nowhere/"])
def test_the_demo_shows_the_shops_404_page_for_an_unknown_slug(client, settings, url):
    """Issue 13, finding 8: the demo (DEBUG on) showed Django's yellow debug page instead."""
    settings.DEBUG = True

    response = client.get(url)

    assert response.status_code == 404
    page = response.content.decode()
    assert "This page is not in our collection" in page
    assert "Django tried these URL patterns" not in page and "Page not found at" not in page
