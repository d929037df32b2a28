"""Hostile values in the pages' query strings and forms (issue 13, finding 5, for the pages): every one is a form
error or a 4xx, never a 500. Django's form fields refuse NUL characters themselves; the address is checked by
``shop.core.middleware.RequestHygieneMiddleware``."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_buyable_product

HOSTILE = ["1e999999", "NaN", "-1", "99999999999999999999999999", "\u0000", "a\u0000b", "\ud800", "x" * 5000, "0x10"]
GET_PAGES = [
    ("/products/", ["price_min", "price_max", "museum", "relic", "category", "sort", "q", "page", "available"]),
    ("/relics/", ["museum", "category", "q", "page"]),
    ("/orders/find/", ["number", "email"]),
]
POST_PAGES = [
    ("/cart/add/", ["variant", "quantity"]),
    ("/account/sign-in/", ["email", "password", "next"]),
    ("/account/sign-up/", ["email", "password", "display_name"]),
    ("/orders/find/", ["number", "email"]),
]


@pytest.fixture
def shop(db):
    make_buyable_product()


def _safe(value: str) -> str:
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


@pytest.mark.parametrize("path, fields", GET_PAGES, ids=[p for p, _ in GET_PAGES])
def test_hostile_query_strings_never_fail_inside(shop, path, fields):
    client = Client(raise_request_exception=False)
    statuses = {
        (field, value): client.get(path, {field: _safe(value)}).status_code for field in fields for value in HOSTILE
    }

    assert {key: s for key, s in statuses.items() if s >= 500} == {}


@pytest.mark.parametrize("path, fields", POST_PAGES, ids=[p for p, _ in POST_PAGES])
def test_hostile_form_posts_never_fail_inside(shop, path, fields):
    client = Client(raise_request_exception=False)
    statuses = {
        (field, value): client.post(path, {f: _safe(value) if f == field else "1" for f in fields}).status_code
        for field in fields
        for value in HOSTILE
    }

    assert {key: s for key, s in statuses.items() if s >= 500} == {}
