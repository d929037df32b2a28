"""The order list: filters, counts per status, and a fixed number of SQL queries whatever the page size."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shop.accounts.roles import Role
from shop.operations.forms import SORT_CHOICES
from shop.orders.selectors import ORDER_SORTS
from shop.orders.services import fulfillment_mark_delivered, order_fulfil, order_refund, return_request_create
from tests.factories import UserFactory
from tests.shop.orders.helpers import SF, lines_of, paid_orders

pytestmark = pytest.mark.django_db

# session, user, roles, museums (the filter's choices), COUNT (the pager), the page, the counts per status.
ORDER_LIST_QUERIES = 7


def _numbers(response) -> list[str]:
    return [row.number for row in response.context["page"].object_list]


@pytest.fixture
def ops_client(client):
    client.force_login(UserFactory(roles=[Role.OPERATIONS]))
    return client


def test_the_order_list_costs_the_same_queries_for_25_and_100_orders_a_page(ops_client, django_assert_num_queries):
    orders = paid_orders(110)
    for index, order in enumerate(orders):
        if index % 3 == 0:
            parcel = order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
            if index % 2 == 0:
                fulfillment_mark_delivered(fulfillment=parcel)
                return_request_create(order=order, lines=[(lines_of(order)[0].pk, 1)], reason="Too small")
        elif index % 5 == 0:
            order_refund(order=order, lines=[(lines_of(order)[0].pk, 1)], user=None, reason="out of stock")
    url = reverse("operations:order-list")
    ops_client.get(url)  # a first visit's one-off bookkeeping stays out of the count
    for per in (25, 100):
        with django_assert_num_queries(ORDER_LIST_QUERIES):
            response = ops_client.get(url, {"per": per, "sort": "total_high"})
        assert response.status_code == 200 and len(_numbers(response)) == per
        assert response.content.decode().count('data-testid="order-row"') == per


def test_filters_tabs_and_search(ops_client):
    shipped, waiting, refunded = paid_orders(3)
    order_fulfil(order=shipped, lines=None, carrier="sf", tracking_number=SF)
    order_refund(order=refunded, lines=[(lines_of(refunded)[0].pk, lines_of(refunded)[0].quantity)], user=None)
    url = reverse("operations:order-list")
    assert set(_numbers(ops_client.get(url))) == {shipped.number, waiting.number, refunded.number}
    assert _numbers(ops_client.get(url, {"status": "to_ship"})) == [waiting.number]
    assert _numbers(ops_client.get(url, {"status": "fulfilled"})) == [shipped.number]
    assert _numbers(ops_client.get(url, {"q": waiting.email})) == [waiting.number]
    assert _numbers(ops_client.get(url, {"q": shipped.number.lower()})) == [shipped.number]
    tabs = {key: count for key, _label, count in ops_client.get(url).context["tabs"]}
    assert (tabs[""], tabs["to_ship"], tabs["fulfilled"], tabs["refunded"]) == (3, 1, 1, 1)


def test_bad_filter_values_are_form_errors_not_failures(ops_client):
    paid_orders(1)
    response = ops_client.get(
        reverse("operations:order-list"),
        {"paid_from": "2026-13-45", "per": "7", "status": "nonsense", "paid_to": "x", "page": "zz"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(_numbers(response)) == 1  # the list stays unfiltered


def test_every_sort_has_a_label():
    assert {key for key, _label in SORT_CHOICES} == set(ORDER_SORTS)
