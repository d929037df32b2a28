"""Orders as payments meet them: unpaid, with stored totals and one line."""

from __future__ import annotations

from decimal import Decimal

import factory

from shop.orders.models import Order, OrderLine, Refund


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"BCTEST{n:06d}")
    email = factory.Sequence(lambda n: f"shopper{n}@example.com")
    currency = "CNY"
    subtotal_amount = Decimal("256.00")
    vat_amount = Decimal("29.45")
    total_amount = Decimal("256.00")

    @factory.post_generation
    def line(self, create, extracted, **kwargs):
        if create:
            OrderLine.objects.create(
                order=self,
                product_name_en="Bronze tiger scarf",
                product_name_zh="虎纹铜器丝巾",
                variant_name="Standard",
                sku=f"SKU-{self.number}",
                quantity=2,
                unit_price_amount=self.total_amount / 2,
                total_amount=self.total_amount,
                vat_rate_bp=1300,
                design_id_snapshot=1,
            )


class RefundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Refund

    order = factory.SubFactory(OrderFactory)
    amount = Decimal("128.00")
    currency = "CNY"
    idempotency_key = factory.Sequence(lambda n: f"refund:test-{n}")
