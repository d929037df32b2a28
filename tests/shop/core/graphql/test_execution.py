"""The fast execution answers exactly as graphql-core does: values, nulls, errors and their paths."""

from __future__ import annotations

from decimal import Decimal

import graphene
import pytest
from graphql import ExecutionContext, execute, parse

from shop.core.graphql.execution import ShopExecutionContext, never_awaitable


class Item(graphene.ObjectType):
    name = graphene.String(required=True)
    nickname = graphene.String()
    price = graphene.Decimal(required=True)
    count = graphene.Int()
    shout = graphene.String(required=True)
    child = graphene.Field(lambda: Item)

    @staticmethod
    def resolve_shout(root, info):
        return root.name.upper()


class Query(graphene.ObjectType):
    items = graphene.List(Item)

    @staticmethod
    def resolve_items(root, info):
        return [
            Row(name="bowl", nickname=None, price=Decimal("88.00"), count=3, child=Row(name="lid")),
            {"name": "cup", "nickname": "mug", "price": Decimal("12.50"), "count": "not a number", "child": None},
            Row(name=None, nickname="nameless", price=Decimal("1.00"), count=1),
        ]


class Row:
    def __init__(self, **fields) -> None:
        self.__dict__.update({"nickname": None, "price": Decimal("0"), "count": None, "child": None, **fields})


SCHEMA = graphene.Schema(query=Query).graphql_schema
DOCUMENT = parse("{ items { name nickname price count shout child { name shout } } }")


def _run(context_class) -> tuple[dict | None, list[tuple[str, list]]]:
    result = execute(SCHEMA, DOCUMENT, execution_context_class=context_class, is_awaitable=never_awaitable)
    return result.data, sorted((error.message, error.path) for error in result.errors or [])


@pytest.mark.parametrize("repeat", [1, 2])
def test_results_and_errors_are_graphql_cores(repeat):
    for _ in range(repeat):  # plans are per request: a second run plans again
        fast = _run(ShopExecutionContext)
    reference = _run(ExecutionContext)

    assert fast == reference
    data, errors = fast
    assert data["items"][0] == {
        "name": "bowl",
        "nickname": None,
        "price": "88.00",
        "count": 3,
        "shout": "BOWL",
        "child": {"name": "lid", "shout": "LID"},
    }
    assert data["items"][2] is None, "a null for a non-null field nulls its parent"
    # A dict's row has no ``.name`` for the custom resolver; "not a number" is no Int; the third has no name.
    assert sorted(path for _, path in errors) == [["items", 1, "count"], ["items", 1, "shout"], ["items", 2, "name"]]
    assert data["items"][1] is None
