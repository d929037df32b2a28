from __future__ import annotations

import graphene
from graphene import relay

from shop.checkout.errors import CheckoutErrorCode
from shop.checkout.graphql.dataloaders import CheckoutLinesLoader
from shop.checkout.selectors import checkout_total
from shop.core.graphql.errors import graphql_enum
from shop.core.graphql.types import Money
from shop.core.money import Money as MoneyValue
from shop.orders.graphql.types import Address
from shop.payments.selectors import payment_pay_url


class CheckoutError(graphene.ObjectType):
    field = graphene.String(description="The input field at fault, in camelCase; null for the whole input.")
    code = graphene.Field(graphql_enum(CheckoutErrorCode), required=True)
    message = graphene.String(required=True)
    line_id = graphene.ID(description="The checkout line at fault, when the error is about one line.")
    variant_id = graphene.ID(description="The variant at fault, when the error is about one variant.")

    class Meta:
        description = "An expected failure of a checkout mutation (CheckoutErrorCode)."


class CheckoutLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    variant_id = graphene.ID(description="Null when the variant is no longer sold.")
    sku = graphene.String(required=True)
    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    quantity = graphene.Int(required=True)
    unit_price = graphene.Field(Money, required=True, description="VAT included; the price the shopper was shown.")
    total_price = graphene.Field(Money, required=True)
    quantity_available = graphene.Int(required=True)

    @staticmethod
    def resolve_id(root, info):
        return graphene.Node.to_global_id("CheckoutLine", root.pk)

    @staticmethod
    def resolve_variant_id(root, info):
        return graphene.Node.to_global_id("ProductVariant", root.variant_id) if root.variant_id else None

    @staticmethod
    def resolve_product_name(root, info):
        return root.variant.product.name if root.variant else root.sku

    @staticmethod
    def resolve_variant_name(root, info):
        return root.variant.name if root.variant else ""

    @staticmethod
    def resolve_unit_price(root, info):
        return MoneyValue(root.unit_price_amount, root.checkout.currency)

    @staticmethod
    def resolve_total_price(root, info):
        return MoneyValue(root.unit_price_amount, root.checkout.currency) * root.quantity

    @staticmethod
    def resolve_quantity_available(root, info):
        stock = getattr(root.variant, "stock", None) if root.variant else None
        return stock.quantity_available if stock else 0


class Checkout(graphene.ObjectType):
    token = graphene.UUID(required=True, description="The secret that addresses this checkout.")
    email = graphene.String()
    lines = graphene.List(graphene.NonNull(CheckoutLine), required=True)
    quantity = graphene.Int(required=True)
    total_price = graphene.Field(Money, required=True, description="VAT included; shipping is free.")
    shipping_address = graphene.Field(Address)

    class Meta:
        interfaces = (relay.Node,)

    @staticmethod
    def resolve_lines(root, info):
        return CheckoutLinesLoader.for_request(info).load(root)

    @staticmethod
    def resolve_quantity(root, info):
        return sum(line.quantity for line in CheckoutLinesLoader.for_request(info).load(root))

    @staticmethod
    def resolve_total_price(root, info):
        return checkout_total(checkout=root, lines=CheckoutLinesLoader.for_request(info).load(root))

    @staticmethod
    def resolve_shipping_address(root, info):
        return Address.from_prefixed(root) if root.ship_full_name else None


class Payment(graphene.ObjectType):
    gateway = graphene.String(required=True, description="stripe or dummy.")
    status = graphene.String(required=True)
    client_secret = graphene.String(description="For Stripe's Payment Element; null for other gateways.")
    pay_url = graphene.String(description="The shop's page where the shopper pays this payment.")
    amount = graphene.Field(Money, required=True)

    class Meta:
        description = "A payment asked of the gateway for an order."

    @staticmethod
    def resolve_client_secret(root, info):
        return root.client_secret or None

    @staticmethod
    def resolve_pay_url(root, info):
        return payment_pay_url(payment=root)

    @staticmethod
    def resolve_amount(root, info):
        return MoneyValue.from_minor(root.amount_minor, root.currency)
