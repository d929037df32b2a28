"""POST /webhooks/stripe/: verified with the signing secret, stored once, processed by a task."""

from __future__ import annotations

import json
import time

import pytest

from shop.core.models import OutboxMessage
from shop.orders.models import OrderStatus
from shop.payments.models import PaymentEvent, PaymentStatus
from shop.payments.services import payment_create_for_order
from tests.outbox_helpers import outbox_pending, outbox_run
from tests.shop.payments.conftest import WEBHOOK_SECRET, post_event
from tests.stripe_stub import stripe_signature_header

pytestmark = pytest.mark.django_db


@pytest.fixture
def intent_succeeded(stripe_api, unpaid_order):
    payment = payment_create_for_order(order=unpaid_order)
    return payment, stripe_api.succeed(payment.intent_id)


def test_a_signed_event_is_stored_once_and_queued_for_processing(
    client, intent_succeeded, django_capture_on_commit_callbacks
):
    _, event = intent_succeeded

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_event(client, event)

    assert response.status_code == 200
    stored = PaymentEvent.objects.get()
    assert (stored.event_id, stored.type, stored.gateway, stored.payload) == (
        event["id"],
        "payment_intent.succeeded",
        "stripe",
        event,
    )
    assert stored.processed_at is None  # the view only records
    [message] = outbox_pending()
    assert (message.task_name, message.kwargs) == (
        "worker.tasks.payments.payment_event_process_task",
        {"event_id": stored.pk},
    )
    assert len(callbacks) == 1  # the relay nudge


def test_the_processed_event_marks_the_payment_succeeded_and_the_order_paid(
    client, intent_succeeded, django_capture_on_commit_callbacks
):
    payment, event = intent_succeeded
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, event)
        outbox_run(task_name="worker.tasks.payments.payment_event_process_task")

    payment.refresh_from_db()
    payment.order.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.succeeded_at is not None
    assert payment.order.status == OrderStatus.PAID
    event_row = PaymentEvent.objects.get()
    assert event_row.processed_at is not None
    assert event_row.error == ""


def _assert_refused(response):
    assert response.status_code == 400
    assert PaymentEvent.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_missing_signature_is_refused(client, intent_succeeded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _assert_refused(post_event(client, intent_succeeded[1], header=False))
    assert callbacks == []


def test_signature_made_with_another_secret_is_refused(client, intent_succeeded):
    _assert_refused(post_event(client, intent_succeeded[1], secret="whsec_someone_else"))


def test_expired_signature_is_refused(client, intent_succeeded):
    _assert_refused(post_event(client, intent_succeeded[1], timestamp=int(time.time()) - 301))


def test_a_signature_dated_in_the_future_is_refused(client, intent_succeeded):
    """Issue 13, finding 6: an event signed 10 minutes ahead was accepted (the library checks only the past)."""
    _assert_refused(post_event(client, intent_succeeded[1], timestamp=int(time.time()) + 600))


def test_a_little_clock_skew_is_accepted(client, intent_succeeded):
    response = post_event(client, intent_succeeded[1], timestamp=int(time.time()) + 30)

    assert response.status_code == 200


def test_garbage_signature_header_is_refused(client, intent_succeeded):
    _assert_refused(post_event(client, intent_succeeded[1], header="nonsense"))


def test_tampered_body_is_refused(client, intent_succeeded):
    _, event = intent_succeeded
    header = stripe_signature_header(json.dumps(event), secret=WEBHOOK_SECRET)
    event["data"]["object"]["amount_received"] = 1
    _assert_refused(post_event(client, event, header=header))


def test_signed_body_that_is_not_an_event_is_refused(client, stripe_api):
    body = "not json"
    response = client.post(
        "/webhooks/stripe/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature_header(body, secret=WEBHOOK_SECRET),
    )
    _assert_refused(response)


def test_webhook_without_a_configured_secret_refuses_everything(client, intent_succeeded, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    _assert_refused(post_event(client, intent_succeeded[1], secret="whsec_anything"))


def test_webhook_accepts_only_post(client, stripe_api):
    assert client.get("/webhooks/stripe/").status_code == 405


def test_a_replayed_event_is_stored_once_and_applied_once(
    client, intent_succeeded, django_capture_on_commit_callbacks, mailoutbox
):
    payment, event = intent_succeeded

    with django_capture_on_commit_callbacks(execute=True):
        responses = [post_event(client, event) for _ in range(20)]
        outbox_run()
        responses += [post_event(client, event) for _ in range(3)]
        outbox_run()

    assert {r.status_code for r in responses} == {200}
    assert PaymentEvent.objects.count() == 1
    assert OutboxMessage.objects.filter(task_name="worker.tasks.payments.payment_event_process_task").count() == 1
    payment.order.refresh_from_db()
    assert payment.order.status == OrderStatus.PAID
    transitions = payment.order.events.filter(type="status_changed", data__to="paid")
    assert transitions.count() == 1
    paid_emails = [m for m in mailoutbox if "payment received" in m.subject]
    assert len(paid_emails) == 1
