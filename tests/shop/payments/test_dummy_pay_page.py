"""The dummy gateway's pay page: the shopper's choice becomes an event on the same processing path."""

from __future__ import annotations

import uuid

import pytest
from django.utils import translation

from shop.core.models import OutboxMessage
from shop.orders.models import OrderStatus
from shop.payments.models import PaymentEvent, PaymentStatus
from shop.payments.selectors import payment_pay_url
from shop.payments.services import payment_create_for_order
from tests.outbox_helpers import outbox_run

pytestmark = pytest.mark.django_db

PROCESS_TASK = "worker.tasks.payments.payment_event_process_task"


@pytest.fixture
def payment(dummy_gateway, unpaid_order):
    return payment_create_for_order(order=unpaid_order)


def press(client, payment, outcome, capture):
    with capture(execute=True):
        response = client.post(payment_pay_url(payment=payment), {"outcome": outcome})
        outbox_run(task_name=PROCESS_TASK)
    return response


def test_the_pay_page_shows_the_order_and_both_choices(client, payment):
    response = client.get(payment_pay_url(payment=payment))

    assert response.status_code == 200
    page = response.content.decode()
    assert payment.order.number in page
    assert "256.00 CNY" in page
    assert 'value="succeed"' in page
    assert 'value="fail"' in page


def test_the_pay_page_speaks_chinese(client, payment):
    with translation.override("zh-hans"):
        response = client.get(payment_pay_url(payment=payment), HTTP_ACCEPT_LANGUAGE="zh-hans")

    page = response.content.decode()
    assert response.status_code == 200
    assert "应付金额" in page  # "Amount due"
    assert "付款（成功）" in page  # "Pay (succeeds)"


def test_paying_goes_through_an_event_and_marks_the_order_paid(
    client, payment, django_capture_on_commit_callbacks, mailoutbox
):
    response = press(client, payment, "succeed", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    event = PaymentEvent.objects.get()
    assert (event.gateway, event.type, event.error) == ("dummy", "payment_intent.succeeded", "")
    assert event.event_id.startswith("evt_dummy_")
    assert event.processed_at is not None
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    payment.order.refresh_from_db()
    assert payment.order.status == OrderStatus.PAID
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="succeeded"' in page
    assert "Your order is paid." in page
    assert 'value="succeed"' not in page
    assert f'href="/orders/{payment.order.number}/"' in page


def test_failing_marks_the_payment_failed_and_the_shopper_can_try_again(
    client, payment, django_capture_on_commit_callbacks
):
    press(client, payment, "fail", django_capture_on_commit_callbacks)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    payment.order.refresh_from_db()
    assert payment.order.status == OrderStatus.UNPAID
    assert 'value="succeed"' in client.get(payment_pay_url(payment=payment)).content.decode()

    press(client, payment, "succeed", django_capture_on_commit_callbacks)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert PaymentEvent.objects.count() == 2


def test_paying_again_after_success_is_refused_and_records_nothing(client, payment, django_capture_on_commit_callbacks):
    press(client, payment, "succeed", django_capture_on_commit_callbacks)
    messages = OutboxMessage.objects.count()

    response = press(client, payment, "succeed", django_capture_on_commit_callbacks)

    assert response.status_code == 400
    assert PaymentEvent.objects.count() == 1
    assert OutboxMessage.objects.count() == messages
    assert payment.order.events.filter(type="status_changed", data__to="paid").count() == 1


def test_an_unknown_outcome_is_refused(client, payment, django_capture_on_commit_callbacks):
    response = press(client, payment, "maybe", django_capture_on_commit_callbacks)

    assert response.status_code == 400
    assert PaymentEvent.objects.count() == 0


def test_an_order_no_longer_awaiting_payment_cannot_be_paid(client, payment, django_capture_on_commit_callbacks):
    payment.order.status = OrderStatus.EXPIRED
    payment.order.save(update_fields=["status"])

    response = press(client, payment, "succeed", django_capture_on_commit_callbacks)

    assert response.status_code == 400
    assert PaymentEvent.objects.count() == 0
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_an_unknown_token_is_404(client, payment):
    assert client.get(f"/pay/dummy/{uuid.uuid4()}/").status_code == 404
    assert client.post(f"/pay/dummy/{uuid.uuid4()}/", {"outcome": "succeed"}).status_code == 404


def test_a_stripe_payment_has_no_dummy_page(client, stripe_api, unpaid_order):
    stripe_payment = payment_create_for_order(order=unpaid_order)

    response = client.post(f"/pay/dummy/{stripe_payment.token}/", {"outcome": "succeed"})

    assert response.status_code == 404
    assert PaymentEvent.objects.count() == 0


def test_presses_before_the_first_is_processed_record_one_event(client, payment):
    """Issue 13, finding 6: 20 concurrent "pay" posts stored 10 events for one payment (one transition, ten rows)."""
    for _ in range(5):
        client.post(payment_pay_url(payment=payment), {"outcome": "succeed"})

    assert PaymentEvent.objects.count() == 1


@pytest.mark.postgres
def test_twenty_concurrent_presses_store_one_event(require_postgres, transactional_db, dummy_gateway):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection
    from django.test import Client

    from tests.shop.payments.factories import OrderFactory

    payment = payment_create_for_order(order=OrderFactory())
    url = payment_pay_url(payment=payment)

    def press_once(_):
        try:
            return Client().post(url, {"outcome": "succeed"}).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(press_once, range(20)))

    assert set(statuses) <= {302, 400}
    assert PaymentEvent.objects.count() == 1
