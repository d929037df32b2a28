"""GraphQL types of orders: orders, their lines and addresses, refunds, and the orders' error type."""

from __future__ import annotations

import graphene
from graphene import relay

from shop.core.graphql.connections import CountableConnection
from shop.core.graphql.errors import error_type
from shop.core.graphql.types import Money
from shop.core.money import Money as MoneyValue
from shop.orders.errors import OrderErrorCode
from shop.orders.graphql.dataloaders import (
    OrderEventsLoader,
    OrderFulfillmentsLoader,
    OrderLinesLoader,
    OrderRefundsLoader,
    OrderReturnsLoader,
)
from shop.orders.models import INTERNAL_EVENT_TYPES, OrderEventType
from shop.orders.models import OrderStatus as OrderStatusChoices
from shop.orders.models import ReturnStatus as ReturnStatusChoices
from shop.orders.selectors import user_is_order_staff
from shop.orders.timeline import order_event_text

OrderError = error_type("OrderError", OrderErrorCode)

OrderStatus = graphene.Enum(
    "OrderStatus",
    [(choice.name, choice.value) for choice in OrderStatusChoices],
    description=(
        "Where an order is: UNPAID → PAID → (PARTIALLY_)FULFILLED → DELIVERED → RETURNED; PARTIALLY_REFUNDED "
        "(paid, some units refunded before shipping); REFUNDED; CANCELLED/EXPIRED (never paid)."
    ),
)
ReturnStatus = graphene.Enum(
    "ReturnStatus",
    [(choice.name, choice.value) for choice in ReturnStatusChoices],
    description="REQUESTED → APPROVED → RECEIVED (refunded), or REJECTED.",
)
OrderEventTypeEnum = graphene.Enum(
    "OrderEventType", [(choice.name, choice.value) for choice in OrderEventType], description="What happened."
)


def _line_id(pk: int) -> str:
    return graphene.Node.to_global_id("OrderLine", pk)


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
    quantity_fulfilled = graphene.Int(required=True, description="Units shipped.")
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
    fulfilled_at = graphene.DateTime(description="When nothing was left to ship.")
    delivered_at = graphene.DateTime(description="When the last parcel arrived; the return window counts from here.")
    fulfillments = graphene.List(graphene.NonNull(lambda: Fulfillment), required=True, description="Its parcels.")
    returns = graphene.List(graphene.NonNull(lambda: ReturnRequest), required=True)
    refunds = graphene.List(graphene.NonNull(lambda: Refund), required=True)
    events = graphene.List(
        graphene.NonNull(lambda: OrderEvent),
        required=True,
        description="The timeline, oldest first; its owner does not see staff notes and bookkeeping.",
    )

    class Meta:
        interfaces = (relay.Node,)
        description = "A placed order. Visible to its owner and to order staff (curator, finance, operations)."

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

    @staticmethod
    def resolve_fulfillments(root, info):
        return OrderFulfillmentsLoader.for_request(info).load(root)

    @staticmethod
    def resolve_returns(root, info):
        return OrderReturnsLoader.for_request(info).load(root)

    @staticmethod
    def resolve_refunds(root, info):
        return OrderRefundsLoader.for_request(info).load(root)

    @staticmethod
    def resolve_events(root, info):
        events = OrderEventsLoader.for_request(info).load(root)
        if user_is_order_staff(info.context.user):
            return events
        return [event for event in events if event.type not in INTERNAL_EVENT_TYPES]


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


class FulfillmentLine(graphene.ObjectType):
    line_id = graphene.ID(required=True, description="The `OrderLine` id.")
    quantity = graphene.Int(required=True)

    @staticmethod
    def resolve_line_id(root, info):
        return _line_id(root.order_line_id)


class Fulfillment(graphene.ObjectType):
    id = graphene.ID(required=True)
    carrier = graphene.String(required=True, description="Carrier code: sf, ems, jd, zto, yto, sto, yunda.")
    carrier_name = graphene.String(required=True, description="In the request's language.")
    tracking_number = graphene.String(required=True)
    tracking_url = graphene.String(required=True, description="The carrier's public tracking page.")
    shipped_at = graphene.DateTime(required=True)
    delivered_at = graphene.DateTime()
    lines = graphene.List(graphene.NonNull(FulfillmentLine), required=True)

    class Meta:
        description = "A parcel: units of some lines, handed to a carrier."

    @staticmethod
    def resolve_id(root, info):
        return graphene.Node.to_global_id("Fulfillment", root.pk)

    @staticmethod
    def resolve_carrier_name(root, info):
        return str(root.carrier_name)

    @staticmethod
    def resolve_lines(root, info):
        return root.lines.all()


class ReturnLine(graphene.ObjectType):
    line_id = graphene.ID(required=True, description="The `OrderLine` id.")
    quantity = graphene.Int(required=True, description="Units asked to return.")
    quantity_received = graphene.Int(required=True)
    restocked = graphene.Boolean(required=True)

    @staticmethod
    def resolve_line_id(root, info):
        return _line_id(root.order_line_id)


class ReturnRequest(graphene.ObjectType):
    id = graphene.ID(required=True)
    status = graphene.Field(ReturnStatus, required=True)
    reason = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    decided_at = graphene.DateTime()
    decision_comment = graphene.String(required=True)
    received_at = graphene.DateTime()
    lines = graphene.List(graphene.NonNull(ReturnLine), required=True)
    refund = graphene.Field(lambda: Refund, description="The refund made when the parcel came back.")

    class Meta:
        description = "A request to return delivered units, and what became of it."

    @staticmethod
    def resolve_id(root, info):
        return graphene.Node.to_global_id("ReturnRequest", root.pk)

    @staticmethod
    def resolve_status(root, info):
        return ReturnStatus.get(str(root.status))

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_lines(root, info):
        return root.lines.all()


class OrderEvent(graphene.ObjectType):
    type = graphene.Field(OrderEventTypeEnum, required=True)
    created = graphene.DateTime(required=True)
    text = graphene.String(required=True, description="What happened, in the request's language.")

    @staticmethod
    def resolve_type(root, info):
        return OrderEventTypeEnum.get(str(root.type))

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_text(root, info):
        return order_event_text(root)
