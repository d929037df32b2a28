"""The stock row of a completion: refused from the last committed state when sold out (no write, no lock),
otherwise written by the statement that also commits (one round trip), and refused whole when another
order took the units between the check and that write."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from shop.catalog.models import Stock
from shop.checkout.models import Checkout
from shop.checkout.services import checkout_complete
from shop.core.errors import ValidationFailed
from shop.core.models import OutboxMessage
from shop.orders.models import Allocation, Order, OrderStatus
from shop.payments.models import Payment
from tests.factories import make_buyable_product
from tests.shop.checkout.helpers import ready_checkout


def _in_another_connection(change) -> None:
    """Run ``change`` in its own thread (so its own connection) and commit it, as another order would."""

    def run():
        try:
            change()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)


def _take(variant, units: int) -> None:
    _in_another_connection(
        lambda: Stock.objects.filter(variant=variant).update(quantity_allocated=F("quantity_allocated") + units)
    )


def _writes(captured) -> list[str]:
    return [q["sql"] for q in captured if q["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]


@pytest.mark.django_db
def test_a_sold_out_variant_is_refused_without_a_write_or_its_row_lock(settings):
    settings.PAYMENT_GATEWAY = "dummy"
    variant = make_buyable_product(stock=1)
    first = ready_checkout(variant=variant, email="first@example.com")
    late = ready_checkout(variant=variant, email="late@example.com")
    checkout_complete(checkout_token=first.token)

    with CaptureQueriesContext(connection) as captured, pytest.raises(ValidationFailed) as refused:
        checkout_complete(checkout_token=late.token)

    [error] = refused.value.errors
    assert error.code == "INSUFFICIENT_STOCK" and str(error) == f"Only 0 of {variant.sku} left in stock."
    assert _writes(captured) == [], "a sold-out variant is refused before anything is written"
    assert not [q for q in captured if "FOR UPDATE" in q["sql"] and '"catalog_stock"' in q["sql"]]
    assert Checkout.objects.filter(pk=late.pk).exists()
    assert Stock.objects.get(variant=variant).quantity_allocated == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_stock_write_commits_the_order_in_the_same_round_trip(require_postgres, settings):
    settings.PAYMENT_GATEWAY = "dummy"
    variant = make_buyable_product(stock=3)
    checkout = ready_checkout(variant=variant)

    with CaptureQueriesContext(connection) as captured:
        result = checkout_complete(checkout_token=checkout.token)

    sql = [q["sql"] for q in captured]
    [write] = [i for i, statement in enumerate(sql) if statement.startswith('UPDATE "catalog_stock"')]
    assert "; COMMIT;" in sql[write], sql[write]
    # Django then logs its own COMMIT, which psycopg does not send (the connection is no longer in a transaction).
    assert sql[write + 1] == "COMMIT"
    assert not any(statement.startswith(("INSERT", "DELETE")) for statement in sql[write + 1 :])
    assert connection.connection.info.transaction_status == 0  # idle: nothing left open
    assert result.order.status == OrderStatus.UNPAID and result.payment is not None
    assert Stock.objects.get(variant=variant).quantity_allocated == 1
    assert Allocation.objects.get(order_line__order=result.order).quantity == 1
    assert OutboxMessage.objects.filter(event="order.placed", kwargs__order_id=result.order.pk).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_units_taken_between_the_check_and_the_write_refuse_the_whole_order(require_postgres, settings, monkeypatch):
    """The check passed on the last committed stock; another order then took the unit before this one's
    write: the constraint refuses the write, nothing of the order is committed, and the shopper is told
    what is left."""
    from shop.checkout.services import completion

    settings.PAYMENT_GATEWAY = "dummy"
    variant = make_buyable_product(stock=1)
    checkout = ready_checkout(variant=variant)
    original = completion.order_place

    def taken_meanwhile(**kwargs):
        _take(variant, 1)
        return original(**kwargs)

    monkeypatch.setattr(completion, "order_place", taken_meanwhile)
    with pytest.raises(ValidationFailed) as refused:
        checkout_complete(checkout_token=checkout.token)

    [error] = refused.value.errors
    assert error.code == "INSUFFICIENT_STOCK" and str(error) == f"Only 0 of {variant.sku} left in stock."
    assert Stock.objects.get(variant=variant).quantity_allocated == 1  # the other order's unit only
    assert Checkout.objects.filter(pk=checkout.pk).exists()
    assert not Order.objects.exists() and not Payment.objects.exists() and not Allocation.objects.exists()
    assert not OutboxMessage.objects.filter(event="order.placed").exists()
    assert connection.connection.info.transaction_status == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_units_released_again_before_the_answer_let_the_completion_retry(require_postgres, settings, monkeypatch):
    """Refused at the write, but by the time the free units are read another order gave its unit back (it
    expired): the completion runs again and places the order, once."""
    from shop.checkout.services import completion

    settings.PAYMENT_GATEWAY = "dummy"
    variant = make_buyable_product(stock=1)
    checkout = ready_checkout(variant=variant)
    original_place, original_free = completion.order_place, completion.stock_free
    calls = {"place": 0}

    def taken_once(**kwargs):
        calls["place"] += 1
        if calls["place"] == 1:
            _take(variant, 1)
        return original_place(**kwargs)

    def released_before_reading(variant_ids):
        _take(variant, -1)
        return original_free(variant_ids)

    monkeypatch.setattr(completion, "order_place", taken_once)
    monkeypatch.setattr(completion, "stock_free", released_before_reading)
    result = checkout_complete(checkout_token=checkout.token)

    assert calls["place"] == 2
    assert result.order.status == OrderStatus.UNPAID
    assert Order.objects.count() == 1 and Payment.objects.count() == 1
    assert Stock.objects.get(variant=variant).quantity_allocated == 1
    assert not Checkout.objects.filter(pk=checkout.pk).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_over_graphql_the_stock_write_commits_too(require_postgres, client, settings):
    """The mutation is not wrapped in a transaction of its own (no ATOMIC_MUTATIONS, no ATOMIC_REQUESTS), so the
    shopper's request takes the one-round-trip commit, not the nested fallback."""
    from tests.shop.checkout.gql import gql
    from tests.shop.checkout.test_query_counts import COMPLETE

    settings.PAYMENT_GATEWAY = "dummy"
    variant = make_buyable_product(stock=2)
    checkout = ready_checkout(variant=variant)

    with CaptureQueriesContext(connection) as captured:
        body = gql(client, COMPLETE, {"token": str(checkout.token)})

    assert body["data"]["checkoutComplete"]["errors"] == [], body
    assert [q["sql"] for q in captured if "; COMMIT;" in q["sql"] and '"catalog_stock"' in q["sql"]]
    assert Stock.objects.get(variant=variant).quantity_allocated == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_order_number_already_taken_places_the_order_again_under_a_new_one(require_postgres, settings, monkeypatch):
    """In its own transaction the order is inserted without a savepoint (two round trips fewer): a number collision
    rolls the whole completion back, and it runs again with a fresh number."""
    from shop.orders.services import placement

    settings.PAYMENT_GATEWAY = "dummy"
    variant = make_buyable_product(stock=3)
    first = checkout_complete(checkout_token=ready_checkout(variant=variant, email="a@example.com").token).order
    checkout = ready_checkout(variant=variant, email="b@example.com")
    numbers = iter([first.number, "BC2222222222"])
    monkeypatch.setattr(placement, "order_number_new", lambda: next(numbers))

    with CaptureQueriesContext(connection) as captured:
        second = checkout_complete(checkout_token=checkout.token).order

    assert second.number == "BC2222222222"
    assert not [q for q in captured if q["sql"].startswith("SAVEPOINT")]
    assert Order.objects.count() == 2 and Payment.objects.count() == 2
    assert Stock.objects.get(variant=variant).quantity_allocated == 2
    assert Allocation.objects.filter(order_line__order=second).count() == 1
