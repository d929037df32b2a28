"""Parsed and validated documents are cached per process: a repeated query is neither parsed nor validated."""

from __future__ import annotations

import uuid

import pytest

from shop.core.graphql import documents
from tests.factories import ProductFactory, VariantFactory
from tests.shop.core.graphql.client import error_codes, graphql_post

pytestmark = pytest.mark.django_db

BY_SLUG = "query Product($slug: String!) { product(slug: $slug) { slug name } }"


@pytest.fixture
def counted(monkeypatch):
    """Counts the real ``parse`` and ``validate`` calls the cache makes (they still run)."""
    calls = {"parse": 0, "validate": 0}
    for name in calls:
        real = getattr(documents, name)

        def counting(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(documents, name, counting)
    documents.document_cache_clear()
    yield calls
    documents.document_cache_clear()


def _unique(query: str) -> str:
    return f"{query} # {uuid.uuid4()}"  # a comment makes a text of its own, the cache's key


def test_a_repeated_document_is_parsed_and_validated_once_and_answers_each_variables(client, counted):
    for slug in ("bowl", "cup"):
        VariantFactory(product=ProductFactory(slug=slug))
    query = _unique(BY_SLUG)

    answers = [graphql_post(client, query, {"slug": slug}) for slug in ("bowl", "cup", "bowl")]

    assert [body["data"]["product"]["slug"] for _, body in answers] == ["bowl", "cup", "bowl"]
    assert counted == {"parse": 1, "validate": 1}


def test_an_invalid_document_is_refused_from_the_cache_with_the_same_errors(client, counted):
    query = _unique("{ products(first: 1) { edges { node { noSuchField } } } }")

    first = graphql_post(client, query)
    second = graphql_post(client, query)

    assert first[0] == second[0] == 400
    assert error_codes(first[1]) == error_codes(second[1]) == ["INVALID"]
    assert first[1]["errors"][0]["message"] == second[1]["errors"][0]["message"]
    assert "noSuchField" in first[1]["errors"][0]["message"]
    assert counted == {"parse": 1, "validate": 1}


def test_a_document_that_does_not_parse_is_refused_every_time_and_not_kept(client, counted):
    query = _unique("{ products(first: 1) { edges ")

    for _ in range(2):
        status, body = graphql_post(client, query)
        assert status == 400
        assert error_codes(body) == ["INVALID"]
        assert "Syntax Error" in body["errors"][0]["message"]
    assert documents.document_cache_size() == 0
    assert counted["validate"] == 0


def test_the_cache_keeps_at_most_its_size_dropping_the_least_recently_used(monkeypatch, counted):
    monkeypatch.setattr(documents._cache, "size", 3)
    texts = [_unique("{ __typename }") for _ in range(4)]

    for text in texts[:3]:
        documents.document_parse(text)
    documents.document_parse(texts[0])  # used again: the second is now the oldest
    documents.document_parse(texts[3])

    assert documents.document_cache_size() == 3
    parsed = counted["parse"]
    documents.document_parse(texts[0])
    documents.document_parse(texts[2])
    assert counted["parse"] == parsed, "recently used documents stay"
    documents.document_parse(texts[1])
    assert counted["parse"] == parsed + 1, "the least recently used one was dropped"


def test_over_complex_documents_are_still_refused_when_cached(client, counted):
    query = _unique(
        "{ products(first: 100) { edges { node { museums { relics(first: 100) { edges { node { slug name period } } } "
        "} } } } }"
    )

    for _ in range(2):
        status, body = graphql_post(client, query)
        assert status == 400
        assert error_codes(body) == ["QUERY_TOO_COMPLEX"]
