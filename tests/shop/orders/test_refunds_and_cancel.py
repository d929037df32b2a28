"""Refunds are idempotent by key (also concurrently, on PostgreSQL), never exceed what was paid; an unpaid
order is cancelled with its stock released."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connections

from shop.catalog.models import Stock
from shop.core.errors import ApplicationError
from shop.core.models import OutboxMessage
from shop.orders.models import Order, OrderStatus, Refund
from shop.orders.services import order_cancel, order_fulfil, order_refund, order_refund_quote
from tests.factories import UserFactory
from tests.shop.orders.helpers import SF, lines_of, paid_order

pytestmark = pytest.mark.django_db

S = OrderStatus


def test_the_same_key_twice_gives_the_same_refund_and_publishes_once():
    order = paid_order(2)
    line = lines_of(order)[0]
    first = order_refund(order=order, lines=[(line.pk, 1)], user=None, reason="damaged", idempotency_key="form-1")
    second = order_refund(order=order, lines=[(line.pk, 1)], user=None, reason="damaged", idempotency_key="form-1")
    assert first.pk == second.pk
    assert Refund.objects.count() == 1
    assert OutboxMessage.objects.filter(event="order.refunded").count() == 3  # email, royalties, gateway: once
    line.refresh_from_db()
    assert line.quantity_refunded == 1


def test_the_same_key_replayed_after_the_order_is_fully_refunded_still_returns_the_refund():
    order = paid_order(1)
    line = lines_of(order)[0]
    first = order_refund(order=order, lines=[(line.pk, 1)], user=None, idempotency_key="k")
    order.refresh_from_db()
    assert order.status == S.REFUNDED
    assert order_refund(order=order, lines=[(line.pk, 1)], user=None, idempotency_key="k").pk == first.pk


def test_a_key_used_for_other_lines_or_another_order_is_refused():
    order, other = paid_order(2), paid_order(1)
    line = lines_of(order)[0]
    order_refund(order=order, lines=[(line.pk, 1)], user=None, idempotency_key="k")
    for target, lines in ((order, [(line.pk, 2)]), (other, [(lines_of(other)[0].pk, 1)])):
        with pytest.raises(ApplicationError) as caught:
            order_refund(order=target, lines=lines, user=None, idempotency_key="k")
        assert caught.value.code == "IDEMPOTENCY_KEY_REUSED"
    assert Refund.objects.count() == 1


def test_refunding_more_than_paid_is_refused_and_changes_nothing():
    order = paid_order(2)
    line = lines_of(order)[0]
    order_refund(order=order, lines=[(line.pk, 1)], user=None)
    with pytest.raises(ApplicationError) as caught:
        order_refund(order=order, lines=[(line.pk, 2)], user=None)
    assert caught.value.code == "REFUND_EXCEEDS_PAID"
    assert Refund.objects.count() == 1
    assert sum(Refund.objects.values_list("amount", flat=True)) == Decimal("100.00")


def test_the_quote_is_what_the_refund_pays():
    order = paid_order(3, price="33.33")
    line = lines_of(order)[0]
    quote = order_refund_quote(order=order, lines=[(line.pk, 2)])
    assert quote.total.amount == Decimal("66.66")
    assert order_refund(order=order, lines=[(line.pk, 2)], user=None).amount == quote.total.amount
    assert order_refund_quote(order=order, lines=[(line.pk, 1)]).total.amount == Decimal("33.33")


def test_a_refund_of_a_shipped_order_takes_no_stock_back():
    order = paid_order(2)
    line = lines_of(order)[0]
    order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
    before = Stock.objects.get(variant_id=line.variant_id)
    order_refund(order=order, lines=[(line.pk, 1)], user=None, reason="goodwill")
    after = Stock.objects.get(variant_id=line.variant_id)
    assert (after.quantity, after.quantity_allocated) == (before.quantity, before.quantity_allocated)
    order.refresh_from_db()
    assert order.status == S.FULFILLED  # still shipped; the refunded amount shows beside it


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_refunds_sent_concurrently_make_one_refund(require_postgres):
    order = paid_order(2)
    line = lines_of(order)[0]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            refund = order_refund(
                order=Order(pk=order.pk), lines=[(line.pk, 1)], user=None, reason="twice", idempotency_key="same"
            )
            results.append(refund.pk)
        except Exception as exc:  # the bug this test looks for
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(results) == 2 and results[0] == results[1]
    assert Refund.objects.count() == 1
    line.refresh_from_db()
    assert line.quantity_refunded == 1
    assert OutboxMessage.objects.filter(event="order.refunded").count() == 3


def test_cancelling_an_unpaid_order_releases_its_stock_and_tells_the_customer(django_capture_on_commit_callbacks):
    from shop.checkout.services import checkout_complete
    from tests.factories import make_buyable_product
    from tests.shop.checkout.helpers import ready_checkout

    variant = make_buyable_product(stock=5)
    order = checkout_complete(checkout_token=ready_checkout(variant=variant, quantity=2).token).order
    assert Stock.objects.get(variant=variant).quantity_allocated == 2
    staff = UserFactory()
    order_cancel(order=order, user=staff, reason="customer phoned")
    order.refresh_from_db()
    assert order.status == S.CANCELLED and order.cancelled_at is not None
    assert Stock.objects.get(variant=variant).quantity_allocated == 0
    assert OutboxMessage.objects.filter(event="order.cancelled", kwargs__order_id=order.pk).exists()
    assert order.events.get(type="status_changed", data__to="cancelled").user == staff


def test_a_paid_order_cannot_be_cancelled():
    order = paid_order(1)
    with pytest.raises(ApplicationError) as caught:
        order_cancel(order=order)
    assert caught.value.code == "INVALID_TRANSITION"
    assert "Refund it instead" in caught.value.message
    order.refresh_from_db()
    assert order.status == S.PAID
