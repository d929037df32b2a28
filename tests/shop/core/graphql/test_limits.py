"""``query_cost``: what a document would cost and how deep it goes, from the document alone."""

from __future__ import annotations

from graphql import parse

from shop.core.graphql.limits import query_cost


def test_cost_multiplies_by_page_size_from_literals_and_variables():
    literal = parse("{ products(first: 10) { edges { node { slug name } } } }")
    variable = parse("query($n: Int) { products(first: $n) { edges { node { slug name } } } }")

    assert query_cost(literal) == (1 + 10 * (1 + 1 + 2), 4)
    assert query_cost(variable, variables={"n": 10}) == query_cost(literal)


def test_a_connection_without_first_counts_as_a_full_page():
    assert query_cost(parse("{ products { edges { node { slug } } } }"))[0] == 1 + 100 * (1 + 1 + 1)


def test_fragments_are_expanded_and_cycles_cut():
    document = parse("""{ products(first: 2) { ...A } }
        fragment A on ProductConnection { edges { node { slug } } ...A }""")

    assert query_cost(document) == (1 + 2 * 3, 4)


def test_only_the_named_operation_is_measured():
    document = parse(
        "query Small { categories { slug } } query Big { products(first: 100) { edges { node { slug } } } }"
    )

    assert query_cost(document, operation_name="Small") == (2, 2)
