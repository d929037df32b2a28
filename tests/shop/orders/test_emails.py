"""Order emails carry absolute links (SITE_URL) and everything the customer needs, in their language, with
whole subjects."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from shop.accounts.services import user_language_set
from shop.orders.services import (
    fulfillment_update_tracking,
    order_email_send,
    order_fulfil,
    shipment_email_send,
)
from tests.factories import UserFactory
from tests.outbox_helpers import outbox_run
from tests.shop.orders.helpers import SF, paid_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://shop.bashu.example"


def test_the_received_email_links_to_paying_and_to_the_order():
    order = paid_order(1)
    order_email_send(order_id=order.pk, kind="placed")
    body = mail.outbox[0].body
    token = f"?token={order.checkout_token}"
    assert "https://shop.bashu.example" + reverse("orders:pay", args=[order.number]) + token in body
    assert "https://shop.bashu.example" + reverse("orders:status", args=[order.number]) + token in body
    assert mail.outbox[0].subject == f"Order {order.number} received"


def test_the_shipped_email_names_carrier_tracking_number_and_link():
    order = paid_order(2)
    parcel = order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
    outbox_run(task_name="worker.tasks.orders.shipment_email_task")
    message = mail.outbox[-1]
    assert message.subject == f"Order {order.number} has shipped"
    assert "SF Express" in message.body and SF in message.body
    assert parcel.tracking_url in message.body
    assert f"https://shop.bashu.example/orders/{order.number}/?token=" in message.body
    assert shipment_email_send(fulfillment_id=parcel.pk) is False  # once


def test_a_tracking_correction_is_emailed_once_and_a_silent_shipment_is_not():
    order = paid_order(1)
    parcel = order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF, notify_customer=False)
    outbox_run(task_name="worker.tasks.orders.shipment_email_task")
    assert mail.outbox == []
    fulfillment_update_tracking(fulfillment=parcel, carrier="yto", tracking_number="YT1234567890123")
    outbox_run(task_name="worker.tasks.orders.shipment_email_task")
    assert [m.subject for m in mail.outbox] == [f"New tracking number for order {order.number}"]
    assert "YT1234567890123" in mail.outbox[0].body and "YTO Express" in mail.outbox[0].body


def test_a_signed_in_customer_is_written_to_in_the_language_they_last_used():
    customer = UserFactory()
    order = paid_order(1, user=customer, language="en")
    user_language_set(user=customer, language="zh-hans")
    order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
    outbox_run(task_name="worker.tasks.orders.shipment_email_task")
    message = mail.outbox[-1]
    assert message.subject == f"订单 {order.number} 已发货"
    assert "顺丰速运" in message.body and "查看物流" in message.body


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_subjects_are_whole_single_lines(language):
    order = paid_order(1, language=language)
    parcel = order_fulfil(order=order, lines=None, carrier="sf", tracking_number=SF)
    for kind in ("placed", "paid"):
        order_email_send(order_id=order.pk, kind=kind)
    shipment_email_send(fulfillment_id=parcel.pk)
    for message in mail.outbox:
        assert "\n" not in message.subject and order.number in message.subject
        assert not message.subject.endswith(("…", "...", ":"))
