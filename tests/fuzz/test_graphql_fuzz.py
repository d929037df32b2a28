"""Fuzzing the API (issue 13): hypothesis-graphql writes queries and mutations from the committed ``schema.graphql``
(valid documents with hostile values: NUL bytes, huge numbers, malformed UUIDs and dates; and invalid documents),
and they run through the real endpoint, middleware and limits included, as a visitor and as two signed-in roles.
Any 5xx or ``INTERNAL_ERROR`` fails the run. Seeded (``derandomize``: the same documents every run) and bounded by
``FUZZ_EXAMPLES`` per identity and kind, so it stays a small part of ``make test``."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, nodes, queries

from shop.accounts.roles import Role
from shop.accounts.services import access_token_create, user_grant_role
from tests.factories import make_buyable_product
from tests.incubator.factories import make_awaiting_museums, make_world

SCHEMA = (Path(settings.BASE_DIR) / "schema.graphql").read_text()
FUZZ_EXAMPLES = 120

_text = st.text(max_size=12)
CUSTOM_SCALARS = {
    "UUID": st.one_of(st.uuids().map(str), _text, st.just("00000000-0000-0000-0000-000000000000")).map(nodes.String),
    "Decimal": st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**6), max_value=10**6).map(str),
        st.sampled_from(["1e999999", "NaN", "-Infinity", "0.001", "99999999999999999999", "-1", "1,5"]),
        _text,
    ).map(nodes.String),
    "DateTime": st.one_of(
        st.datetimes(timezones=st.sampled_from([None, datetime.UTC])).map(lambda d: d.isoformat()), _text
    ).map(nodes.String),
    "Date": st.one_of(st.dates().map(str), _text).map(nodes.String),
}


@pytest.fixture
def identities(db):
    """A visitor, a designer with a submission, and a staff member holding curator and finance."""
    world = make_world()
    make_buyable_product()
    make_awaiting_museums(world)
    staff = world.curator
    user_grant_role(user=staff, role=Role.FINANCE)
    return {
        "visitor": {},
        "designer": {"HTTP_AUTHORIZATION": f"Bearer {access_token_create(user=world.designer)}"},
        "curator+finance": {"HTTP_AUTHORIZATION": f"Bearer {access_token_create(user=staff)}"},
    }


def _failures(response) -> list[str]:
    if response.status_code >= 500:
        return [f"HTTP {response.status_code}"]
    try:
        body = json.loads(response.content)
    except ValueError:
        return [f"not JSON (HTTP {response.status_code})"]
    return [
        error.get("message", "")
        for error in body.get("errors") or ()
        if (error.get("extensions") or {}).get("code") == "INTERNAL_ERROR"
    ]


def _fuzz(identity: dict, strategy) -> None:
    client = Client(raise_request_exception=False)
    failed: list[tuple[str, list[str]]] = []

    @hypothesis_settings(
        max_examples=FUZZ_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(document=strategy)
    def run(document: str) -> None:
        response = client.post(
            "/graphql/", data=json.dumps({"query": document}), content_type="application/json", **identity
        )
        problems = _failures(response)
        if problems:
            failed.append((document, problems))
        assert not problems, (document, problems)

    run()


@pytest.mark.parametrize("who", ["visitor", "designer", "curator+finance"])
@pytest.mark.parametrize(
    "kind",
    [
        lambda: queries(SCHEMA, custom_scalars=CUSTOM_SCALARS),
        lambda: mutations(SCHEMA, custom_scalars=CUSTOM_SCALARS),
        lambda: st.one_of(
            queries(SCHEMA, custom_scalars=CUSTOM_SCALARS, mode=Mode.NEGATIVE),
            mutations(SCHEMA, custom_scalars=CUSTOM_SCALARS, mode=Mode.NEGATIVE),
        ),
    ],
    ids=["queries", "mutations", "invalid documents"],
)
def test_fuzzed_documents_never_fail_inside(identities, who, kind):
    _fuzz(identities[who], kind())
