"""``query_cost``: what a document would cost and how deep it goes, from the document alone."""

from __future__ import annotations

import time

import pytest
from graphql import get_introspection_query, parse

from shop.core.graphql.limits import document_analyse, query_cost


def test_cost_multiplies_by_page_size_from_literals_and_variables():
    literal = parse("{ products(first: 10) { edges { node { slug name } } } }")
    variable = parse("query($n: Int) { products(first: $n) { edges { node { slug name } } } }")

    assert query_cost(literal) == (1 + 10 * (1 + 1 + 2), 4)
    assert query_cost(variable, variables={"n": 10}) == query_cost(literal)


def test_a_connection_without_first_counts_as_a_full_page():
    assert query_cost(parse("{ products { edges { node { slug } } } }"))[0] == 1 + 100 * (1 + 1 + 1)


def test_fragments_are_expanded():
    document = parse("""{ products(first: 2) { ...A } }
        fragment A on ProductConnection { edges { node { slug ...B } } }
        fragment B on Product { name }""")

    assert query_cost(document) == (1 + 2 * 4, 4)


def test_typename_counts_like_any_field():
    assert query_cost(parse("{ __typename categories { __typename slug } }")) == (4, 2)


def test_only_the_named_operation_is_measured():
    document = parse(
        "query Small { categories { slug } } query Big { products(first: 100) { edges { node { slug } } } }"
    )

    assert query_cost(document, operation_name="Small") == (2, 2)


def _bomb(levels: int) -> str:
    """Issue 13, finding 1: each fragment spreads the next twice; expanded, the document has 2ⁿ fields."""
    fragments = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    return f"query {{ ...F0 }} {fragments} fragment F{levels} on Query {{ __typename }}"


def test_a_fragment_bomb_is_costed_in_linear_time_and_refused():
    document = parse(_bomb(30))

    started = time.perf_counter()
    analysis = document_analyse(document)
    refusal = analysis.limits_refusal()
    elapsed = time.perf_counter() - started

    assert analysis.cost().cost == 2**30
    assert refusal is not None and "root fields" in refusal
    assert elapsed < 0.05


@pytest.mark.parametrize(
    "document, reason",
    [
        ("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }", "spreads itself"),
        ("{ categories { slug } } fragment Unused on Query { categories { slug } }", "never used"),
        ("{ " + " ".join(f"a{i}: categories {{ slug }}" for i in range(31)) + " }", "aliases"),
        # graphql-core compares same-named fields pairwise: 3,900 of them kept validation busy for over a second.
        ("{ categories { " + "slug " * 501 + "} }", "fields"),
        ("{ " + " ".join("categories museums { slug } " for _ in range(11)) + " }", "root fields"),
    ],
    ids=["cycle", "unused fragment", "31 aliases", "501 fields", "22 root fields"],
)
def test_structural_refusals(document, reason):
    refusal = document_analyse(parse(document)).limits_refusal()

    assert refusal is not None and reason in refusal


def test_a_long_fragment_chain_is_refused_not_a_crash():
    chain = " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(700))
    document = parse(f"{{ ...F0 }} {chain} fragment F700 on Query {{ __typename }}", max_tokens=20_000)

    assert document_analyse(document).limits_refusal() is not None


def test_the_standard_introspection_query_fits():
    from config.schema import schema

    document = parse(get_introspection_query(descriptions=True, input_value_deprecation=True))

    assert document_analyse(document, schema=schema.graphql_schema).limits_refusal() is None


@pytest.mark.parametrize(
    "query",
    [
        # Issue 13, finding 1: aliased introspection (here 20, within the alias limit) was not counted at all.
        "{ "
        + " ".join(f"s{i}: __schema {{ types {{ fields {{ args {{ type {{ name }} }} }} }} }}" for i in range(20))
        + " }",
        # The type graph's cycle: fields of the types of fields of the types of fields …
        "{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }",
    ],
    ids=["aliased schemas", "type cycle"],
)
def test_costly_introspection_is_refused(query):
    from config.schema import schema

    refusal = document_analyse(parse(query), schema=schema.graphql_schema).limits_refusal()

    assert refusal is not None and "introspect" in refusal


def test_a_fragment_bomb_below_the_root_is_refused_by_cost():
    fragments = " ".join(f"fragment F{i} on Category {{ ...F{i + 1} ...F{i + 1} }}" for i in range(30))
    document = parse(f"{{ categories {{ ...F0 }} }} {fragments} fragment F30 on Category {{ slug }}")

    refusal = document_analyse(document).limits_refusal()

    assert refusal is not None and "would cost" in refusal
