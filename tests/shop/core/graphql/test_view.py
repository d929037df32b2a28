"""The GraphQL endpoint: limits before execution, the CSRF rule, error codes, GraphiQL only in DEBUG."""

from __future__ import annotations

import json
import time

import graphene
import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory

from shop.accounts.services import access_token_create
from shop.core.errors import ApplicationError
from shop.core.graphql.views import ShopGraphQLView
from tests.factories import UserFactory
from tests.shop.core.graphql.client import error_codes, graphql_post

OVER_DEEP = """{ products { edges { node { design { relics { museum { relics { edges { node {
  museum { relics { edges { node { slug } } } } } } } } } } } } } }"""
# 100 products × 100 relics of each of their museums: about 50,400 fields, over the 50,000 budget.
OVER_WIDE = """{ products(first: 100) { edges { node { museums {
  relics(first: 100) { edges { node { slug name period } } } } } } } }"""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, reason", [(OVER_DEEP, "levels deep"), (OVER_WIDE, "would cost")], ids=["over-deep", "over-wide"]
)
def test_over_complex_queries_are_refused_before_any_sql(client, django_assert_num_queries, query, reason):
    with django_assert_num_queries(0):
        status, body = graphql_post(client, query)

    assert status == 400
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]
    assert reason in body["errors"][0]["message"]
    assert "data" not in body


@pytest.mark.django_db
def test_wide_query_through_fragments_and_variables_is_counted_too(client, django_assert_num_queries):
    query = """query($n: Int) { products(first: $n) { ...Page } }
      fragment Page on ProductConnection { edges { node { museums { relics(first: $n) { edges { node {
        slug name period } } } } } } }"""

    with django_assert_num_queries(0):
        status, body = graphql_post(client, query, {"n": 100})

    assert status == 400
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


@pytest.mark.django_db
def test_a_fragment_bomb_is_refused_at_once(client, django_assert_num_queries):
    """Issue 13, finding 1: 984 bytes that took 10.8 s (n=20) to 42.8 s (n=24) of a web worker."""
    fragments = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(30))
    query = f"query {{ ...F0 }} {fragments} fragment F30 on Query {{ __typename }}"

    started = time.perf_counter()
    with django_assert_num_queries(0):
        status, body = graphql_post(client, query)
    elapsed = time.perf_counter() - started

    assert status == 400
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]
    assert elapsed < 0.5  # the analysis alone is < 50 ms (test_limits); this is the whole request


@pytest.mark.django_db
def test_aliased_introspection_is_refused(client):
    """Issue 13, finding 1: 100 aliases of this (19 kB) answered 10.3 MB in about 7 s."""
    one = "__schema { types { fields { args { type { name kind ofType { name kind } } } } } }"
    query = "{ " + " ".join(f"s{i}: {one}" for i in range(100)) + " }"

    status, body = graphql_post(client, query)

    assert status == 400
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


@pytest.mark.django_db
def test_an_overlong_document_is_refused(client, django_assert_num_queries):
    query = "{ categories { slug } }" + " " * 20_001

    with django_assert_num_queries(0):
        status, body = graphql_post(client, query)

    assert status == 400
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


@pytest.mark.django_db
def test_a_query_within_the_limits_runs(client):
    status, body = graphql_post(client, "{ products(first: 100) { edges { node { museums { slug } } } } }")

    assert status == 200
    assert body == {"data": {"products": {"edges": []}}}


@pytest.mark.django_db
def test_session_post_without_csrf_token_is_forbidden():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())

    status, body = graphql_post(client, "{ categories { slug } }")

    assert status == 403
    assert error_codes(body) == ["PERMISSION_DENIED"]


@pytest.mark.django_db
def test_session_post_with_csrf_token_is_allowed():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    secret = "k" * 32  # what Django keeps in the cookie; the page echoes it in the X-CSRFToken header
    client.cookies["csrftoken"] = secret

    status, body = graphql_post(client, "{ categories { slug } }", HTTP_X_CSRFTOKEN=secret)

    assert status == 200, body
    assert body == {"data": {"categories": []}}


@pytest.mark.django_db
def test_bearer_token_needs_no_csrf_token():
    user = UserFactory()
    token = access_token_create(user=user)
    client = Client(enforce_csrf_checks=True)

    status, body = graphql_post(client, "{ categories { slug } }", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert status == 200, body
    assert body == {"data": {"categories": []}}


@pytest.mark.django_db
def test_bearer_header_overrides_the_session_so_a_stolen_cookie_gains_nothing():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())

    # A bogus bearer token: the request is anonymous (not the session's user), so CSRF does not apply.
    status, _ = graphql_post(client, "{ categories { slug } }", HTTP_AUTHORIZATION="Bearer bct_forged")

    assert status == 200


@pytest.mark.django_db
def test_anonymous_post_needs_no_csrf_token():
    status, body = graphql_post(Client(enforce_csrf_checks=True), "{ categories { slug } }")

    assert status == 200
    assert body == {"data": {"categories": []}}


@pytest.mark.django_db
def test_graphiql_is_served_in_a_browser_only_when_debug(client, settings):
    settings.DEBUG = True
    shown = client.get("/graphql/", HTTP_ACCEPT="text/html")
    settings.DEBUG = False
    hidden = client.get("/graphql/", HTTP_ACCEPT="text/html")

    assert shown.status_code == 200 and b"graphiql" in shown.content.lower()
    assert hidden.status_code == 400 and b"graphiql" not in hidden.content.lower()


class _BrokenQuery(graphene.ObjectType):
    boom = graphene.String()
    refused = graphene.String()

    @staticmethod
    def resolve_boom(root, info):
        raise RuntimeError("secret internals")

    @staticmethod
    def resolve_refused(root, info):
        raise ApplicationError("No such museum.", code="NOT_FOUND", field="museum_slug")


def _post_to_test_schema(query: str):
    view = ShopGraphQLView.as_view(schema=graphene.Schema(query=_BrokenQuery))
    request = RequestFactory().post("/graphql/", data=json.dumps({"query": query}), content_type="application/json")
    request.user = AnonymousUser()
    request.bearer_authenticated = False
    response = view(request)
    return response.status_code, json.loads(response.content)


def test_a_resolver_bug_is_an_internal_error_without_its_details(settings):
    settings.DEBUG = False

    status, body = _post_to_test_schema("{ boom }")

    assert status == 200
    assert body["data"] == {"boom": None}
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL_ERROR"}
    assert "secret" not in json.dumps(body)


def test_a_domain_error_in_a_query_keeps_its_code_and_field():
    status, body = _post_to_test_schema("{ refused }")

    assert status == 200
    assert body["errors"][0]["message"] == "No such museum."
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "museumSlug"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, body, status",
    [
        ("post", "{not json", 400),
        ("post", '{"variables": {}}', 400),
        ("put", '{"query": "{ categories { slug } }"}', 405),
        # Issue 13, finding 5: these were 500s or INTERNAL_ERROR.
        ("post", '{"query": 5}', 400),
        ("post", '{"query": "{ categories { slug } }", "variables": [1]}', 400),
        ("post", '{"query": "{ categories { slug } }", "operationName": 5}', 400),
        ("post", "[1]", 400),
        ("post", '"text"', 400),
    ],
    ids=[
        "bad JSON",
        "no query",
        "wrong method",
        "query not a string",
        "variables a list",
        "name a number",
        "a list",
        "a string",
    ],
)
def test_malformed_requests_are_4xx_with_invalid_code(client, method, body, status):
    response = getattr(client, method)("/graphql/", data=body, content_type="application/json")

    assert response.status_code == status
    assert error_codes(json.loads(response.content)) == ["INVALID"]
