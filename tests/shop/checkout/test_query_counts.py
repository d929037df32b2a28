"""The SQL a checkout costs, pinned (benchmark guard; bench/checkout.py measures the CPU).

Counted on PostgreSQL through Django's test client, with the outbox relayed after commit (the tasks are
queued on the broker, not run): a change that adds a statement to a hot path fails here and says which.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.checkout.services import LineInput, checkout_complete, checkout_lines_add
from shop.core.models import OutboxMessage
from tests.factories import make_buyable_product
from tests.shop.checkout.gql import gql
from tests.shop.checkout.helpers import ready_checkout

pytestmark = pytest.mark.django_db

CREATE = """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
  checkout { token totalPrice { amount currency } } errors { code message } } }"""
ADDRESS = """mutation($token: UUID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(token: $token, address: $address) { checkout { token } errors { code } } }"""
COMPLETE = """mutation($token: UUID!) { checkoutComplete(token: $token) {
  order { number status total { amount currency } } payment { gateway status payUrl } errors { code message } } }"""
SHIPPING = {
    "fullName": "王小明",
    "phone": "13800138000",
    "countryCode": "CN",
    "province": "四川省",
    "city": "成都市",
    "district": "青羊区",
    "streetAddress": "浣花南路251号",
    "postalCode": "610072",
}

# checkoutCreate (SAVEPOINT/RELEASE stand for the transaction's BEGIN/COMMIT in a test): SAVEPOINT; INSERT the
# checkout; the variant with product, design and stock; its licence usages with licences; INSERT the line;
# RELEASE; the lines for the answer's totalPrice.
CREATE_QUERIES = 7
# checkoutComplete: SAVEPOINT; the checkout, locked; its lines with variant, product, design and stock; usages
# with licences; licensor shares; DELETE lines and checkout; the order (SAVEPOINT, INSERT, RELEASE: a number
# collision is retried); INSERT lines, order event, outbox message, allocations, payment; the stock's
# conditional UPDATE … RETURNING (its lock taken last, held only to COMMIT); RELEASE. After commit: the intent
# stored (one conditional UPDATE) and the outbox relayed (one UPDATE … RETURNING claims the message).
COMPLETE_QUERIES = 19


def _graphql_checkout(client, variant_id: str) -> str:
    body = gql(
        client, CREATE, {"input": {"email": "shopper@example.com", "lines": [{"variantId": variant_id, "quantity": 1}]}}
    )
    return body["data"]["checkoutCreate"]["checkout"]["token"]


@pytest.mark.postgres
def test_checkout_create_and_complete_run_a_pinned_number_of_queries(
    require_postgres, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from graphene import Node

    variant = make_buyable_product(stock=5)
    variant_id = Node.to_global_id("ProductVariant", variant.pk)
    gql(client, "{ __typename }")  # the session and CSRF machinery's first-request work stays out

    with django_assert_num_queries(CREATE_QUERIES), django_capture_on_commit_callbacks(execute=True):
        token = _graphql_checkout(client, variant_id)
    gql(client, ADDRESS, {"token": token, "address": SHIPPING})
    with django_assert_num_queries(COMPLETE_QUERIES), django_capture_on_commit_callbacks(execute=True):
        body = gql(client, COMPLETE, {"token": token})

    done = body["data"]["checkoutComplete"]
    assert done["errors"] == [] and done["order"]["status"] == "UNPAID", body
    assert done["payment"]["payUrl"]
    queued = OutboxMessage.objects.get(event="order.placed")
    assert queued.sent_at is not None and queued.done_at is None, "the task is queued, not run"
    variant.stock.refresh_from_db()
    assert variant.stock.quantity_allocated == 1


def _queries_to_complete(lines: int) -> int:
    variants = [make_buyable_product() for _ in range(lines)]
    checkout = ready_checkout(variant=variants[0])
    if lines > 1:
        checkout_lines_add(checkout=checkout, lines=[LineInput(variant_id=v.pk, quantity=1) for v in variants[1:]])
    with CaptureQueriesContext(connection) as captured:
        checkout_complete(checkout_token=checkout.token)
    return len(captured)


def test_complete_grows_by_one_statement_per_extra_stock_row_only():
    # Lines, allocations and snapshots are written in bulk; each stock row is one conditional UPDATE.
    assert _queries_to_complete(3) == _queries_to_complete(1) + 2
