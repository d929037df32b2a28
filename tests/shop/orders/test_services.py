from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from shop.catalog.models import Stock
from shop.checkout.services import checkout_complete
from shop.core.errors import ApplicationError
from shop.core.models import OutboxMessage
from shop.orders.models import Order, OrderEvent, OrderStatus
from shop.orders.services import (
    ORDER_TRANSITIONS,
    order_cancel,
    order_email_send,
    order_expire_due,
    order_fulfil,
    order_mark_paid,
    order_refund,
    refund_email_send,
)
from tests.factories import make_buyable_product
from tests.outbox_helpers import outbox_run
from tests.shop.checkout.helpers import ready_checkout

pytestmark = pytest.mark.django_db

S = OrderStatus


def _order(*, quantity=1, price="128.00", stock=10, email="shopper@example.com") -> Order:
    variant = make_buyable_product(price=price, stock=stock)
    return checkout_complete(checkout_token=ready_checkout(variant=variant, quantity=quantity, email=email).token).order


def _stock(order: Order) -> Stock:
    return Stock.objects.get(variant_id=order.lines.get().variant_id)


def test_every_status_has_an_entry_in_the_transition_map():
    assert set(ORDER_TRANSITIONS) == set(OrderStatus.values)
    assert ORDER_TRANSITIONS[S.REFUNDED] == frozenset()


def test_mark_paid_records_event_and_queues_the_paid_email():
    order = _order()
    order = order_mark_paid(order=order, payment_id=42)
    assert order.status == S.PAID and order.paid_at is not None
    event = OrderEvent.objects.get(order=order, key=f"paid:{order.pk}")
    assert event.data["payment_id"] == 42
    assert OutboxMessage.objects.filter(kwargs={"order_id": order.pk, "kind": "paid"}).count() == 1


def test_mark_paid_twice_changes_nothing():
    order = order_mark_paid(order=_order())
    paid_at = order.paid_at
    before = (OutboxMessage.objects.count(), OrderEvent.objects.count())
    again = order_mark_paid(order=order)
    assert again.status == S.PAID and again.paid_at == paid_at
    assert (OutboxMessage.objects.count(), OrderEvent.objects.count()) == before


def test_mark_paid_refuses_a_cancelled_order():
    order = order_cancel(order=_order())
    with pytest.raises(ApplicationError) as exc_info:
        order_mark_paid(order=order)
    assert exc_info.value.code == "INVALID_TRANSITION"
    order.refresh_from_db()
    assert order.status == S.CANCELLED


def test_unpaid_orders_expire_after_the_ttl_and_release_stock():
    order = _order(quantity=3)
    assert _stock(order).quantity_allocated == 3
    assert order_expire_due() == 0  # not due yet
    assert order_expire_due(now=timezone.now() + timedelta(minutes=31)) == 0  # expires_at is checked on the row
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert order_expire_due() == 1
    order.refresh_from_db()
    assert order.status == S.EXPIRED
    assert _stock(order).quantity_allocated == 0
    assert order_expire_due() == 0  # idempotent


def test_expiry_uses_the_configured_ttl(settings):
    settings.ORDER_UNPAID_TTL_MINUTES = 5
    order = _order()
    assert timedelta(minutes=4) < order.expires_at - order.created_at <= timedelta(minutes=5)


def test_paid_orders_never_expire():
    order = order_mark_paid(order=_order())
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert order_expire_due() == 0
    assert _stock(order).quantity_allocated == 1


def test_a_payment_after_expiry_revives_the_order_when_stock_allows():
    order = _order(quantity=2, stock=2)
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    order_expire_due()
    order = order_mark_paid(order=order)
    assert order.status == S.PAID
    assert _stock(order).quantity_allocated == 2


def test_a_payment_after_expiry_is_refused_when_the_stock_was_sold_meanwhile():
    order = _order(quantity=2, stock=2)
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    order_expire_due()
    variant_id = order.lines.get().variant_id
    from shop.catalog.models import ProductVariant

    checkout_complete(
        checkout_token=ready_checkout(variant=ProductVariant.objects.get(pk=variant_id), quantity=2).token
    )
    with pytest.raises(ApplicationError) as exc_info:
        order_mark_paid(order=order)
    assert exc_info.value.code == "INSUFFICIENT_STOCK"
    order.refresh_from_db()
    assert order.status == S.EXPIRED
    assert _stock(order).quantity_allocated == 2


def test_fulfil_takes_the_units_out_of_stock():
    order = order_mark_paid(order=_order(quantity=2, stock=5))
    order_fulfil(order=order, lines=None, carrier="sf", tracking_number="SF1234567890123")
    stock = _stock(order)
    assert (stock.quantity, stock.quantity_allocated) == (3, 0)


def test_fulfilling_an_unpaid_order_is_an_invalid_transition():
    with pytest.raises(ApplicationError) as exc_info:
        order_fulfil(order=_order(), lines=None, carrier="sf", tracking_number="SF1234567890123")
    assert exc_info.value.code == "INVALID_TRANSITION"


def test_partial_then_full_refund_amounts_sum_to_the_line_total():
    order = order_mark_paid(order=_order(quantity=3, price="10.00"))
    line = order.lines.get()
    first = order_refund(order=order, lines=[(line.pk, 1)], user=None)
    order.refresh_from_db()
    assert (first.amount, order.status) == (Decimal("10.00"), S.PARTIALLY_REFUNDED)
    second = order_refund(order=order, lines=[(line.pk, 2)], user=None)
    order.refresh_from_db()
    assert first.amount + second.amount == Decimal("30.00")
    assert order.status == S.REFUNDED
    assert _stock(order).quantity_allocated == 0  # not shipped: the units went back on sale


def test_refund_rounding_gives_the_remainder_to_the_last_refund():
    order = order_mark_paid(order=_order(quantity=3, price="33.33"))  # 99.99
    line = order.lines.get()
    amounts = [order_refund(order=order, lines=[(line.pk, 1)], user=None).amount for _ in range(3)]
    assert amounts == [Decimal("33.33"), Decimal("33.33"), Decimal("33.33")]
    assert sum(amounts) == Decimal("99.99")


@pytest.mark.parametrize("quantity", [0, -1, 4])
def test_refund_refuses_bad_quantities_and_writes_nothing(quantity):
    order = order_mark_paid(order=_order(quantity=3))
    line = order.lines.get()
    with pytest.raises(ApplicationError):
        order_refund(order=order, lines=[(line.pk, quantity)], user=None)
    order.refresh_from_db()
    assert order.status == S.PAID and not order.refunds.exists()
    line.refresh_from_db()
    assert line.quantity_refunded == 0


def test_refund_refuses_a_line_of_another_order_and_unpaid_orders():
    paid = order_mark_paid(order=_order())
    other = _order()
    with pytest.raises(ApplicationError) as exc_info:
        order_refund(order=paid, lines=[(other.lines.get().pk, 1)], user=None)
    assert exc_info.value.code == "NOT_FOUND"
    with pytest.raises(ApplicationError) as exc_info:
        order_refund(order=other, lines=[(other.lines.get().pk, 1)], user=None)
    assert exc_info.value.code == "INVALID_TRANSITION"


def test_refund_queues_the_refund_email_and_the_gateway_refund():
    order = order_mark_paid(order=_order())
    refund = order_refund(order=order, lines=[(order.lines.get().pk, 1)], user=None)
    names = set(OutboxMessage.objects.filter(kwargs={"refund_id": refund.pk}).values_list("task_name", flat=True))
    assert "worker.tasks.orders.refund_email_task" in names
    assert "worker.tasks.payments.payment_refund_task" in names  # payments ships that task


def test_each_email_is_sent_exactly_once():
    order = order_mark_paid(order=_order())
    assert order_email_send(order_id=order.pk, kind="paid") is True
    assert order_email_send(order_id=order.pk, kind="paid") is False
    assert order_email_send(order_id=order.pk, kind="placed") is True
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 2
    assert any("confirmed" in s for s in subjects)
    refund = order_refund(order=order, lines=[(order.lines.get().pk, 1)], user=None)
    assert refund_email_send(refund_id=refund.pk) is True
    assert refund_email_send(refund_id=refund.pk) is False
    assert len(mail.outbox) == 3
    assert mail.outbox[-1].to == ["shopper@example.com"]


def test_emails_follow_the_order_language():
    variant = make_buyable_product()
    checkout = ready_checkout(variant=variant)
    checkout.language_code = "zh-hans"
    checkout.save()
    order = order_mark_paid(order=checkout_complete(checkout_token=checkout.token).order)
    order_email_send(order_id=order.pk, kind="paid")
    assert order.lines.get().product_name_zh in mail.outbox[0].body


def test_the_outbox_runs_the_email_tasks_through_celery():
    order = order_mark_paid(order=_order())
    outbox_run(task_name="worker.tasks.orders.order_email_task")
    outbox_run(task_name="worker.tasks.orders.order_email_task")
    assert sorted(m.subject.split()[0] for m in mail.outbox) == ["Order", "Order"]
    assert len(mail.outbox) == 2  # placed + paid, once each
    assert OrderEvent.objects.filter(order=order, type="email_sent").count() == 2


def test_embedded_demo_mode_runs_queued_work_in_process(settings, django_capture_on_commit_callbacks):
    """Without a broker (CELERY_TASK_ALWAYS_EAGER) the outbox runs its tasks right after commit."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        order = _order()
    with django_capture_on_commit_callbacks(execute=True):
        order_mark_paid(order=order)
    assert len(mail.outbox) == 2
    assert not OutboxMessage.objects.filter(done_at__isnull=True).exists()


def test_mark_paid_queues_the_royalty_task_when_it_is_deployed():
    order = order_mark_paid(order=_order())
    assert OutboxMessage.objects.filter(
        task_name="worker.tasks.royalties.royalty_record_order_task", kwargs={"order_id": order.pk}
    ).exists()


def test_stock_allocate_takes_every_row_or_none_and_names_each_short_variant():
    from django.db import transaction

    from shop.orders.errors import InsufficientStock
    from shop.orders.services import stock_allocate

    plenty, scarce, none_left = (make_buyable_product(stock=n) for n in (5, 1, 0))

    with pytest.raises(InsufficientStock) as refused, transaction.atomic():
        stock_allocate(quantities={plenty.pk: 2, scarce.pk: 2, none_left.pk: 1})

    assert refused.value.shortages == {scarce.pk: 1, none_left.pk: 0}
    for variant in (plenty, scarce, none_left):
        variant.stock.refresh_from_db()
        assert variant.stock.quantity_allocated == 0, "the rows written before the short one were given back"
    with transaction.atomic():
        taken = stock_allocate(quantities={plenty.pk: 5, scarce.pk: 1})
    assert taken == {plenty.pk: plenty.stock.pk, scarce.pk: scarce.stock.pk}
    plenty.stock.refresh_from_db()
    assert plenty.stock.quantity_available == 0
