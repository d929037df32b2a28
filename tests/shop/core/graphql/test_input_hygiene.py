"""Bad input anywhere in the API is an INVALID error naming the argument, never INTERNAL_ERROR (issue 13, finding 5).

Each case is one an outside tester sent; they run as a superuser (every role, so every service is reached)
on whatever database the suite runs on (PostgreSQL refuses NUL bytes itself, which is how they became 500s)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.factories import UserFactory, make_buyable_product
from tests.shop.core.graphql.client import error_codes

NUL = "a\u0000b"
HUGE_CURSOR = "YXJyYXljb25uZWN0aW9uOjk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"  # arrayconnection:99999999999999999999999

CASES = {
    "nul in slug": ("query($s: String!) { product(slug: $s) { slug } }", {"s": NUL}),
    "nul in museum slug": ("query($s: String!) { museum(slug: $s) { slug } }", {"s": NUL}),
    "nul in relic slug": ("query($s: String!) { relic(slug: $s) { slug } }", {"s": NUL}),
    "nul in search": (
        "query($s: String) { products(filter: {search: $s}) { edges { node { slug } } } }",
        {"s": NUL},
    ),
    "nul in relic search": (
        "query($s: String) { relics(filter: {search: $s}) { edges { node { slug } } } }",
        {"s": NUL},
    ),
    "nul in order number": ("query($s: String!) { order(number: $s) { number } }", {"s": NUL}),
    "nul in email": (
        'mutation($e: String!) { accountRegister(input: {email: $e, password: "x-long-Passw0rd!"}) '
        "{ errors { field code } } }",
        {"e": "a\u0000@example.com"},
    ),
    "nul in token email": (
        'mutation($e: String!) { tokenCreate(email: $e, password: "x") { errors { field code } } }',
        {"e": NUL},
    ),
    "nul in display name": (
        "mutation($n: String!) { designerProfileUpdate(input: {displayName: $n}) { errors { field code } } }",
        {"n": NUL},
    ),
    "nul in brief title": (
        'mutation($t: String!) { briefCreate(input: {title: $t, text: "x"}) { errors { field code } } }',
        {"t": NUL},
    ),
    "nul in payout reference": (
        'mutation($r: String!) { payoutRecord(payee: "x", amount: {amount: "1.00", currency: "CNY"}, reference: $r) '
        "{ errors { field code } } }",
        {"r": NUL},
    ),
    "non-uuid checkout token": ("query($t: UUID!) { checkout(token: $t) { token } }", {"t": "not-a-uuid"}),
    "non-uuid token literal": ('{ checkout(token: "not-a-uuid") { token } }', None),
    "non-uuid token in mutation": (
        "mutation($t: UUID!) { checkoutComplete(token: $t) { errors { field code } } }",
        {"t": "zz"},
    ),
    "cursor beyond bigint": (
        "query($c: String) { products(first: 1, after: $c) { edges { node { slug } } } }",
        {"c": HUGE_CURSOR},
    ),
    "relic cursor beyond bigint": (
        "query($c: String) { relics(first: 1, after: $c) { edges { node { slug } } } }",
        {"c": HUGE_CURSOR},
    ),
    "huge price": (
        'mutation($p: Decimal) { submissionCreate(input: {title: "t", proposedRetailPrice: $p}) '
        "{ errors { field code } } }",
        {"p": "1e999999"},
    ),
    "huge price filter": (
        "query($p: Decimal) { products(filter: {priceLte: $p}) { edges { node { slug } } } }",
        {"p": "1e999999"},
    ),
    "period beyond year 9999": (
        'mutation { royaltyPeriodClose(period: "9999-12") { errors { field code } } }',
        None,
    ),
    "naive deadline": (
        'mutation { briefCreate(input: {title: "t", text: "x", deadline: "2099-01-01T00:00:00"}) '
        "{ errors { field code } } }",
        None,
    ),
    "lone surrogate": ("query($s: String!) { product(slug: $s) { slug } }", {"s": "\ud800"}),
    "huge global id": (
        "mutation($id: ID!) { briefClose(id: $id) { errors { field code } } }",
        {"id": "QnJpZWY6OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"},
    ),
}


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True, password=None))
    return client


def _post(client, query, variables):
    payload = {"query": query}
    if variables is not None:
        payload["variables"] = variables
    response = client.post("/graphql/", data=json.dumps(payload), content_type="application/json")
    return response.status_code, json.loads(response.content)


def _codes(body) -> list[str]:
    """Top-level error codes and every mutation payload's error codes."""
    codes = error_codes(body)
    for value in (body.get("data") or {}).values():
        if isinstance(value, dict):
            codes += [error["code"] for error in value.get("errors") or ()]
    return codes


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_invalid_with_the_field_never_internal(admin_client, case):
    make_buyable_product()
    query, variables = CASES[case]

    status, body = _post(admin_client, query, variables)

    assert status in (200, 400), body
    codes = _codes(body)
    assert "INTERNAL_ERROR" not in codes, body
    assert codes, body
    assert set(codes) <= {"INVALID", "NOT_FOUND", "PERMISSION_DENIED", "INVALID_CREDENTIALS"}, body


def test_a_refused_mutation_answers_in_its_payload_with_the_field_and_writes_nothing(admin_client):
    from shop.accounts.models import User

    before = User.objects.count()
    query, variables = CASES["nul in email"]

    status, body = _post(admin_client, query, variables)

    assert status == 200
    assert "errors" not in body
    assert body["data"]["accountRegister"]["errors"] == [{"field": "email", "code": "INVALID"}]
    assert User.objects.count() == before


@pytest.mark.parametrize(
    "case, field",
    [("naive deadline", "deadline"), ("huge price", "proposedRetailPrice"), ("nul in search", "search")],
)
def test_the_error_names_the_argument(admin_client, case, field):
    query, variables = CASES[case]

    _, body = _post(admin_client, query, variables)

    payloads = [v for v in (body.get("data") or {}).values() if isinstance(v, dict)]
    fields = [e["extensions"].get("field") for e in body.get("errors", [])] + [
        e.get("field") for p in payloads for e in p.get("errors") or ()
    ]
    assert field in fields, body


def test_a_cursor_beyond_any_list_names_after(admin_client):
    query, variables = CASES["cursor beyond bigint"]

    _, body = _post(admin_client, query, variables)

    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "after"}


def test_no_required_input_field_has_a_default():
    """Found by the fuzzer: ``graphene.Field(..., required=True)`` in an input gave ``field: X!`` a default of null,
    so validation let ``sortBy: {}`` through and the resolver failed on it."""
    from graphql import GraphQLInputObjectType, GraphQLNonNull, Undefined

    from config.schema import schema

    defaulted = [
        f"{named.name}.{name}"
        for named in schema.graphql_schema.type_map.values()
        if isinstance(named, GraphQLInputObjectType)
        for name, field in named.fields.items()
        if isinstance(field.type, GraphQLNonNull) and field.default_value is not Undefined
    ]

    assert defaulted == []
