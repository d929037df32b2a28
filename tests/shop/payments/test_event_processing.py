"""Processing stored events: the handlers by type, refusals that change nothing, idempotency."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from shop.core.models import OutboxMessage
from shop.orders.models import OrderStatus
from shop.payments.models import PaymentEvent, PaymentStatus
from shop.payments.services import (
    payment_create_for_order,
    payment_event_process,
    payment_event_requeue_unprocessed,
)
from shop.royalties.periods import period_of
from tests.outbox_helpers import outbox_run
from tests.shop.payments.conftest import post_event
from tests.shop.payments.factories import OrderFactory
from tests.stripe_stub import event as stripe_event

pytestmark = pytest.mark.django_db

PROCESS_TASK = "worker.tasks.payments.payment_event_process_task"


@pytest.fixture
def payment(stripe_api, unpaid_order):
    return payment_create_for_order(order=unpaid_order)


def deliver(client, event: dict, capture) -> PaymentEvent:
    """Deliver ``event`` through the webhook and run its processing task; the stored event."""
    with capture(execute=True):
        assert post_event(client, event).status_code == 200
        outbox_run(task_name=PROCESS_TASK)
    return PaymentEvent.objects.get(event_id=event["id"])


def test_amount_mismatch_is_recorded_and_the_order_stays_unpaid(
    client, stripe_api, payment, django_capture_on_commit_callbacks
):
    event = stripe_api.succeed(payment.intent_id, amount_received=payment.amount_minor - 1)

    stored = deliver(client, event, django_capture_on_commit_callbacks)

    assert stored.error.startswith("AMOUNT_MISMATCH")
    assert stored.processed_at is not None
    payment.refresh_from_db()
    payment.order.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert payment.order.status == OrderStatus.UNPAID


def test_currency_mismatch_is_recorded_and_the_order_stays_unpaid(
    client, stripe_api, payment, django_capture_on_commit_callbacks
):
    event = stripe_api.succeed(payment.intent_id)
    event["data"]["object"]["currency"] = "usd"

    stored = deliver(client, event, django_capture_on_commit_callbacks)

    assert stored.error.startswith("AMOUNT_MISMATCH")
    payment.order.refresh_from_db()
    assert payment.order.status == OrderStatus.UNPAID


def test_an_event_for_an_unknown_intent_is_recorded_as_such(client, stripe_api, django_capture_on_commit_callbacks):
    event = stripe_event("payment_intent.succeeded", {"id": "pi_not_ours", "amount": 100, "currency": "cny"})

    stored = deliver(client, event, django_capture_on_commit_callbacks)

    assert stored.error.startswith("UNKNOWN_PAYMENT")


def test_payment_failed_marks_the_payment_failed_with_the_reason(
    client, stripe_api, payment, django_capture_on_commit_callbacks
):
    event = stripe_api.fail(payment.intent_id, message="Your card has insufficient funds.")

    stored = deliver(client, event, django_capture_on_commit_callbacks)

    assert stored.error == ""
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert payment.failure_message == "Your card has insufficient funds."
    payment.order.refresh_from_db()
    assert payment.order.status == OrderStatus.UNPAID


def test_a_success_after_a_failure_still_pays_the_order(
    client, stripe_api, payment, django_capture_on_commit_callbacks
):
    deliver(client, stripe_api.fail(payment.intent_id), django_capture_on_commit_callbacks)
    deliver(client, stripe_api.succeed(payment.intent_id), django_capture_on_commit_callbacks)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.failure_message == ""
    payment.order.refresh_from_db()
    assert payment.order.status == OrderStatus.PAID


def test_a_late_failure_after_success_changes_nothing(client, stripe_api, payment, django_capture_on_commit_callbacks):
    failed = stripe_api.fail(payment.intent_id)
    deliver(client, stripe_api.succeed(payment.intent_id), django_capture_on_commit_callbacks)
    deliver(client, failed, django_capture_on_commit_callbacks)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    payment.order.refresh_from_db()
    assert payment.order.status == OrderStatus.PAID


def test_two_distinct_success_events_for_one_intent_make_one_transition(
    client, stripe_api, payment, django_capture_on_commit_callbacks
):
    deliver(client, stripe_api.succeed(payment.intent_id), django_capture_on_commit_callbacks)
    deliver(client, stripe_api.succeed(payment.intent_id), django_capture_on_commit_callbacks)

    assert PaymentEvent.objects.count() == 2
    assert payment.order.events.filter(type="status_changed", data__to="paid").count() == 1


def test_processing_an_event_twice_changes_nothing_the_second_time(
    client, stripe_api, payment, django_capture_on_commit_callbacks
):
    stored = deliver(client, stripe_api.succeed(payment.intent_id), django_capture_on_commit_callbacks)
    processed_at = stored.processed_at
    payment.refresh_from_db()
    succeeded_at = payment.succeeded_at

    again = payment_event_process(payment_event_id=stored.pk)

    assert again.processed_at == processed_at
    payment.refresh_from_db()
    assert payment.succeeded_at == succeeded_at
    assert payment.order.events.filter(type="status_changed").count() == 1


def test_charge_refunded_records_the_cumulative_refunded_amount(
    client, stripe_api, payment, django_capture_on_commit_callbacks
):
    deliver(client, stripe_api.succeed(payment.intent_id), django_capture_on_commit_callbacks)
    stripe_api.refunds["re_1"] = {"id": "re_1", "amount": 1000, "payment_intent": payment.intent_id}
    partial = stripe_api.charge_refunded_event(payment.intent_id)
    stripe_api.refunds["re_2"] = {
        "id": "re_2",
        "amount": payment.amount_minor - 1000,
        "payment_intent": payment.intent_id,
    }
    full = stripe_api.charge_refunded_event(payment.intent_id)

    deliver(client, partial, django_capture_on_commit_callbacks)
    payment.refresh_from_db()
    assert (payment.refunded_minor, payment.status) == (1000, PaymentStatus.PARTIALLY_REFUNDED)

    deliver(client, full, django_capture_on_commit_callbacks)
    deliver(client, {**partial, "id": "evt_late_copy"}, django_capture_on_commit_callbacks)  # older total, late
    payment.refresh_from_db()
    assert (payment.refunded_minor, payment.status) == (payment.amount_minor, PaymentStatus.REFUNDED)


def test_charge_refunded_beyond_the_payment_is_refused(client, stripe_api, payment, django_capture_on_commit_callbacks):
    deliver(client, stripe_api.succeed(payment.intent_id), django_capture_on_commit_callbacks)
    event = stripe_api.charge_refunded_event(payment.intent_id)
    event["data"]["object"]["amount_refunded"] = payment.amount_minor + 1

    stored = deliver(client, event, django_capture_on_commit_callbacks)

    assert stored.error.startswith("AMOUNT_MISMATCH")
    payment.refresh_from_db()
    assert (payment.refunded_minor, payment.status) == (0, PaymentStatus.SUCCEEDED)


def test_an_unhandled_event_type_is_stored_and_ignored(client, stripe_api, payment, django_capture_on_commit_callbacks):
    event = stripe_event("customer.created", {"id": "cus_1", "object": "customer"})

    stored = deliver(client, event, django_capture_on_commit_callbacks)

    assert (stored.error, stored.processed_at is not None) == ("", True)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_a_malformed_event_object_is_recorded_not_crashed(client, stripe_api, django_capture_on_commit_callbacks):
    event = stripe_event("payment_intent.succeeded", {})
    event["data"] = "nonsense"

    stored = deliver(client, event, django_capture_on_commit_callbacks)

    assert stored.error.startswith("INVALID")


def test_a_success_for_an_order_that_can_no_longer_be_paid_books_the_money_to_go_back(
    client, stripe_api, payment, django_capture_on_commit_callbacks
):
    order = payment.order
    order.status = OrderStatus.CANCELLED
    order.save(update_fields=["status"])

    stored = deliver(client, stripe_api.succeed(payment.intent_id), django_capture_on_commit_callbacks)

    assert stored.error.startswith("LATE_PAYMENT_REFUNDED: INVALID_TRANSITION")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED  # collected; the refund task sends it back
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    [refund] = order.refunds.all()
    assert (refund.kind, refund.amount) == ("late_payment", order.total_amount)
    assert refund.payment_reference == payment.intent_id


def test_an_intent_naming_another_order_is_refused(client, stripe_api, payment, django_capture_on_commit_callbacks):
    event = stripe_api.succeed(payment.intent_id)
    event["data"]["object"]["metadata"] = {"order_number": "BCSOMEONEELSE"}

    stored = deliver(client, event, django_capture_on_commit_callbacks)

    assert stored.error.startswith("AMOUNT_MISMATCH")
    payment.order.refresh_from_db()
    assert payment.order.status == OrderStatus.UNPAID


def test_the_sweep_requeues_only_events_left_unprocessed(
    client, stripe_api, payment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, stripe_api.succeed(payment.intent_id))
    # The worker took the message and gave up: dispatched, never processed.
    OutboxMessage.objects.update(sent_at=timezone.now())
    fresh = stripe_event("customer.created", {"id": "cus_1"})
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, fresh)
    PaymentEvent.objects.exclude(event_id=fresh["id"]).update(received_at=timezone.now() - timedelta(minutes=11))

    with django_capture_on_commit_callbacks(execute=True):
        assert payment_event_requeue_unprocessed() == 1
        outbox_run(task_name=PROCESS_TASK)

    payment.order.refresh_from_db()
    assert payment.order.status == OrderStatus.PAID
    with django_capture_on_commit_callbacks(execute=True):
        assert payment_event_requeue_unprocessed() == 0


def test_the_order_is_paid_when_stripe_collected_not_when_the_webhook_was_processed(
    client, stripe_api, django_capture_on_commit_callbacks
):
    """A payment at 23:59 on the last day of a month, processed after midnight, belongs to that month."""
    shanghai = ZoneInfo("Asia/Shanghai")
    month_start = timezone.localtime(timezone.now(), shanghai).replace(day=1, hour=0, minute=0, second=0)
    collected = month_start - timedelta(seconds=30)  # 23:59:30 on the last day of last month
    order = OrderFactory(created_at=collected - timedelta(minutes=5))
    payment = payment_create_for_order(order=order)
    event = dict(stripe_api.succeed(payment.intent_id), created=int(collected.timestamp()))

    deliver(client, event, django_capture_on_commit_callbacks)

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.paid_at == collected.replace(microsecond=0)
    assert period_of(order.paid_at) == (month_start - timedelta(days=1)).date().replace(day=1)


@pytest.mark.parametrize("shift", [timedelta(days=3), -timedelta(days=400)], ids=["future", "before-the-order"])
def test_an_implausible_gateway_time_is_kept_within_the_orders_life(
    client, stripe_api, django_capture_on_commit_callbacks, shift
):
    order = OrderFactory(created_at=timezone.now() - timedelta(hours=1))
    payment = payment_create_for_order(order=order)
    event = dict(stripe_api.succeed(payment.intent_id), created=int((timezone.now() + shift).timestamp()))
    before = timezone.now()

    deliver(client, event, django_capture_on_commit_callbacks)

    order.refresh_from_db()
    assert order.created_at <= order.paid_at <= timezone.now()
    if shift > timedelta(0):
        assert order.paid_at >= before
    else:
        assert order.paid_at == order.created_at
