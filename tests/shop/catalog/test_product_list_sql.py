"""A page of products computes prices, stock and licence state for its own rows only; its COUNT for none."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.catalog.selectors import product_list
from tests.factories import ProductFactory, VariantFactory

pytestmark = pytest.mark.django_db


def _products(count: int) -> None:
    for _ in range(count):
        product = ProductFactory()
        VariantFactory(product=product)
        VariantFactory(product=product)


def _subplan_loops(plan: dict) -> list[int]:
    """How often each correlated subquery of the plan ran."""
    loops = []
    if plan.get("Parent Relationship") == "SubPlan":
        loops.append(plan["Actual Loops"])
    for child in plan.get("Plans", []):
        loops += _subplan_loops(child)
    return loops


@pytest.mark.postgres
def test_a_page_annotates_only_its_own_rows(require_postgres):
    _products(30)
    page = product_list()[:5]
    sql, params = page.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan

    loops = _subplan_loops(plan[0]["Plan"])
    assert loops, "prices and stock are correlated subqueries"
    # Each runs once per row of the page, not once per product (the licence check may run once in all).
    assert max(loops) <= 5, loops


def test_the_count_leaves_the_annotations_out():
    _products(3)

    with CaptureQueriesContext(connection) as captured:
        assert product_list().count() == 3

    (count,) = captured.captured_queries
    assert "catalog_stock" not in count["sql"] and "price_amount" not in count["sql"], count["sql"]
