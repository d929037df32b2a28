"""Completion costs a bounded number of queries whatever the number of lines (benchmark guard)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.checkout.services import LineInput, checkout_complete, checkout_lines_add
from tests.factories import make_buyable_product
from tests.shop.checkout.helpers import ready_checkout

pytestmark = pytest.mark.django_db


def _queries_to_complete(lines: int) -> int:
    variants = [make_buyable_product() for _ in range(lines)]
    checkout = ready_checkout(variant=variants[0])
    if lines > 1:
        checkout_lines_add(checkout=checkout, lines=[LineInput(variant_id=v.pk, quantity=1) for v in variants[1:]])
    with CaptureQueriesContext(connection) as captured:
        checkout_complete(checkout_token=checkout.token)
    return len(captured)


def test_complete_query_count_grows_by_a_constant_per_line():
    one, three = _queries_to_complete(1), _queries_to_complete(3)
    per_line = (three - one) / 2
    assert per_line <= 4, (one, three)
    assert one <= 40, one
