"""GraphQL types of orders: orders, their lines and addresses, refunds, and the orders' error type."""

from __future__ import annotations

import graphene
from graphene import relay

from shop.core.graphql.connections import CountableConnection
from shop.core.graphql.errors import error_type
from shop.core.graphql.types import Money
from shop.core.money import Money as MoneyValue
from shop.orders.errors import OrderErrorCode
from shop.orders.graphql.dataloaders import OrderLinesLoader
from shop.orders.models import OrderStatus as OrderStatusChoices

OrderError = error_type("OrderError", OrderErrorCode)

OrderStatus = graphene.Enum(
    "OrderStatus",
    [(choice.name, choice.value) for choice in OrderStatusChoices],
    description="Where an order is: UNPAID → PAID → FULFILLED; CANCELLED/EXPIRED; (PARTIALLY_)REFUNDED.",
)


class Address(graphene.ObjectType):
    full_name = graphene.String(required=True)
    phone = graphene.String(required=True)
    country_code = graphene.String(required=True)
    province = graphene.String(required=True)
    city = graphene.String(required=True)
    district = graphene.String(required=True)
    street_address = graphene.String(required=True)
    postal_code = graphene.String(required=True)

    class Meta:
        description = "A mainland-China shipping address (province / city / district)."

    @staticmethod
    def from_prefixed(obj) -> Address:
        """From the ``ship_*`` columns of an order or a checkout."""
        return Address(
            full_name=obj.ship_full_name,
            phone=obj.ship_phone,
            country_code=obj.ship_country_code or "CN",
            province=obj.ship_province,
            city=obj.ship_city,
            district=obj.ship_district,
            street_address=obj.ship_street_address,
            postal_code=obj.ship_postal_code,
        )


class OrderLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    quantity_refunded = graphene.Int(required=True)
    unit_price = graphene.Field(Money, required=True, description="VAT included.")
    total_price = graphene.Field(Money, required=True, description="VAT included.")
    vat_rate_bp = graphene.Int(required=True, description="VAT rate in basis points (1300 = 13%).")

    class Meta:
        description = "A line of an order, as it was sold (later catalogue edits do not change it)."

    @staticmethod
    def resolve_id(root, info):
        return graphene.Node.to_global_id("OrderLine", root.pk)

    @staticmethod
    def resolve_product_name(root, info):
        from django.utils.translation import get_language

        return root.product_name_zh if (get_language() or "").startswith("zh") else root.product_name_en

    @staticmethod
    def resolve_unit_price(root, info):
        return MoneyValue(root.unit_price_amount, root.currency)

    @staticmethod
    def resolve_total_price(root, info):
        return MoneyValue(root.total_amount, root.currency)


class Order(graphene.ObjectType):
    number = graphene.String(required=True)
    status = graphene.Field(OrderStatus, required=True)
    status_display = graphene.String(required=True, description="The status in the request's language.")
    email = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    paid_at = graphene.DateTime()
    expires_at = graphene.DateTime(description="When an unpaid order gives its stock back.")
    subtotal = graphene.Field(Money, required=True)
    shipping_price = graphene.Field(Money, required=True)
    vat = graphene.Field(Money, required=True, description="The VAT included in the total.")
    total = graphene.Field(Money, required=True, description="VAT included.")
    lines = graphene.List(graphene.NonNull(OrderLine), required=True)
    shipping_address = graphene.Field(Address)

    class Meta:
        interfaces = (relay.Node,)
        description = "A placed order. Visible to its owner and to order staff (curator, finance)."

    @staticmethod
    def resolve_status(root, info):
        return OrderStatus.get(str(root.status))

    @staticmethod
    def resolve_status_display(root, info):
        return str(root.get_status_display())

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_subtotal(root, info):
        return MoneyValue(root.subtotal_amount, root.currency)

    @staticmethod
    def resolve_shipping_price(root, info):
        return MoneyValue(root.shipping_amount, root.currency)

    @staticmethod
    def resolve_vat(root, info):
        return MoneyValue(root.vat_amount, root.currency)

    @staticmethod
    def resolve_total(root, info):
        return MoneyValue(root.total_amount, root.currency)

    @staticmethod
    def resolve_lines(root, info):
        return OrderLinesLoader.for_request(info).load(root)

    @staticmethod
    def resolve_shipping_address(root, info):
        return Address.from_prefixed(root) if root.ship_full_name else None


class OrderConnection(CountableConnection):
    class Meta:
        node = Order


class Refund(graphene.ObjectType):
    id = graphene.ID(required=True)
    amount = graphene.Field(Money, required=True)
    created = graphene.DateTime(required=True)

    @staticmethod
    def resolve_id(root, info):
        return graphene.Node.to_global_id("Refund", root.pk)

    @staticmethod
    def resolve_amount(root, info):
        return MoneyValue(root.amount, root.currency)

    @staticmethod
    def resolve_created(root, info):
        return root.created_at
