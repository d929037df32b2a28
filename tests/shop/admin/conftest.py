"""Fixtures of the admin tests: a superuser, and one row of every model this suite owns."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from shop.accounts.models import AccessToken
from shop.catalog.models import StockMovement
from shop.catalog.services import product_image_add
from shop.collection.models import MuseumStaff
from shop.collection.services import relic_image_add
from shop.core.models import OutboxMessage
from shop.orders.models import (
    Allocation,
    Fulfillment,
    FulfillmentLine,
    Order,
    OrderEvent,
    OrderLine,
    Refund,
    RefundLine,
    ReturnLine,
    ReturnRequest,
)
from shop.payments.models import Payment, PaymentEvent
from tests.factories import (
    LicenceFactory,
    MuseumFactory,
    RelicFactory,
    UserFactory,
    VariantFactory,
)
from tests.shop.admin.helpers import jpeg_upload


@pytest.fixture
def superuser():
    return UserFactory(email="root@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def one_of_everything():
    """A row of every model the owned admins show."""
    museum = MuseumFactory(name_en="Sichuan Museum", name_zh="四川博物院")
    staff_user = UserFactory()
    MuseumStaff.objects.create(user=staff_user, museum=museum)
    AccessToken.objects.create(
        user=staff_user, key_hash="0" * 64, expires_at=timezone.now() + timezone.timedelta(days=1)
    )
    relic = RelicFactory(museum=museum)
    relic_image_add(relic=relic, image_file=jpeg_upload(), alt_en="Vessel", credit_line="Sichuan Museum")
    variant = VariantFactory(product__design__usages=[(LicenceFactory(relic=relic), 10_000)])
    product = variant.product
    product_image_add(product=product, image_file=jpeg_upload(), alt_en="Mug")
    order = Order.objects.create(
        number="BC-0001",
        email="shopper@example.com",
        subtotal_amount=Decimal("128.00"),
        vat_amount=Decimal("14.73"),
        total_amount=Decimal("128.00"),
    )
    line = OrderLine.objects.create(
        order=order,
        variant=variant,
        product_name_en=product.name_en,
        product_name_zh=product.name_zh,
        sku=variant.sku,
        quantity=1,
        unit_price_amount=Decimal("128.00"),
        total_amount=Decimal("128.00"),
        vat_rate_bp=1300,
        design_id_snapshot=product.design_id,
    )
    Allocation.objects.create(order_line=line, stock=variant.stock, quantity=1)
    OrderEvent.objects.create(order=order, type="placed", message="Order placed")
    refund = Refund.objects.create(order=order, amount=Decimal("128.00"), idempotency_key="refund-1")
    RefundLine.objects.create(refund=refund, order_line=line, quantity=1, amount=Decimal("128.00"))
    parcel = Fulfillment.objects.create(order=order, carrier="sf", tracking_number="SF1234567890123")
    FulfillmentLine.objects.create(fulfillment=parcel, order_line=line, quantity=1)
    returned = ReturnRequest.objects.create(order=order, reason="Too small", refund=refund)
    ReturnLine.objects.create(return_request=returned, order_line=line, quantity=1, quantity_received=1)
    StockMovement.objects.create(stock=variant.stock, delta=1, quantity_after=1, reason="restock")
    Payment.objects.create(
        order=order, gateway="dummy", amount_minor=12800, idempotency_key="pay-1", client_secret="cs_secret_value"
    )
    PaymentEvent.objects.create(event_id="evt_1", gateway="stripe", type="payment_intent.succeeded", payload={"a": 1})
    OutboxMessage.objects.create(
        event="order.paid", key="order.paid:order_id=0", task_name="worker.tasks.orders.order_email_task", kwargs={}
    )
