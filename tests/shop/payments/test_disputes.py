"""Chargebacks: a lost card dispute (Stripe's ``charge.dispute.closed``) is booked as a refund of what is
left, its royalties reverse through the outbox like any refund, and after the return window they become
negative entries netted against later earnings. A partial loss is refused and listed for finance."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from shop.orders.models import OrderStatus, Refund, RefundKind
from shop.payments.models import PaymentEvent
from shop.payments.services import payment_create_for_order
from shop.royalties.exports import csv_chunks, statement_export_for
from shop.royalties.models import EntryKind, RoyaltyEntry
from shop.royalties.periods import period_current
from shop.royalties.selectors import payee_balance, reconciliation_breaks
from shop.royalties.services import royalty_record_order
from shop.royalties.split import Payee
from tests.factories import MuseumFactory
from tests.outbox_helpers import outbox_pending, outbox_run
from tests.shop.payments.conftest import post_event
from tests.shop.payments.factories import OrderFactory
from tests.shop.royalties.factories import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_and_earning(client, stripe_api, settings):
    """A Stripe-paid order of 2 units whose royalties are recorded and, shipped 40 days ago, available."""
    settings.ROYALTY_RETURN_WINDOW_DAYS = 15
    museum = MuseumFactory()
    order = OrderFactory()
    order.lines.update(royalty_snapshot=snapshot(shares=[(museum, 10_000)]))
    payment = payment_create_for_order(order=order)
    assert post_event(client, stripe_api.succeed(payment.intent_id)).status_code == 200
    outbox_run()  # process the event: the order is paid and its royalties recorded
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    order.fulfilled_at = timezone.now() - datetime.timedelta(days=40)
    order.save(update_fields=["fulfilled_at"])
    payee = Payee("museum", museum.pk)
    assert payee_balance(payee=payee, currency="CNY").available_minor > 0
    return order, payment, payee


def test_a_lost_dispute_charges_back_the_order_and_reverses_its_royalties(client, stripe_api, paid_and_earning):
    order, payment, payee = paid_and_earning
    earned = payee_balance(payee=payee, currency="CNY").available_minor
    event = stripe_api.dispute_closed_event(payment.intent_id)

    assert post_event(client, event).status_code == 200
    outbox_run()

    refund = Refund.objects.get(order=order)
    assert refund.kind == RefundKind.CHARGEBACK
    assert refund.idempotency_key == f"chargeback:{event['data']['object']['id']}"
    assert refund.amount == Decimal("256.00") and refund.lines.get().quantity == 2
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    # The money is already gone: no gateway refund was asked for, and no refund email went out.
    assert stripe_api.calls("POST", "/v1/refunds") == []
    reversal = RoyaltyEntry.objects.get(refund=refund, museum_id=payee.id)
    assert reversal.kind == EntryKind.REFUND and reversal.amount_minor == -earned
    # Available earnings were charged back: the balance nets to zero (later earnings would absorb a debt).
    assert payee_balance(payee=payee, currency="CNY").available_minor == 0
    assert reconciliation_breaks(period=period_current()) == []
    # The museum's statement tells a chargeback from a refund.
    export = statement_export_for(period=period_current(), payee=payee)
    statement = b"".join(csv_chunks(export)).decode("utf-8-sig")
    assert "Chargeback 拒付冲回" in statement and "Reversal 退款冲回" not in statement


def test_the_same_dispute_delivered_twice_is_booked_once(client, stripe_api, paid_and_earning):
    _, payment, _ = paid_and_earning
    event = stripe_api.dispute_closed_event(payment.intent_id)
    post_event(client, event)
    outbox_run()
    again = dict(event, id=event["id"] + "_redelivered")  # a new event id for the same dispute
    post_event(client, again)
    outbox_run()
    assert Refund.objects.count() == 1
    # One reversal per payee of the line (museum, platform), not two.
    assert (
        RoyaltyEntry.objects.filter(kind=EntryKind.REFUND).count()
        == RoyaltyEntry.objects.filter(kind=EntryKind.SALE).count()
    )


def test_a_won_dispute_changes_nothing(client, stripe_api, paid_and_earning):
    order, payment, _ = paid_and_earning
    entries = RoyaltyEntry.objects.count()
    post_event(client, stripe_api.dispute_closed_event(payment.intent_id, status="won"))
    outbox_run()
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert not Refund.objects.exists() and RoyaltyEntry.objects.count() == entries


def test_a_partial_loss_is_refused_kept_on_the_event_and_listed_by_reconciliation(client, stripe_api, paid_and_earning):
    order, payment, _ = paid_and_earning
    entries = RoyaltyEntry.objects.count()
    event = stripe_api.dispute_closed_event(payment.intent_id, amount=5000)
    post_event(client, event)
    outbox_run()
    assert not Refund.objects.exists() and RoyaltyEntry.objects.count() == entries
    assert outbox_pending() == []
    assert PaymentEvent.objects.get(event_id=event["id"]).error.startswith("PARTIAL_DISPUTE")
    [unbooked] = reconciliation_breaks(period=period_current())
    assert (unbooked.check, unbooked.order_number, unbooked.reference) == (
        "chargeback_unbooked",
        order.number,
        event["data"]["object"]["id"],
    )


def test_a_dispute_on_an_order_not_recorded_yet_still_nets_to_zero(client, stripe_api, settings):
    """The dispute's reversal task writes the sale entries first when they are missing (task order)."""
    museum = MuseumFactory()
    order = OrderFactory()
    order.lines.update(royalty_snapshot=snapshot(shares=[(museum, 10_000)]))
    payment = payment_create_for_order(order=order)
    post_event(client, stripe_api.succeed(payment.intent_id))
    outbox_run(task_name="worker.tasks.payments.payment_event_process_task")  # paid; royalty task still queued
    post_event(client, stripe_api.dispute_closed_event(payment.intent_id))
    outbox_run(task_name="worker.tasks.payments.payment_event_process_task")
    outbox_run(task_name="worker.tasks.royalties.royalty_record_refund_task")  # the reversal runs first
    outbox_run()
    assert royalty_record_order(order_id=order.pk) == 0
    for payee in (Payee("museum", museum.pk), Payee("platform")):
        assert payee_balance(payee=payee, currency="CNY").total_minor == 0
