"""The payments admin shows amounts in yuan with their currency, never as minor units."""

from __future__ import annotations

import pytest

from shop.accounts.roles import Role
from shop.payments.models import Payment, PaymentStatus
from tests.factories import UserFactory
from tests.shop.payments.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/payments/payment/", "/admin/payments/payment/{pk}/change/"])
def test_payment_amounts_are_in_yuan(client, url):
    payment = Payment.objects.create(
        order=OrderFactory(),
        gateway="dummy",
        amount_minor=25_600,
        refunded_minor=12_800,
        status=PaymentStatus.SUCCEEDED,
        idempotency_key="admin-amounts",
    )
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    page = client.get(url.format(pk=payment.pk)).content.decode()
    assert "256.00 CNY" in page and "128.00 CNY" in page
    assert "25600" not in page and "12800" not in page and "minor" not in page.lower()
