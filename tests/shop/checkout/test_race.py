"""Concurrent completion on PostgreSQL: never sell beyond stock, never error."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from shop.catalog.models import Stock
from shop.checkout.services import checkout_complete
from shop.core.errors import ValidationFailed
from shop.orders.models import Order
from tests.factories import make_buyable_product
from tests.shop.checkout.helpers import ready_checkout

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_fifty_concurrent_completions_sell_exactly_the_stock(require_postgres, settings):
    settings.PAYMENT_GATEWAY = "dummy"
    variant = make_buyable_product(stock=10)
    tokens = [ready_checkout(variant=variant, email=f"racer{i}@example.com").token for i in range(50)]
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(tokens))

    def shopper(token):
        try:
            barrier.wait()
            try:
                checkout_complete(checkout_token=token)
                outcome = "order"
            except ValidationFailed as exc:
                outcome = ",".join(error.code for error in exc.errors)
            except Exception as exc:  # any other exception is the bug this test looks for
                outcome = f"exception: {exc!r}"
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()  # each thread has its own connection; give it back

    threads = [threading.Thread(target=shopper, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert connection.vendor == "postgresql"
    assert len(outcomes) == 50
    assert outcomes.count("order") == 10, outcomes
    assert outcomes.count("INSUFFICIENT_STOCK") == 40, outcomes
    stock = Stock.objects.get(variant=variant)
    assert stock.quantity_allocated == 10
    assert stock.quantity_available == 0
    assert Order.objects.count() == 10
    assert sum(o.lines.get().quantity for o in Order.objects.all()) == 10


def test_concurrent_multi_line_completions_in_opposite_orders_do_not_deadlock(require_postgres):
    """Two variants bought by shoppers who added them in opposite orders: rows are locked in id
    order, so nobody deadlocks and exactly the stock is sold."""
    from shop.checkout.services import LineInput, checkout_lines_add

    first = make_buyable_product(stock=5)
    second = make_buyable_product(stock=5)
    tokens = []
    for i in range(12):
        a, b = (first, second) if i % 2 else (second, first)
        checkout = ready_checkout(variant=a, email=f"pair{i}@example.com")
        checkout_lines_add(checkout=checkout, lines=[LineInput(variant_id=b.pk, quantity=1)])
        tokens.append(checkout.token)
    outcomes: list[str] = []
    barrier = threading.Barrier(len(tokens))

    def shopper(token):
        try:
            barrier.wait()
            try:
                checkout_complete(checkout_token=token)
                outcomes.append("order")
            except ValidationFailed as exc:
                outcomes.append(",".join(sorted({e.code for e in exc.errors})))
            except Exception as exc:
                outcomes.append(f"exception: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=shopper, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert outcomes.count("order") == 5, outcomes
    assert outcomes.count("INSUFFICIENT_STOCK") == 7, outcomes
    for variant in (first, second):
        assert Stock.objects.get(variant=variant).quantity_allocated == 5
