"""Walking a product list page by page returns every product once, in order, whatever the page size."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_buyable_product
from tests.shop.core.graphql.client import graphql_post

PAGE = """query($first: Int, $after: String, $sortBy: ProductSortingInput) {
  products(first: $first, after: $after, sortBy: $sortBy) {
    pageInfo { hasNextPage endCursor } edges { node { slug } } } }"""


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    page_size=st.integers(min_value=1, max_value=8),
    field=st.sampled_from(["NAME", "PRICE", "CREATED"]),
    direction=st.sampled_from(["ASC", "DESC"]),
)
def test_pages_concatenate_to_the_whole_list(client, page_size, field, direction):
    if not hasattr(client, "_catalogue"):
        # Equal prices on purpose: ties must be broken the same way on every page.
        for index, price in enumerate(["30.00", "10.00", "30.00", "20.00", "10.00", "30.00", "40.00"]):
            make_buyable_product(slug=f"p{index}", price=price, name_en=f"Name {index % 3}")
        client._catalogue = True
    sort = {"field": field, "direction": direction}
    _, whole = graphql_post(client, PAGE, {"first": 100, "sortBy": sort})
    expected = [edge["node"]["slug"] for edge in whole["data"]["products"]["edges"]]

    walked, after = [], None
    while True:
        status, body = graphql_post(client, PAGE, {"first": page_size, "after": after, "sortBy": sort})
        assert status == 200, body
        page = body["data"]["products"]
        walked += [edge["node"]["slug"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert walked == expected
    assert sorted(walked) == [f"p{index}" for index in range(7)]
